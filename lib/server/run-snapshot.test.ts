// runSnapshot against a real SQLite store: each connection type reaches its collector (the real
// file collectors on the project's fixtures; fakes for a live cluster and live RAM), failures are
// recorded as failed with the reason, and the last good snapshot stays.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import type { CollectResult, JsonObject, Source, SourceKind } from '../core/snapshot/types';
import { openStore, type Store } from '../store';
import { collected, role } from '../store/__tests__/objects';
import { sqliteTestDatabase, type TestDatabase } from '../store/__tests__/test-databases';
import { describeConnection, isRunnable, runSnapshot, type Collectors } from './run-snapshot';
import type { SourceCredentials } from './source-credentials';

let db: TestDatabase;
let store: Store;
before(async () => {
  db = sqliteTestDatabase();
  store = await openStore({ databaseUrl: db.url });
});
after(async () => {
  await store.close();
  await db.drop();
});

let counter = 0;
function source(kind: SourceKind, connection: JsonObject): Promise<Source> {
  return store.ensureSource({ name: `s${++counter}`, kind, connection });
}

const okResult: CollectResult = { ok: true, snapshot: collected([role('ns', 'r')]) };
const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\n';

test('a files source is collected from its paths and recorded complete', async () => {
  const s = await source('cluster', { type: 'files', paths: ['fixtures/k8s-bootstrap/cluster-roles.yaml'] });
  const summary = await runSnapshot(store, s, { trigger: 'manual' });
  assert.equal(summary.status, 'complete');
  assert.match(summary.origin, /^manual: .*fixtures\/k8s-bootstrap\/cluster-roles\.yaml$/);
  assert.ok((summary.counts.ClusterRole ?? 0) > 10);
});

test('RAM export and AWS authorization-details sources use the cloud file collectors', async () => {
  const ram = await runSnapshot(store, await source('cloud-account', { type: 'ram-files', paths: ['fixtures/ram-account/example.json'] }));
  assert.equal(ram.status, 'complete', ram.error ?? '');
  assert.ok((ram.counts.CloudPolicy ?? 0) > 0);
  const aws = await runSnapshot(
    store,
    await source('cloud-account', { type: 'aws-files', paths: ['fixtures/aws/authorization-details/page-1.json', 'fixtures/aws/authorization-details/page-2.json'] }),
  );
  assert.equal(aws.status, 'complete', aws.error ?? '');
  assert.ok((aws.counts.CloudRole ?? 0) > 0);
});

test('a failure is recorded as failed with its reason and the last good snapshot stays', async () => {
  const s = await source('cluster', { type: 'files', paths: ['fixtures/k8s-bootstrap/cluster-roles.yaml'] });
  const good = await runSnapshot(store, s);
  const moved = { ...s, connection: { type: 'files', paths: ['fixtures/no-such-file.yaml'] } };
  const failed = await runSnapshot(store, moved);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error ?? '', /^bad-input: .*no-such-file\.yaml/);
  assert.equal((await store.latestUsableSnapshot(s.id))?.id, good.id);
  const thrown = await runSnapshot(store, s, { collectors: { files: () => Promise.reject(new Error('disk on fire')) } });
  assert.equal(thrown.error, 'collection failed: disk on fire');
});

test('an uploaded kubeconfig is handed to the collector as a private file that is gone afterwards', async () => {
  const s = await source('cluster', { type: 'uploaded-kubeconfig', context: 'prod' });
  let seen: { path: string; mode: number; text: string; context?: string } | null = null;
  const collectors: Partial<Collectors> = {
    cluster: (opts) => {
      const path = opts.kubeconfigPath ?? '';
      seen = { path, mode: statSync(path).mode & 0o777, text: readFileSync(path, 'utf8'), context: opts.context };
      return Promise.resolve(okResult);
    },
  };
  const readCredentials = (_: Store, id: number): Promise<SourceCredentials | null> =>
    Promise.resolve(id === s.id ? { kind: 'kubeconfig', kubeconfig: KUBECONFIG, context: 'other' } : null);
  const summary = await runSnapshot(store, s, { collectors, readCredentials });
  assert.equal(summary.status, 'complete');
  const file = seen as { path: string; mode: number; text: string; context?: string } | null;
  assert.ok(file);
  assert.equal(file.text, KUBECONFIG);
  assert.equal(file.mode, 0o600);
  assert.equal(file.context, 'prod', "the connection's context wins over the credential's");
  assert.throws(() => statSync(file.path), /ENOENT/);

  const missing = await runSnapshot(store, s, { collectors, readCredentials: () => Promise.resolve(null) });
  assert.equal(missing.error, `bad-config: source ${s.name} has no uploaded kubeconfig stored`);
});

test('live RAM gets the stored AccessKey; other connections are refused as bad-config, naming the source', async () => {
  const ram = await source('cloud-account', { type: 'ram-live' });
  const key: SourceCredentials = { kind: 'ram-access-key', accessKeyId: 'LTAI-test', accessKeySecret: 'not-a-secret' };
  let got: string | null = null;
  const ok = await runSnapshot(store, ram, {
    readCredentials: () => Promise.resolve(key),
    collectors: { ramLive: (c) => ((got = c.accessKeyId), Promise.resolve(okResult)) },
  });
  assert.equal(ok.status, 'complete', ok.error ?? '');
  assert.equal(got, 'LTAI-test');
  assert.equal((await runSnapshot(store, ram, { readCredentials: () => Promise.resolve(null) })).error, `bad-config: source ${ram.name} has no RAM access key stored`);

  const demo = await source('cluster', { demo: true, description: 'demo' });
  assert.match((await runSnapshot(store, demo)).error ?? '', /^bad-config: source s\d+ holds demo data/);
  const mismatch = await source('cluster', { type: 'ram-files', paths: ['x.json'] });
  assert.match((await runSnapshot(store, mismatch)).error ?? '', /is a cluster, but its connection type ram-files is for a cloud-account/);
  const empty = await source('cluster', {});
  assert.match((await runSnapshot(store, empty)).error ?? '', /^bad-config: source s\d+: connection is not usable/);
  assert.deepEqual([demo, mismatch, empty, ram].map(isRunnable), [false, false, false, true]);
});

test('describeConnection says where data comes from, never a credential', async () => {
  const cases: [SourceKind, JsonObject, string][] = [
    ['cluster', { type: 'kubeconfig', path: '/home/a/.kube/config', context: 'prod' }, 'kubeconfig /home/a/.kube/config context prod'],
    ['cluster', { type: 'in-cluster' }, 'in-cluster service account'],
    ['cluster', { type: 'uploaded-kubeconfig' }, 'uploaded kubeconfig'],
    ['cloud-account', { type: 'ram-live', regionId: 'cn-hangzhou' }, 'Alibaba Cloud RAM API (cn-hangzhou)'],
    ['cloud-account', { type: 'aws-files', paths: ['a.json'] }, 'AWS IAM export files: a.json'],
    ['cluster', { demo: true }, 'demo data (no live connection)'],
    ['cluster', { type: 'telepathy' }, 'no usable connection'],
  ];
  for (const [kind, connection, text] of cases) assert.equal(describeConnection(await source(kind, connection)), text);
});
