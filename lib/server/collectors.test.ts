// The collector table (collectors.ts) is the one way from a connection to its collector: "Test
// connection" on the sources page reports what the first snapshot of the same input then stores
// (issue 10, part 3), for AWS get-account-authorization-details pages, RAM exports, kubectl dumps
// and a live cluster; and each connection type plans to its collector with its checks.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FakeKubeApi, FAKE_TOKEN } from '../collect/testing/fake-kube-api';
import { buildFixtureCluster } from '../collect/testing/fixture-cluster';
import type { JsonObject, SnapshotSummary } from '../core/snapshot/types';
import { openStore, type Store } from '../store';
import type { CollectorCall, PlanContext, SourceConnection } from './collectors';
import { answerOf } from './http/__tests__/answer-of';
import type { SourceCredentials } from './source-credentials';

const dir = mkdtempSync(join(tmpdir(), 'atlas-collectors-'));
const privateTmp = join(dir, 'tmp');
mkdirSync(privateTmp);
process.env.TMPDIR = privateTmp;
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
delete process.env.ACCESS_ATLAS_SECRET_KEY;
delete process.env.ACCESS_ATLAS_KUBECONFIG_DIR;
delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS;

const AWS_PAGES = ['fixtures/aws/authorization-details/page-1.json', 'fixtures/aws/authorization-details/page-2.json'];
const RAM_EXPORT = ['fixtures/ram-account/example.json'];
const DUMPS = [
  'fixtures/k8s-bootstrap/cluster-roles.yaml',
  'fixtures/k8s-bootstrap/cluster-role-bindings.yaml',
  'fixtures/k8s-bootstrap/namespace-roles.yaml',
  'fixtures/k8s-bootstrap/namespace-role-bindings.yaml',
  // Namespaced objects without a namespace, ServiceAccounts, Deployments the snapshot skips.
  'fixtures/real-world-rbac/argo-cd.yaml',
  'fixtures/real-world-rbac/cert-manager.yaml',
];

function form(fields: Record<string, string>, paths: readonly string[] = []): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  for (const path of paths) f.append('files', new File([readFileSync(path)], basename(path)));
  return f;
}

function countByKind(objects: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

function withoutZeros(counts: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => (e[1] ?? 0) > 0));
}

