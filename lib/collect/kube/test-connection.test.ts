import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_KINDS } from '../../core/snapshot/types';
import { FakeKubeApi, type FakeKubeScript } from '../testing/fake-kube-api';
import { buildFixtureCluster } from '../testing/fixture-cluster';
import { testClusterConnection, type TestConnectionResult } from './test-connection';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-test-conn-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function testWith(script: FakeKubeScript): Promise<{ result: TestConnectionResult; api: FakeKubeApi }> {
  const api = await FakeKubeApi.start(buildFixtureCluster(), script);
  try {
    const kubeconfigPath = await api.writeKubeconfig(dir);
    return { result: await testClusterConnection({ kubeconfigPath, timeoutMs: 2_000 }), api };
  } finally {
    await api.close();
  }
}

describe('testClusterConnection', () => {
  test('every kind listable: one limit=1 request per kind, nothing more', async () => {
    const { result, api } = await testWith({});
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.deepEqual(
      result.report.kinds.map((k) => [k.kind, k.canList]),
      CLUSTER_KINDS.map((k) => [k, true]),
    );
    const lists = api.requests.filter((r) => r.path !== '/api');
    assert.ok(
      lists.every((r) => r.query.limit === '1'),
      'every list asks for one item',
    );
    assert.ok(!api.requests.some((r) => r.path.includes('secrets')), 'never touches Secrets');
  });

  test('a 403 names the kind that cannot be listed, with the server reason', async () => {
    const { result } = await testWith({ forbidden: ['/apis/rbac.authorization.k8s.io/v1/clusterroles', '/api/v1/pods'] });
    assert.ok(result.ok);
    const denied = result.report.kinds.filter((k) => !k.canList);
    assert.deepEqual(
      denied.map((k) => k.kind),
      ['ClusterRole', 'Pod'],
    );
    assert.match(denied[0]?.reason ?? '', /forbidden/);
  });

  test('401 fails the test as a whole', async () => {
    const { result } = await testWith({ rejectAll: true });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, 'unauthorized');
  });

  test('a bad kubeconfig path is named', async () => {
    const result = await testClusterConnection({ kubeconfigPath: join(dir, 'nope.yaml') });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /nope\.yaml/);
  });
});
