// The one per-snapshot cache that serves both layers (cachedPerSnapshot): built once per snapshot
// and store dialect, refused for snapshots that hold no data, failures not kept, the oldest
// dropped past its size; and the RBAC index and the cloud account through it on a real SQLite store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectFromFiles } from '../collect/files';
import { collectFromRamFiles } from '../collect/ram';
import type { SnapshotStatus, SnapshotSummary } from '../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../store';
import { loadCloudAccount } from './cloud-account-index';
import { canonicalJson, sha256Hex } from '../core/kube/canonical-json';
import { loadOverview } from './overview';
import { QuestionError } from './questions/errors';
import { cachedPerSnapshot, loadSnapshotIndex, SnapshotUnavailableError } from './snapshot-index';

const LINKS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'ram-links');

let dir: string;
let store: Store;
let cluster: SnapshotSummary;
let cloud: SnapshotSummary;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-snapshot-index-'));
  store = await openStore({ databaseUrl: `file:${join(dir, 'test.db')}` });
  cloud = await recordSnapshot(store, 'ram18', 'cloud-account', () => collectFromRamFiles([join(LINKS, 'account.json')]), 'test');
  assert.equal(cloud.status, 'complete', cloud.error ?? '');
  cluster = await recordSnapshot(store, 'ack', 'cluster', () => collectFromFiles([join(LINKS, 'cluster.yaml')]), 'test');
  assert.equal(cluster.status, 'complete', cluster.error ?? '');
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A recorded snapshot's summary under another id and status (the cache reads only those and the source name). */
function snapshot(id: number, status: SnapshotStatus = 'complete'): SnapshotSummary {
  return { ...cluster, id, status, sourceName: 'demo' };
}

/** A cache over a loader that counts its calls per key and answers `built:KEY`. */
function counted(fail: (id: number, call: number) => boolean = () => false) {
  const calls = new Map<string, number>();
  const cached = cachedPerSnapshot((on: { dialect: string }, s: SnapshotSummary) => {
    const key = `${on.dialect}:${s.id}`;
    const call = (calls.get(key) ?? 0) + 1;
    calls.set(key, call);
    return fail(s.id, call) ? Promise.reject(new Error(`load ${key} failed`)) : Promise.resolve(`built:${key}`);
  });
  return { cached, calls: (dialect: string, id: number) => calls.get(`${dialect}:${id}`) ?? 0 };
}

const sqlite = { dialect: 'sqlite' };
const postgres = { dialect: 'postgresql' };

describe('cachedPerSnapshot', () => {
  test('two stores of one dialect both holding a snapshot 1 never share a model (ids are per database)', () => {
    const { cached } = counted();
    const one = { dialect: 'sqlite' };
    const other = { dialect: 'sqlite' };
    const first = cached(one, snapshot(1));
    assert.notEqual(cached(other, snapshot(1)), first);
    assert.equal(cached(one, snapshot(1)), first);
  });

  test('a snapshot is built once per store and the same promise is handed out again', async () => {
    const { cached, calls } = counted();
    const first = cached(sqlite, snapshot(1));
    assert.equal(cached(sqlite, snapshot(1)), first);
    assert.equal(await first, 'built:sqlite:1');
    assert.equal(await cached(postgres, snapshot(1)), 'built:postgresql:1');
    assert.equal(calls('sqlite', 1), 1);
    assert.equal(calls('postgresql', 1), 1);
  });

  test('a failed or running snapshot is refused by id, source and status, without loading', async () => {
    const { cached, calls } = counted();
    for (const status of ['failed', 'running'] as const) {
      await assert.rejects(cached(sqlite, snapshot(7, status)), (error: unknown) => {
        assert.ok(error instanceof SnapshotUnavailableError);
        assert.equal(error.message, `snapshot 7 of demo is ${status}; it holds no data`);
        return true;
      });
    }
    assert.equal(calls('sqlite', 7), 0);
    assert.equal(await cached(sqlite, snapshot(7, 'partial')), 'built:sqlite:7');
  });

  test('a load that fails is not kept: the next question loads again', async () => {
    const { cached, calls } = counted((_id, call) => call === 1);
    await assert.rejects(cached(sqlite, snapshot(2)), /load sqlite:2 failed/);
    assert.equal(await cached(sqlite, snapshot(2)), 'built:sqlite:2');
    assert.equal(calls('sqlite', 2), 2);
  });

  test('four snapshots are kept; a fifth drops the oldest', async () => {
    const { cached, calls } = counted();
    for (const id of [1, 2, 3, 4, 5]) await cached(sqlite, snapshot(id));
    await cached(sqlite, snapshot(5));
    await cached(sqlite, snapshot(2));
    assert.equal(calls('sqlite', 5), 1);
    assert.equal(calls('sqlite', 2), 1);
    await cached(sqlite, snapshot(1));
    assert.equal(calls('sqlite', 1), 2);
  });
});

describe('the RBAC index and the cloud account through the shared cache', () => {
  test('each is built once and reused', async () => {
    const index = loadSnapshotIndex(store, cluster);
    assert.equal(loadSnapshotIndex(store, cluster), index);
    assert.equal((await index).snapshot.id, cluster.id);
    assert.ok((await index).objects.roleBindings.length + (await index).objects.clusterRoleBindings.length > 0);
    const account = loadCloudAccount(store, cloud);
    assert.equal(loadCloudAccount(store, cloud), account);
    assert.equal((await account).snapshot.id, cloud.id);
  });

  test('both refuse a snapshot that holds no data, by name', async () => {
    await assert.rejects(loadSnapshotIndex(store, { ...cluster, status: 'failed' }), SnapshotUnavailableError);
    await assert.rejects(loadCloudAccount(store, { ...cloud, status: 'running' }), /snapshot \d+ of ram18 is running; it holds no data/);
  });
});

describe('a stored cloud body that does not decode', () => {
  test('is `unavailable` on the snapshot, naming the object and field, for questions and the overview alike', async () => {
    const collected = await collectFromRamFiles([join(LINKS, 'account.json')]);
    assert.ok(collected.ok);
    // A body the collector would never write (as an older version, or a hand edit, might have stored), with its own hash.
    const target = collected.snapshot.objects.find((o) => o.kind === 'CloudUser');
    const objects = collected.snapshot.objects.map((o) => {
      if (o !== target) return o;
      const body = { ...o.body, groups: 'not a list' };
      return { ...o, body, hash: sha256Hex(canonicalJson(body)) };
    });
    const broken = await recordSnapshot(
      store,
      'ram-broken',
      'cloud-account',
      { ok: true, snapshot: { ...collected.snapshot, objects } },
      'test',
    );
    assert.equal(broken.status, 'complete', broken.error ?? '');
    const refusal = {
      code: 'unavailable',
      param: 'snapshot',
      message: `snapshot ${broken.id} of ram-broken cannot be read (malformed CloudUser ${target?.name}: field groups: Invalid input: expected array, received string): take a new snapshot of the account`,
    };
    await assert.rejects(loadCloudAccount(store, broken), (error: unknown) => {
      assert.ok(error instanceof QuestionError);
      assert.deepEqual({ code: error.code, param: error.param, message: error.message }, refusal);
      return true;
    });
    // The overview still shows every source; the broken one says why it has no numbers.
    const overview = await loadOverview(store);
    const row = overview.find((o) => o.source.name === 'ram-broken');
    assert.deepEqual(
      { headlines: row?.headlines, headlinesMissing: row?.headlinesMissing },
      { headlines: null, headlinesMissing: refusal.message },
    );
    assert.ok(overview.find((o) => o.source.name === 'ram18')?.headlines);
  });
});
