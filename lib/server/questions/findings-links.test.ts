// A cloud account's findings read its linked clusters' latest usable snapshots: the orphaned ACK
// binding of fixtures/ram-links is found once the cluster is linked, and not evaluated before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectFromFiles } from '../../collect/files';
import { collectFromRamFiles } from '../../collect/ram';
import type { SnapshotSummary } from '../../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../store';
import { loadSnapshotFindings } from './findings';

const LINKS = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'ram-links');
const NOW = new Date('2026-12-01T12:00:00Z');
let dir: string;
let store: Store;
let cloud: SnapshotSummary;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-findings-links-'));
  store = await openStore({ databaseUrl: `file:${join(dir, 'test.db')}` });
  cloud = await recordSnapshot(store, 'ram18', 'cloud-account', () => collectFromRamFiles([join(LINKS, 'account.json')]), 'test');
  const cluster = await recordSnapshot(store, 'ack', 'cluster', () => collectFromFiles([join(LINKS, 'cluster.yaml')]), 'test');
  assert.equal(cluster.status, 'complete', cluster.error ?? '');
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('ram.orphan-ack-binding: not evaluated without a link, found in the linked cluster with one', async () => {
  const unlinked = await loadSnapshotFindings(store, 'cloud-account', cloud, NOW);
  assert.match(unlinked.notEvaluated.find((n) => n.rule === 'ram.orphan-ack-binding')?.reason ?? '', /no ACK cluster is linked/);
  await store.links.set({ clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'c86fdd***' });
  const linked = await loadSnapshotFindings(store, 'cloud-account', cloud, NOW);
  assert.equal(
    linked.notEvaluated.find((n) => n.rule === 'ram.orphan-ack-binding'),
    undefined,
  );
  const orphans = linked.findings.filter((f) => f.rule === 'ram.orphan-ack-binding');
  assert.deepEqual(
    orphans.map((f) => f.object?.namespace),
    ['ack'],
  );
});
