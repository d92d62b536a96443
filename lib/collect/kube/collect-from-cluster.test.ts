import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeObject, objectKey } from '../../core/kube/normalize';
import type { CollectedSnapshot, CollectError, CollectResult, JsonObject, StoredObject } from '../../core/snapshot/types';
import { collectFromFiles } from '../files/collect-from-files';
import { FakeKubeApi, type FakeKubeScript } from '../testing/fake-kube-api';
import { buildFixtureCluster, RRSA_ROLE_ARN_PREFIX } from '../testing/fixture-cluster';
import { collectFromCluster, type CollectFromClusterOptions } from './collect-from-cluster';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const FAST: CollectFromClusterOptions = { retryBaseDelayMs: 10 };
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-kube-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs one collection against a fresh fake server scripted with `script`. */
async function collectWith(
  script: FakeKubeScript,
  opts: CollectFromClusterOptions = {},
): Promise<{ result: CollectResult; api: FakeKubeApi }> {
  const api = await FakeKubeApi.start(buildFixtureCluster(), script);
  try {
    const kubeconfigPath = await api.writeKubeconfig(dir);
    const result = await collectFromCluster({ ...FAST, kubeconfigPath, ...opts });
    return { result, api };
  } finally {
    await api.close();
  }
}

function snapshotOf(result: CollectResult): CollectedSnapshot {
  if (!result.ok) assert.fail(`expected a snapshot, got ${result.error.code}: ${result.error.message}`);
  return result.snapshot;
}

function errorOf(result: CollectResult): CollectError {
  if (result.ok) assert.fail('expected the collection to fail');
  return result.error;
}

function ofKind(snapshot: CollectedSnapshot, kind: string): StoredObject[] {
  return snapshot.objects.filter((object) => object.kind === kind);
}

/** What the fake server holds, as a `kubectl get -o json` dump would show it. */
function servedObjects(): JsonObject[] {
  const kinds: Record<string, string> = { NamespaceList: 'Namespace', ServiceAccountList: 'ServiceAccount', PodList: 'Pod' };
  return Object.values(buildFixtureCluster().collections).flatMap((collection) =>
    collection.items.map((item) => ({
      ...item,
      kind: kinds[collection.listKind] ?? collection.listKind.replace(/List$/, ''),
      apiVersion: collection.apiVersion,
    })),
  );
}

void describe('collectFromCluster: a healthy server', () => {
  void test('pages through every collection with limit/continue and collects every item once', async () => {
    const { result, api } = await collectWith({}, { pageSize: 5 });
    const snapshot = snapshotOf(result);
    const served = buildFixtureCluster().collections;
    for (const [path, collection] of Object.entries(served)) {
      const requests = api.requestsFor(path);
      assert.equal(requests.length, Math.ceil(collection.items.length / 5), path);
      assert.ok(
        requests.every((r) => r.query.limit === '5'),
        path,
      );
      assert.equal(requests[0]?.query.continue, undefined);
      assert.ok(
        requests.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.continue !== ''),
        path,
      );
    }
    const keys = snapshot.objects.map(objectKey);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(ofKind(snapshot, 'ClusterRole').length, served[`${RBAC}/clusterroles`]?.items.length);
    assert.equal(ofKind(snapshot, 'Pod').length, served['/api/v1/pods']?.items.length);
    assert.deepEqual(snapshot.missingKinds, []);
    assert.deepEqual(snapshot.warnings, []);
    assert.match(snapshot.origin, /^http:\/\/127\.0\.0\.1:\d+ \(context fake\)$/);
  });

  void test('stores what the server holds: same hashes as normalizing it directly and as a file dump of it', async () => {
    const snapshot = snapshotOf((await collectWith({})).result);
    const listed = snapshot.objects.filter((object) => object.kind !== 'APIResourceList');
    const expected = servedObjects().flatMap((raw) => normalizeObject(raw) ?? []);
    const byKey = (objects: StoredObject[]) => new Map(objects.map((object) => [objectKey(object), object.hash]));
    assert.deepEqual(byKey(listed), byKey(expected));
    const dump = join(dir, 'dump.json');
    await writeFile(dump, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: servedObjects() }));
    assert.deepEqual(byKey(listed), byKey(snapshotOf(await collectFromFiles([dump])).objects));
  });

  void test('never asks for Secrets, and only reads', async () => {
    const { api } = await collectWith({}, { pageSize: 7 });
    assert.ok(api.requests.length > 0);
    assert.ok(
      api.requests.every((r) => r.method === 'GET' && !r.path.includes('secret')),
      JSON.stringify(api.requests.map((r) => r.path)),
    );
    assert.ok(api.requests.every((r) => r.hadBearer));
  });

  void test('reduces Pods to their identity: no images, args, volumes or env values but the RRSA role', async () => {
    const snapshot = snapshotOf((await collectWith({})).result);
    const pods = ofKind(snapshot, 'Pod');
    const text = JSON.stringify(pods);
    for (const leaked of ['do-not-keep', 'registry.example.com', 'api-token', 'DATABASE_PASSWORD', '10.0.0.'])
      assert.ok(!text.includes(leaked), leaked);
    const rrsa = pods.filter((pod) => text.includes(RRSA_ROLE_ARN_PREFIX) && JSON.stringify(pod.body).includes('ALIBABA_CLOUD_ROLE_ARN'));
    assert.ok(rrsa.length >= 8, `only ${rrsa.length} RRSA pods`);
    const mirror = pods.find((pod) => pod.name === 'kube-apiserver-node-1');
    assert.deepEqual(mirror?.body.spec, { serviceAccountName: '' });
  });

  void test('reads discovery: /api/v1 and each group’s preferred version, reduced', async () => {
    const snapshot = snapshotOf((await collectWith({})).result);
    const lists = ofKind(snapshot, 'APIResourceList');
    assert.deepEqual(lists.map((list) => list.name).sort(), ['apps/v1', 'metrics.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1', 'v1']);
    const core = lists.find((list) => list.name === 'v1');
    assert.deepEqual(
      (core?.body.resources as JsonObject[]).find((r) => r.name === 'pods/log'),
      { name: 'pods/log', namespaced: true, kind: 'Pod', verbs: ['get'] },
    );
  });
});

