// The live collector and the connection test with a kubeconfig given as data (the dashboard's
// way in), against the real @kubernetes/client-node: nothing runs, nothing is read from disk,
// the outbound-address rule holds, and answers quote no server body.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllowedTargets, STRICT_POLICY } from '../net/target-guard';
import { FakeKubeApi, FAKE_TOKEN } from '../testing/fake-kube-api';
import { buildFixtureCluster } from '../testing/fixture-cluster';
import { collectFromCluster } from './collect-from-cluster';
import { testClusterConnection } from './test-connection';

let dir = '';
let api: FakeKubeApi;
const LOOPBACK_ALLOWED = (() => {
  const parsed = parseAllowedTargets('127.0.0.1');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
})();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-kube-data-'));
  api = await FakeKubeApi.start(buildFixtureCluster());
});
after(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

function kubeconfig(server: string, user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'tester', user }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'tester' } }],
    'current-context': 'fake',
  });
}

/** An exec plugin that would leave a marker and print to stderr, as the probe's did. */
function execUser(marker: string): Record<string, unknown> {
  return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', `touch ${marker}; id >&2; exit 1`] } };
}

void describe('a kubeconfig given as data', () => {
  void test('inline token: collected, with the loopback fake server allowed by the policy', async () => {
    const result = await collectFromCluster({
      kubeconfigData: kubeconfig(api.url, { token: FAKE_TOKEN }),
      restrictTargets: LOOPBACK_ALLOWED,
      retryBaseDelayMs: 1,
    });
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.ok(result.snapshot.objects.length > 10);
  });

  void test('exec is refused by field: no program runs, its output is never returned', async () => {
    const marker = join(dir, 'exec-marker');
    const before = api.requests.length;
    for (const run of [
      () => collectFromCluster({ kubeconfigData: kubeconfig(api.url, execUser(marker)), restrictTargets: LOOPBACK_ALLOWED }),
      () => testClusterConnection({ kubeconfigData: kubeconfig(api.url, execUser(marker)), restrictTargets: LOOPBACK_ALLOWED }),
    ]) {
      const result = await run();
      assert.equal(result.ok, false);
      if (result.ok) continue;
      assert.equal(result.error.code, 'bad-config');
      assert.match(result.error.message, /^kubeconfig: users\[0\]\.user\.exec runs a program/);
      assert.doesNotMatch(result.error.message, /uid=/);
    }
    assert.equal(existsSync(marker), false, 'the exec command never ran');
    assert.equal(api.requests.length, before, 'nothing was sent');
  });

  void test('token-file is refused: the file is never read, its content never shown', async () => {
    const secretFile = join(dir, 'token');
    await writeFile(secretFile, 'FILE-CONTENT-MUST-NOT-LEAK');
    const result = await testClusterConnection({
      kubeconfigData: kubeconfig(api.url, { 'token-file': secretFile }),
      restrictTargets: LOOPBACK_ALLOWED,
    });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.error.message, /^kubeconfig: users\[0\]\.user\.token-file reads a file on the server/);
      assert.doesNotMatch(result.error.message, /FILE-CONTENT|atlas-kube-data/);
    }
  });

  void test('the outbound-address rule: a loopback server is refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it', async () => {
    const before = api.requests.length;
    const result = await testClusterConnection({
      kubeconfigData: kubeconfig(api.url, { token: FAKE_TOKEN }),
      restrictTargets: STRICT_POLICY,
    });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'bad-config');
      assert.match(result.error.message, /ACCESS_ATLAS_ALLOWED_TARGETS/);
    }
    const spelled = await testClusterConnection({
      kubeconfigData: kubeconfig(api.url.replace('127.0.0.1', '0x7f000001'), { token: FAKE_TOKEN }),
      restrictTargets: STRICT_POLICY,
    });
    assert.equal(spelled.ok, false);
    assert.equal(api.requests.length, before, 'no request reached the server');
  });
});

void describe('answers from a server that is not an API server', () => {
  let server: Server;
  let url = '';
  before(async () => {
    server = createServer((req, res) => {
      const code = req.url?.startsWith('/api/v1/pods') ? 500 : 403;
      res.writeHead(code, { 'content-type': 'text/html' });
      res.end('<html>INTERNAL-ADMIN-PAGE secret=hunter2</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  void test('a non-Status body is reflected neither in kinds[].reason nor in the error', async () => {
    const tested = await testClusterConnection({
      kubeconfigData: kubeconfig(url, { token: 't0ken-value' }),
      restrictTargets: LOOPBACK_ALLOWED,
      timeoutMs: 2_000,
    });
    assert.doesNotMatch(JSON.stringify(tested), /INTERNAL-ADMIN|hunter2|html|t0ken-value/);
    assert.equal(tested.ok, false, 'the 500 on pods fails the test');
    const collected = await collectFromCluster({
      kubeconfigData: kubeconfig(url, { token: 't0ken-value' }),
      restrictTargets: LOOPBACK_ALLOWED,
      retryBaseDelayMs: 1,
    });
    assert.equal(collected.ok, false);
    assert.doesNotMatch(JSON.stringify(collected), /INTERNAL-ADMIN|hunter2|html|t0ken-value/);
  });
});