describe('Test connection reports what the snapshot then stores', () => {
  let store: Store;
  let api: typeof import('./sources/source-api');
  before(async () => {
    store = await openStore({ databaseUrl: `file:${join(dir, 'atlas.db')}` });
    api = await import('./sources/source-api');
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Tests the upload, adds it as a source with its first snapshot, and returns both answers. */
  async function testThenAdd(name: string, mode: string, paths: readonly string[]) {
    const tested = await api.testConnectionAnswer(form({ mode }, paths));
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    const report = tested.body as { kind: string; files: string[]; counts: Record<string, number> };
    assert.equal(report.kind, 'files');
    assert.deepEqual(
      report.files,
      paths.map((p) => basename(p)),
    );
    const added = await api.createSourceAnswer(store, form({ name, mode, snapshot: '1' }, paths));
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const snapshot = added.body.snapshot as SnapshotSummary;
    assert.equal(snapshot.status, 'complete', snapshot.error ?? '');
    return { report, snapshot };
  }

  /** The test's counts equal the stored objects per kind, and the snapshot's counts (which add a 0 for each kind it read and found none of). */
  async function assertSameCounts(report: { counts: Record<string, number> }, snapshot: SnapshotSummary): Promise<void> {
    assert.deepEqual(report.counts, countByKind(await store.readObjects(snapshot.id)));
    assert.deepEqual(report.counts, withoutZeros(snapshot.counts));
  }

  test('AWS get-account-authorization-details pages', async () => {
    const { report, snapshot } = await testThenAdd('aws-pages', 'aws-files', AWS_PAGES);
    await assertSameCounts(report, snapshot);
    assert.deepEqual(Object.keys(report.counts).sort(), ['CloudAccount', 'CloudGroup', 'CloudPolicy', 'CloudRole', 'CloudUser']);
    assert.equal(report.counts.CloudUser, 3, 'Alice, Bob and Charlie');
    assert.equal(report.counts.CloudGroup, 2, 'Admins and Dev');
  });

  test('a RAM export', async () => {
    const { report, snapshot } = await testThenAdd('ram-export', 'ram-files', RAM_EXPORT);
    await assertSameCounts(report, snapshot);
    assert.ok((report.counts.CloudPolicy ?? 0) > 0);
  });

  test('kubectl dumps', async () => {
    const { report, snapshot } = await testThenAdd('kubectl-dumps', 'files', DUMPS);
    await assertSameCounts(report, snapshot);
    assert.ok((report.counts.ClusterRole ?? 0) > 10);
    assert.ok((report.counts.ServiceAccount ?? 0) > 0);
  });

  test('AWS files are read by the AWS collector: what it would refuse is refused by the test too, nothing is stored', async () => {
    for (const [files, error] of [
      [[{ name: 'other.json', text: '{"Something": []}' }], /^files: other\.json: not get-account-authorization-details output/],
      [[{ name: 'page-1.json', text: readFileSync(AWS_PAGES[0] ?? '', 'utf8') }], /^files: page-1\.json: IsTruncated is true/],
    ] as const) {
      const f = new FormData();
      f.set('mode', 'aws-files');
      for (const file of files) f.append('files', new File([file.text], file.name));
      const tested = await answerOf(api.testConnectionAnswer(f));
      assert.equal(tested.status, 422, JSON.stringify(tested.body));
      assert.equal(tested.body.error?.param, 'files');
      assert.match(String(tested.body.error?.message), error);
    }
    assert.deepEqual(
      (await import('node:fs')).readdirSync(privateTmp).filter((n) => n.startsWith('atlas-upload-')),
      [],
      'staged uploads are removed',
    );
  });

  describe('a live cluster', () => {
    let fake: FakeKubeApi;
    before(async () => {
      fake = await FakeKubeApi.start(buildFixtureCluster(), {
        forbidden: ['/apis/rbac.authorization.k8s.io/v1/roles', '/api/v1/pods'],
      });
    });
    after(() => fake.close());
    afterEach(() => delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS);

    test('the kinds the test says cannot be listed are the kinds the snapshot records as missing', async () => {
      process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1';
      const kubeconfig = JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: fake.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: FAKE_TOKEN } }],
        contexts: [{ name: 'prod', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'prod',
      });
      const tested = await api.testConnectionAnswer(form({ mode: 'kubeconfig-upload', kubeconfig }));
      assert.equal(tested.status, 200, JSON.stringify(tested.body));
      const kinds = (tested.body as { kinds: { kind: string; canList: boolean }[] }).kinds;
      const added = await api.createSourceAnswer(store, form({ name: 'live', mode: 'kubeconfig-upload', kubeconfig, snapshot: '1' }));
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const snapshot = added.body.snapshot as SnapshotSummary;
      assert.equal(snapshot.status, 'partial', snapshot.error ?? '');
      assert.deepEqual(
        kinds
          .filter((k) => !k.canList)
          .map((k) => k.kind)
          .sort(),
        snapshot.missingKinds.map((m) => m.kind).sort(),
      );
      assert.deepEqual(
        kinds
          .filter((k) => k.canList)
          .map((k) => k.kind)
          .sort(),
        Object.keys(snapshot.counts).sort(),
      );
      assert.doesNotMatch(JSON.stringify([tested.body, added.body]), new RegExp(FAKE_TOKEN));
    });
  });
});