void describe('collectFromCluster: failures', () => {
  void test('401 fails the collection as unauthorized, naming the server and the request', async () => {
    const { result, api } = await collectWith({ rejectAll: true });
    const error = errorOf(result);
    assert.equal(error.code, 'unauthorized');
    assert.ok(error.message.includes(`${api.url}/api/v1/namespaces`), error.message);
  });

  void test('403 on roles: partial snapshot, Role missing with the server’s reason, no Role objects', async () => {
    const { result, api } = await collectWith({ forbidden: [`${RBAC}/roles`] });
    const snapshot = snapshotOf(result);
    assert.equal(snapshot.missingKinds.length, 1);
    assert.equal(snapshot.missingKinds[0]?.kind, 'Role');
    assert.match(
      snapshot.missingKinds[0]?.reason ?? '',
      /403 Forbidden listing roles\.rbac\.authorization\.k8s\.io at http:\/\/127\.0\.0\.1:\d+\/apis\/rbac\.authorization\.k8s\.io\/v1\/roles: roles\.rbac\.authorization\.k8s\.io is forbidden/,
    );
    assert.equal(ofKind(snapshot, 'Role').length, 0);
    assert.ok(ofKind(snapshot, 'RoleBinding').length > 0 && ofKind(snapshot, 'ClusterRole').length > 0);
    assert.equal(api.requestsFor(`${RBAC}/roles`).length, 1);
  });

  void test('410 Gone on a continue token: the list restarts and completes without duplicates', async () => {
    const path = `${RBAC}/clusterroles`;
    const { result, api } = await collectWith({ goneOnceOn: path }, { pageSize: 10 });
    const snapshot = snapshotOf(result);
    const names = ofKind(snapshot, 'ClusterRole').map((object) => object.name);
    assert.equal(names.length, buildFixtureCluster().collections[path]?.items.length);
    assert.equal(new Set(names).size, names.length);
    const requests = api.requestsFor(path);
    // page 1, 410 on page 2, then page 1..4 again.
    assert.deepEqual(
      requests.map((r) => r.query.continue === undefined),
      [true, false, true, false, false, false],
    );
    assert.deepEqual(snapshot.missingKinds, []);
    assert.match(snapshot.warnings.join('\n'), /clusterroles\.rbac\.authorization\.k8s\.io restarted 1 time/);
  });

  void test('a persistent 500 in the middle of a list fails as server, naming the resource, after bounded retries', async () => {
    const path = `${RBAC}/roles`;
    const { result, api } = await collectWith({ serverError: { path, page: 2, times: Infinity } }, { pageSize: 3 });
    const error = errorOf(result);
    assert.equal(error.code, 'server');
    assert.ok(error.message.includes(`listing roles.rbac.authorization.k8s.io at ${api.url}${path}: HTTP 500`), error.message);
    assert.match(error.message, /\(3 attempts\)$/);
    assert.equal(api.requestsFor(path).length, 1 + 3);
  });

  void test('a transient 500 is retried and the list completes', async () => {
    const path = `${RBAC}/roles`;
    const { result, api } = await collectWith({ serverError: { path, page: 2, times: 1 } }, { pageSize: 3 });
    const snapshot = snapshotOf(result);
    assert.equal(ofKind(snapshot, 'Role').length, buildFixtureCluster().collections[path]?.items.length);
    const continues = api.requestsFor(path).map((r) => r.query.continue);
    assert.equal(continues.length, 4);
    assert.equal(continues[1], continues[2], 'the failed page was asked for again');
  });

  void test('a server slower than the timeout fails as timeout, in bounded time', async () => {
    const started = performance.now();
    // Bounded means well before the server would answer, not a speed claim.
    const { result, api } = await collectWith({ delayMs: 10_000 }, { timeoutMs: 300 });
    const elapsed = performance.now() - started;
    const error = errorOf(result);
    assert.equal(error.code, 'timeout');
    assert.equal(error.message, `listing namespaces at ${api.url}/api/v1/namespaces: no complete response within 300 ms`);
    assert.ok(elapsed < 9000, `took ${Math.round(elapsed)} ms: the collector waited for the slow server`);
  });

  void test('a response whose body stalls also fails as timeout', async () => {
    const { result } = await collectWith({ stallBody: true }, { timeoutMs: 300 });
    assert.equal(errorOf(result).code, 'timeout');
  });

  void test('an unreachable server fails as network', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const path = join(dir, 'unreachable-kubeconfig');
    await writeFile(path, kubeconfigText(`http://127.0.0.1:${port}`, 'ctx'));
    const error = errorOf(await collectFromCluster({ ...FAST, kubeconfigPath: path }));
    assert.equal(error.code, 'network');
    assert.ok(
      error.message.includes(`cannot reach http://127.0.0.1:${port}/api/v1/namespaces: connection refused (ECONNREFUSED)`),
      error.message,
    );
  });

  void test('403 on discovery: partial, APIResourceList missing and none returned', async () => {
    const snapshot = snapshotOf((await collectWith({ forbidden: ['/apis'] })).result);
    assert.deepEqual(
      snapshot.missingKinds.map((missing) => missing.kind),
      ['APIResourceList'],
    );
    assert.equal(ofKind(snapshot, 'APIResourceList').length, 0);
  });

  void test('an aggregated API that is down (503) is skipped with a warning, like kubectl api-resources', async () => {
    const snapshot = snapshotOf((await collectWith({ unavailable: ['/apis/metrics.k8s.io/v1beta1'] })).result);
    assert.deepEqual(
      ofKind(snapshot, 'APIResourceList')
        .map((list) => list.name)
        .sort(),
      ['apps/v1', 'rbac.authorization.k8s.io/v1', 'v1'],
    );
    assert.deepEqual(snapshot.missingKinds, []);
    assert.match(snapshot.warnings.join('\n'), /API discovery skipped metrics\.k8s\.io\/v1beta1: .*HTTP 503/);
  });

  void test('credentials that may read nothing fail as forbidden', async () => {
    const everything = [...Object.keys(buildFixtureCluster().collections), '/api'];
    const error = errorOf((await collectWith({ forbidden: everything })).result);
    assert.equal(error.code, 'forbidden');
  });
});

