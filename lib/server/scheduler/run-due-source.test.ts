// The scheduler refuses to run a stored source whose name breaks the source-name rule (a database
// from before the rule may hold `../../victim`), and records why on its schedule (issue 9, defect 6).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Source } from '../../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../store';
import { collected, role } from '../../store/__tests__/objects';
import { SNAPSHOT_BACKOFF } from './backoff';
import { runDueSource, type RunDueContext } from './run-due-source';

process.env.ACCESS_ATLAS_TEST = '1';
const dir = mkdtempSync(join(tmpdir(), 'atlas-run-due-'));
const file = join(dir, 'atlas.db');
const NOW = new Date('2026-03-02T10:00:00Z');
let store: Store;

before(async () => {
  store = await openStore({ databaseUrl: `file:${file}` });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A due source row written without the store's checks, as an old database may hold it. */
async function oldSource(name: string): Promise<Source> {
  const db = new Database(file);
  try {
    db.prepare(
      `INSERT INTO "source" ("name", "kind", "connection", "created_at") VALUES (?, 'cluster', '{"type":"files","paths":["/x.yaml"]}', ?)`,
    ).run(name, NOW.getTime());
  } finally {
    db.close();
  }
  const source = await store.getSource(name);
  assert.ok(source);
  await store.schedules.set(source.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: new Date(NOW.getTime() - 1000) });
  return source;
}

function context(runs: string[]): RunDueContext {
  return {
    store,
    owner: 'test',
    clock: { now: () => NOW },
    leaseMs: 60_000,
    renewEveryMs: 30_000,
    backoff: SNAPSHOT_BACKOFF,
    run: async (s, source) => {
      runs.push(source.name);
      return recordSnapshot(s, source.name, source.kind, { ok: true, snapshot: collected([role('ns', 'r')]) }, 'test');
    },
    notify: () => Promise.resolve(),
    log: () => undefined,
  };
}

test('a stored source named ../../victim is not run; the schedule records the rule and backs off', async () => {
  const source = await oldSource('../../victim');
  const runs: string[] = [];
  const result = await runDueSource(context(runs), (await store.schedules.get(source.id))!, source);
  assert.deepEqual(runs, []);
  assert.equal(result?.outcome, 'error');
  assert.equal(result?.snapshotId, null);
  assert.match(result?.error ?? '', /^source "\.\.\/\.\.\/victim": a source name is 1-63 lowercase letters/);
  const schedule = await store.schedules.get(source.id);
  assert.match(schedule?.lastError ?? '', /add the source again under a valid name/);
  assert.equal(schedule?.consecutiveFailures, 1);
  assert.equal(schedule?.leaseOwner, null);
  assert.ok((schedule?.nextRunAt?.getTime() ?? 0) > NOW.getTime());
  assert.deepEqual(await store.listSnapshots(source.id), []);
});

test('a source with a valid name runs as before', async () => {
  const source = await store.ensureSource({ name: 'fine', kind: 'cluster', connection: { type: 'files', paths: ['/x.yaml'] } });
  await store.schedules.set(source.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: new Date(NOW.getTime() - 1000) });
  const runs: string[] = [];
  const result = await runDueSource(context(runs), (await store.schedules.get(source.id))!, source);
  assert.deepEqual(runs, ['fine']);
  assert.equal(result?.outcome, 'complete');
});