describe('the table: each connection type plans to its collector', () => {
  let collectors: typeof import('./collectors');
  before(async () => {
    collectors = await import('./collectors');
  });

  const KUBECONFIG = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://203.0.113.10:6443' } }],
    users: [{ name: 'u', user: { token: 'uploaded-token-value' } }],
    contexts: [{ name: 'prod', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'prod',
  });
  const RAM_KEY: SourceCredentials = { kind: 'ram-access-key', accessKeyId: 'LTAI-test', accessKeySecret: 'the-access-key-secret' };

  interface Case {
    name: string;
    connection: SourceConnection;
    runner?: PlanContext['runner'];
    credentials?: SourceCredentials;
    /** The planned call, or the start of the refusal. */
    expected: Partial<CollectorCall> | RegExp;
    secrets?: string[];
  }
  const cases: Case[] = [
    { name: 'kubectl dumps', connection: { type: 'files', paths: ['a.yaml'] }, expected: { collector: 'files', paths: ['a.yaml'] } },
    { name: 'RAM export', connection: { type: 'ram-files', paths: ['r.json'] }, expected: { collector: 'ramFiles', paths: ['r.json'] } },
    { name: 'AWS pages', connection: { type: 'aws-files', paths: ['p.json'] }, expected: { collector: 'awsFiles', paths: ['p.json'] } },
    { name: 'in-cluster', connection: { type: 'in-cluster' }, expected: { collector: 'cluster', target: { inCluster: true } } },
    {
      name: 'live RAM',
      connection: { type: 'ram-live', regionId: 'cn-hangzhou' },
      credentials: RAM_KEY,
      expected: { collector: 'ramLive', credentials: RAM_KEY, regionId: 'cn-hangzhou', ackClusterIds: [] },
      secrets: ['the-access-key-secret'],
    },
    { name: 'live RAM without a key', connection: { type: 'ram-live' }, expected: /^source t has no RAM access key stored$/ },
    {
      name: 'uploaded kubeconfig without one stored',
      connection: { type: 'uploaded-kubeconfig' },
      expected: /^source t has no uploaded kubeconfig stored$/,
    },
    {
      name: "the operator's own kubeconfig, run by the CLI",
      connection: { type: 'kubeconfig', path: '/home/op/.kube/config', context: 'prod' },
      runner: 'operator',
      expected: { collector: 'cluster', target: { kubeconfigPath: '/home/op/.kube/config', context: 'prod' } },
    },
    {
      name: 'a kubeconfig on a server path, asked of the dashboard',
      connection: { type: 'kubeconfig', path: '/home/op/.kube/config' },
      expected: /^source t uses the kubeconfig \/home\/op\/\.kube\/config on the server, which may run programs/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const secrets: string[] = [];
      const plan = await collectors.planCollection(
        { sourceName: 't', runner: c.runner ?? 'dashboard', readCredentials: () => Promise.resolve(c.credentials ?? null), secrets },
        c.connection,
      );
      if (c.expected instanceof RegExp) {
        assert.equal(plan.ok, false);
        if (!plan.ok) assert.match(plan.error.message, c.expected);
      } else {
        assert.ok(plan.ok, JSON.stringify(plan));
        assert.deepEqual(plan.call, c.expected);
      }
      assert.deepEqual(secrets, c.secrets ?? []);
    });
  }

  test('live RAM reads the kubeconfig inventory of the ACK clusters linked to the account (not EKS issuers)', async () => {
    const plan = await collectors.planCollection(
      {
        sourceName: 't',
        runner: 'dashboard',
        readCredentials: () => Promise.resolve(RAM_KEY),
        secrets: [],
        linkedClusterRefs: () => Promise.resolve(['c-b2', 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC', 'c-a1', 'c-b2']),
      },
      { type: 'ram-live' },
    );
    assert.ok(plan.ok && plan.call.collector === 'ramLive', JSON.stringify(plan));
    assert.deepEqual(plan.call.ackClusterIds, ['c-a1', 'c-b2']);
  });

  test('an uploaded kubeconfig is planned as data, its context from the connection first, its server guarded; its token is a secret', async () => {
    const secrets: string[] = [];
    const plan = await collectors.planCollection(
      {
        sourceName: 't',
        runner: 'operator',
        readCredentials: () => Promise.resolve({ kind: 'kubeconfig', kubeconfig: KUBECONFIG, context: 'other' }),
        secrets,
      },
      { type: 'uploaded-kubeconfig', context: 'prod' },
    );
    assert.ok(plan.ok && plan.call.collector === 'cluster', JSON.stringify(plan));
    assert.equal(plan.call.target.kubeconfigData, KUBECONFIG);
    assert.equal(plan.call.target.kubeconfigPath, undefined);
    assert.equal(plan.call.target.context, 'prod');
    assert.ok(plan.call.target.restrictTargets);
    assert.ok(secrets.includes('uploaded-token-value'));
  });

  test('every connection type has its source kind and description', () => {
    const kinds: [SourceConnection, string, string][] = [
      [{ type: 'kubeconfig', path: '/k', asData: true }, 'cluster', 'kubeconfig /k (read as data)'],
      [{ type: 'in-cluster' }, 'cluster', 'in-cluster service account'],
      [{ type: 'files', paths: ['a', 'b'] }, 'cluster', 'files: a, b'],
      [{ type: 'uploaded-kubeconfig', context: 'prod' }, 'cluster', 'uploaded kubeconfig context prod'],
      [{ type: 'ram-live' }, 'cloud-account', 'Alibaba Cloud RAM API'],
      [{ type: 'ram-files', paths: ['r'] }, 'cloud-account', 'RAM export files: r'],
      [{ type: 'aws-files', paths: ['p'] }, 'cloud-account', 'AWS IAM export files: p'],
    ];
    for (const [connection, kind, text] of kinds) {
      assert.equal(collectors.kindOfConnection(connection.type), kind);
      assert.equal(collectors.describeSourceConnection(connection), text);
    }
    const types: JsonObject[] = kinds.map(([c]) => c);
    assert.deepEqual(
      types.map((c) => c.type),
      collectors.sourceConnectionSchema.options.map((o) => o.shape.type.value),
    );
  });
});
