// runSnapshot against a real SQLite store: each connection type reaches its collector (the real
// file collectors on the project's fixtures; fakes for a live cluster and live RAM), failures are
// recorded as failed with the reason, and the last good snapshot stays.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApi, FAKE_TOKEN } from '../collect/testing/fake-kube-api';
import { buildFixtureCluster } from '../collect/testing/fixture-cluster';
import type { CollectResult, JsonObject, Source, SourceKind } from '../core/snapshot/types';
import { openStore, type Store } from '../store';
import { collected, role } from '../store/__tests__/objects';
import { sqliteTestDatabase, type TestDatabase } from '../store/__tests__/test-databases';
import { dashboardRefusal, describeConnection, isRunnable, runSnapshot, type Collectors } from './run-snapshot';
import type { SourceCredentials } from './source-credentials';
import { collectFromRamFiles } from '../collect/ram';

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
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://203.0.113.10:6443'}}]
users: [{name: u, user: {token: uploaded-token-value}}]
contexts: [{name: prod, context: {cluster: c, user: u}}, {name: other, context: {cluster: c, user: u}}]
current-context: other
`;

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
    await source('cloud-account', {
      type: 'aws-files',
      paths: ['fixtures/aws/authorization-details/page-1.json', 'fixtures/aws/authorization-details/page-2.json'],
    }),
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

test('an uploaded kubeconfig is handed to the collector as data, never as a file, with the outbound-address rule', async () => {
  const s = await source('cluster', { type: 'uploaded-kubeconfig', context: 'prod' });
  let seen: Parameters<Collectors['cluster']>[0] | null = null;
  const collectors: Partial<Collectors> = {
    cluster: (opts) => {
      seen = opts;
      return Promise.resolve(okResult);
    },
  };
  const readCredentials = (_: Store, id: number): Promise<SourceCredentials | null> =>
    Promise.resolve(id === s.id ? { kind: 'kubeconfig', kubeconfig: KUBECONFIG, context: 'other' } : null);
  for (const runner of ['dashboard', 'operator'] as const) {
    seen = null;
    const summary = await runSnapshot(store, s, { collectors, readCredentials, runner });
    assert.equal(summary.status, 'complete', summary.error ?? '');
    const opts = seen as Parameters<Collectors['cluster']>[0] | null;
    assert.ok(opts);
    assert.equal(opts.kubeconfigData, KUBECONFIG, runner);
    assert.equal(opts.kubeconfigPath, undefined, `${runner}: no file is written`);
    assert.equal(opts.context, 'prod', "the connection's context wins over the credential's");
    assert.ok(opts.restrictTargets, `${runner}: an uploaded kubeconfig's server is a dashboard user's choice`);
  }

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
  assert.equal(
    (await runSnapshot(store, ram, { readCredentials: () => Promise.resolve(null) })).error,
    `bad-config: source ${ram.name} has no RAM access key stored`,
  );

  const demo = await source('cluster', { demo: true, description: 'demo' });
  assert.match((await runSnapshot(store, demo)).error ?? '', /^bad-config: source s\d+ holds demo data/);
  const mismatch = await source('cluster', { type: 'ram-files', paths: ['x.json'] });
  assert.match((await runSnapshot(store, mismatch)).error ?? '', /is a cluster, but its connection type ram-files is for a cloud-account/);
  const empty = await source('cluster', {});
  assert.match((await runSnapshot(store, empty)).error ?? '', /^bad-config: source s\d+: connection is not usable/);
  assert.deepEqual(
    [demo, mismatch, empty, ram].map((x) => isRunnable(x)),
    [false, false, false, true],
  );
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

void describe('who runs a kubeconfig: the CLI runs its own as kubectl would, the dashboard only as data', () => {
  let api: FakeKubeApi;
  let dir = '';
  const saved = { dir: process.env.ACCESS_ATLAS_KUBECONFIG_DIR, targets: process.env.ACCESS_ATLAS_ALLOWED_TARGETS };
  before(async () => {
    api = await FakeKubeApi.start(buildFixtureCluster());
    dir = await mkdtemp(join(tmpdir(), 'atlas-runner-'));
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const [key, value] of [
      ['ACCESS_ATLAS_KUBECONFIG_DIR', saved.dir],
      ['ACCESS_ATLAS_ALLOWED_TARGETS', saved.targets],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  /** A kubeconfig for the fake server whose user is an exec plugin that leaves a marker and prints the fake token. */
  async function execKubeconfig(folder: string, marker: string): Promise<string> {
    const plugin = join(folder, 'plugin.sh');
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: FAKE_TOKEN },
    });
    await writeFile(plugin, `#!/bin/sh\ntouch '${marker}'\necho 'plugin stderr: uid=0(root)' >&2\nprintf '%s' '${credential}'\n`, {
      mode: 0o755,
    });
    const path = join(folder, 'exec-kubeconfig');
    const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
    await writeFile(
      path,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'f', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user }],
        contexts: [{ name: 'f', context: { cluster: 'f', user: 'u' } }],
        'current-context': 'f',
      }),
    );
    return path;
  }

  test('an exec plugin: the CLI (operator) runs it; the dashboard never does, in or out of ACCESS_ATLAS_KUBECONFIG_DIR', async () => {
    const marker = join(dir, 'plugin-ran');
    const path = await execKubeconfig(dir, marker);
    const s = await source('cluster', { type: 'kubeconfig', path });

    const cli = await runSnapshot(store, s, { runner: 'operator' });
    assert.equal(cli.status, 'complete', cli.error ?? '');
    assert.ok(existsSync(marker), 'the operator runs the plugin of its own kubeconfig');
    await rm(marker);

    delete process.env.ACCESS_ATLAS_KUBECONFIG_DIR;
    assert.equal(isRunnable(s, 'dashboard'), false);
    assert.equal(isRunnable(s, 'operator'), true);
    const outside = await runSnapshot(store, s, { runner: 'dashboard' });
    assert.equal(outside.status, 'failed');
    assert.match(
      outside.error ?? '',
      /snapshotted only by the CLI \(access-atlas snapshot --source s\d+ --kubeconfig PATH, or access-atlas scheduler\)/,
    );
    assert.match(dashboardRefusal(s) ?? '', /ACCESS_ATLAS_KUBECONFIG_DIR/);

    process.env.ACCESS_ATLAS_KUBECONFIG_DIR = dir;
    process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1';
    assert.equal(dashboardRefusal(s), null);
    const inside = await runSnapshot(store, s);
    assert.equal(inside.status, 'failed');
    assert.match(inside.error ?? '', /^bad-config: source s\d+: kubeconfig: users\[0\]\.user\.exec runs a program/);
    assert.doesNotMatch(inside.error ?? '', /uid=/);
    assert.equal(existsSync(marker), false, 'the dashboard never ran the plugin');
  });

  test('a kubeconfig in ACCESS_ATLAS_KUBECONFIG_DIR: run as data, held to the outbound-address rule; a symlink out is refused', async () => {
    const inside = await mkdtemp(join(dir, 'kdir-'));
    const path = await api.writeKubeconfig(inside);
    process.env.ACCESS_ATLAS_KUBECONFIG_DIR = inside;
    const s = await source('cluster', { type: 'kubeconfig', path, asData: true });
    const strict = await runSnapshot(store, s);
    assert.equal(strict.status, 'failed');
    assert.match(strict.error ?? '', /127\.0\.0\.1 is a loopback address.*ACCESS_ATLAS_ALLOWED_TARGETS/);
    process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1';
    const ok = await runSnapshot(store, s);
    assert.equal(ok.status, 'complete', ok.error ?? '');

    const escaping = join(inside, 'escape');
    await symlink(await execKubeconfig(dir, join(dir, 'never')), escaping);
    const linked = await runSnapshot(store, await source('cluster', { type: 'kubeconfig', path: escaping }));
    assert.equal(linked.status, 'failed');
    assert.match(linked.error ?? '', /no readable kubeconfig file at that path inside ACCESS_ATLAS_KUBECONFIG_DIR/);
    assert.equal(existsSync(join(dir, 'never')), false);
  });

  test('a source the dashboard added from the folder is read as data by the CLI too', async () => {
    const marker = join(dir, 'as-data-marker');
    const path = await execKubeconfig(dir, marker);
    const s = await source('cluster', { type: 'kubeconfig', path, asData: true });
    const cli = await runSnapshot(store, s, { runner: 'operator' });
    assert.match(cli.error ?? '', /users\[0\]\.user\.exec runs a program/);
    assert.equal(existsSync(marker), false);
  });

  test('a kubeconfig-path source naming a file in the data directory (an upload) is data even for the CLI', async () => {
    const data = await mkdtemp(join(dir, 'data-'));
    const savedData = process.env.ACCESS_ATLAS_DATA_DIR;
    process.env.ACCESS_ATLAS_DATA_DIR = data;
    try {
      const uploads = join(data, 'uploads', 'both');
      await mkdir(uploads, { recursive: true });
      const marker = join(dir, 'upload-marker');
      const path = await execKubeconfig(uploads, marker);
      const cli = await runSnapshot(store, await source('cluster', { type: 'kubeconfig', path }), { runner: 'operator' });
      assert.match(cli.error ?? '', /users\[0\]\.user\.exec runs a program/);
      assert.equal(existsSync(marker), false);
    } finally {
      if (savedData === undefined) delete process.env.ACCESS_ATLAS_DATA_DIR;
      else process.env.ACCESS_ATLAS_DATA_DIR = savedData;
    }
  });

  test('token files: a trailing newline is trimmed (as client-go does); a token that cannot be a header value fails without showing it', async () => {
    const tokenFile = join(dir, 'token');
    const config = join(dir, 'token-kubeconfig');
    await writeFile(
      config,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'f', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { 'token-file': tokenFile } }],
        contexts: [{ name: 'f', context: { cluster: 'f', user: 'u' } }],
        'current-context': 'f',
      }),
    );
    const s = await source('cluster', { type: 'kubeconfig', path: config });
    await writeFile(tokenFile, `${FAKE_TOKEN}\n`);
    const trimmed = await runSnapshot(store, s, { runner: 'operator' });
    assert.equal(trimmed.status, 'complete', trimmed.error ?? '');
    await writeFile(tokenFile, 'first-half-of-token\nsecond-half-of-token\n');
    const broken = await runSnapshot(store, s, { runner: 'operator' });
    assert.equal(broken.status, 'failed');
    assert.match(broken.error ?? '', /invalid header value/);
    assert.doesNotMatch(broken.error ?? '', /half-of-token/);
    const stored = await store.listSnapshots(s.id);
    assert.doesNotMatch(JSON.stringify(stored), /half-of-token/);
  });
});