void describe('collectFromCluster: configuration', () => {
  void test('a context that is not in the kubeconfig is bad-config naming it and the file', async () => {
    const path = join(dir, 'one-context');
    await writeFile(path, kubeconfigText('http://127.0.0.1:1', 'prod'));
    const error = errorOf(await collectFromCluster({ kubeconfigPath: path, context: 'staging' }));
    assert.deepEqual(error, { code: 'bad-config', message: `context "staging" is not in kubeconfig ${path} (available: prod)` });
  });

  void test('a missing kubeconfig file is bad-config naming the path', async () => {
    const path = join(dir, 'no-such-kubeconfig');
    assert.deepEqual(errorOf(await collectFromCluster({ kubeconfigPath: path })), {
      code: 'bad-config',
      message: `kubeconfig ${path} does not exist`,
    });
  });

  void test('a malformed kubeconfig is bad-config, and its content (a token) is not quoted', async () => {
    const path = join(dir, 'broken-kubeconfig');
    await writeFile(path, 'users:\n- name: u\n  user:\n    token: super-secret-token\n   bad: [indent\n');
    const error = errorOf(await collectFromCluster({ kubeconfigPath: path }));
    assert.equal(error.code, 'bad-config');
    assert.match(error.message, new RegExp(`^kubeconfig ${path} is not valid YAML at line \\d+, column \\d+: `));
    assert.ok(!error.message.includes('super-secret-token'), error.message);
  });

  void test('--in-cluster outside a pod is bad-config', async () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      const error = errorOf(await collectFromCluster({ inCluster: true }));
      assert.equal(error.code, 'bad-config');
      assert.match(error.message, /inside a pod/);
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });

  void test('KUBECONFIG lists are merged like kubectl: missing files skipped, first current-context wins', async () => {
    const api = await FakeKubeApi.start(buildFixtureCluster(), {});
    const saved = process.env.KUBECONFIG;
    try {
      const real = await api.writeKubeconfig(dir);
      process.env.KUBECONFIG = [join(dir, 'absent-kubeconfig'), real].join(':');
      const snapshot = snapshotOf(await collectFromCluster(FAST));
      assert.ok(snapshot.objects.length > 0);
      assert.ok(snapshot.origin.startsWith(api.url));
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
      await api.close();
    }
  });
});

function kubeconfigText(server: string, context: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { token: 'abc' } }],
    contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
    'current-context': context,
  });
}