test('live RAM reads the kubeconfig inventories of the ACK clusters linked to it; a failed read keeps the last good snapshot', async () => {
  const ram = await source('cloud-account', { type: 'ram-live' });
  const cluster = await source('cluster', { type: 'files', paths: ['fixtures/k8s-bootstrap/cluster-roles.yaml'] });
  await store.links.set({ clusterSource: cluster.name, cloudSource: ram.name, clusterRef: 'c-linked01' });
  const key: SourceCredentials = { kind: 'ram-access-key', accessKeyId: 'LTAI-test', accessKeySecret: 'not-a-secret' };
  let clusters: readonly string[] = [];
  const cloudResult = await collectFromRamFiles(['fixtures/ram-account/example.json']);
  assert.ok(cloudResult.ok);
  const good = await runSnapshot(store, ram, {
    readCredentials: () => Promise.resolve(key),
    collectors: { ramLive: (_c, _region, ids) => ((clusters = ids), Promise.resolve(cloudResult)) },
  });
  assert.equal(good.status, 'complete', good.error ?? '');
  assert.deepEqual(clusters, ['c-linked01']);
  const failed = await runSnapshot(store, ram, {
    readCredentials: () => Promise.resolve(key),
    collectors: {
      ramLive: () =>
        Promise.resolve({
          ok: false,
          error: {
            code: 'server',
            message: 'ListClusterKubeconfigStates (cluster c-linked01) at https://cs.aliyuncs.com: HTTP 503 ServiceUnavailable',
          },
        }),
    },
  });
  assert.equal(failed.status, 'failed');
  assert.match(failed.error ?? '', /^server: ListClusterKubeconfigStates \(cluster c-linked01\)/);
  assert.equal((await store.latestUsableSnapshot(ram.id))?.id, good.id);
});

test('the last line of redaction: Authorization values, JWTs and the source’s own secrets never reach snapshot.error', async () => {
  const ram = await source('cloud-account', { type: 'ram-live' });
  const key: SourceCredentials = { kind: 'ram-access-key', accessKeyId: 'LTAI-test', accessKeySecret: 'the-access-key-secret' };
  const leaky = await runSnapshot(store, ram, {
    readCredentials: () => Promise.resolve(key),
    collectors: {
      ramLive: () =>
        Promise.reject(
          new Error('signature with the-access-key-secret; Authorization: Bearer abc.def; eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'),
        ),
    },
  });
  assert.equal(leaky.status, 'failed');
  assert.equal(leaky.error, 'collection failed: signature with [redacted]; Authorization: Bearer [redacted]; [redacted]');
  const reported = await runSnapshot(store, ram, {
    readCredentials: () => Promise.resolve(key),
    collectors: {
      ramLive: () => Promise.resolve({ ok: false, error: { code: 'unauthorized', message: 'rejected the-access-key-secret' } }),
    },
  });
  assert.equal(reported.error, 'unauthorized: rejected [redacted]');
});
