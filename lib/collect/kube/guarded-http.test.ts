// guardKubeHttp with the real @kubernetes/client-node against the fake API server on 127.0.0.1:
// refused by default, allowed when ACCESS_ATLAS_ALLOWED_TARGETS names 127.0.0.1/32, and a redirect
// from the API server to the metadata service is not followed to it (no connection is attempted).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { channel } from 'node:diagnostics_channel';
import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import {
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  RbacAuthorizationV1Api,
  RequestContext,
  ResponseContext,
  HttpMethod,
  wrapHttpLibrary,
  type HttpLibrary,
} from '@kubernetes/client-node';
import { GuardedHttpAgent, GuardedHttpsAgent } from '../net/guarded-agent';
import { parseAllowedTargets, STRICT_POLICY, TARGET_REFUSED, TargetRefusedError, type TargetPolicy } from '../net/target-guard';
import { FAKE_TOKEN, FakeKubeApi } from '../testing/fake-kube-api';
import { buildFixtureCluster } from '../testing/fixture-cluster';
import { guardKubeHttp } from './guarded-http';

function policyOf(text: string): TargetPolicy {
  const parsed = parseAllowedTargets(text);
  assert.ok(parsed.ok);
  return parsed.policy;
}

function rbacFor(server: string): RbacAuthorizationV1Api {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: FAKE_TOKEN }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc.makeApiClient(RbacAuthorizationV1Api);
}

function listClusterRoles(server: string, policy: TargetPolicy) {
  return rbacFor(server).listClusterRole({}, { httpApi: guardKubeHttp(new IsomorphicFetchHttpLibrary(), policy) });
}

/** Every address a client socket of this process tries to connect to, while `fn` runs. */
async function connectionAttempts(fn: () => Promise<void>): Promise<string[]> {
  const attempts: string[] = [];
  const sockets = channel('net.client.socket');
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.on('connectionAttempt', (ip: string) => attempts.push(ip));
  };
  sockets.subscribe(onSocket);
  try {
    await fn();
  } finally {
    sockets.unsubscribe(onSocket);
  }
  return attempts;
}

describe('guardKubeHttp against the fake API server', () => {
  let api: FakeKubeApi;
  before(async () => {
    api = await FakeKubeApi.start(buildFixtureCluster());
  });
  after(async () => {
    await api.close();
  });

  test('refuses 127.0.0.1 without the allow list, before any request, naming the variable', async () => {
    const before = api.requests.length;
    await assert.rejects(listClusterRoles(api.url, STRICT_POLICY), (error: unknown) => {
      assert.ok(error instanceof TargetRefusedError);
      assert.equal(error.code, TARGET_REFUSED);
      assert.equal(
        error.message,
        'cluster server URL: 127.0.0.1 is a loopback address; outbound requests to it are refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it',
      );
      return true;
    });
    assert.equal(api.requests.length, before, 'the server saw nothing');
  });

  test('refuses a loopback name too (localhost)', async () => {
    await assert.rejects(
      listClusterRoles(api.url.replace('127.0.0.1', 'localhost'), STRICT_POLICY),
      /cluster server URL: localhost is a loopback name/,
    );
  });

  test('lists when ACCESS_ATLAS_ALLOWED_TARGETS names 127.0.0.1/32', async () => {
    const list = await listClusterRoles(api.url, policyOf('127.0.0.1/32'));
    assert.ok(list.items.length > 0);
    assert.ok(api.requests.at(-1)?.hadBearer, 'the token still goes with the request');
  });
});

describe('guardKubeHttp and redirects', () => {
  let redirector: Server;
  let base = '';
  before(async () => {
    redirector = createServer((_req, res) =>
      res.writeHead(302, { location: 'http://100.100.100.200/latest/meta-data/ram/security-credentials/' }).end(),
    );
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  after(async () => {
    redirector.closeAllConnections();
    await new Promise<void>((resolve) => redirector.close(() => resolve()));
  });

  test('a 302 to the metadata service is refused at the hop; nothing connects to 100.100.100.200', async () => {
    let failure: unknown;
    const attempts = await connectionAttempts(async () => {
      failure = await listClusterRoles(base, policyOf('127.0.0.1/32')).then(
        () => assert.fail('the redirect must not be followed to the refused address'),
        (error: unknown) => error,
      );
    });
    assert.ok(failure instanceof TargetRefusedError, String(failure));
    assert.equal(
      failure.message,
      'cluster server URL: 100.100.100.200 is a carrier-grade NAT (100.64.0.0/10) address; outbound requests to it are refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it',
    );
    assert.deepEqual(attempts, ['127.0.0.1'], 'one connection, to the allowed first hop');
  });
});

describe('guardKubeHttp keeps the kubeconfig TLS settings', () => {
  function capture(): { library: HttpLibrary; agents: unknown[] } {
    const agents: unknown[] = [];
    const library = wrapHttpLibrary({
      send(request: RequestContext) {
        agents.push(request.getAgent());
        return Promise.resolve(
          new ResponseContext(200, {}, { text: () => Promise.resolve('{}'), binary: () => Promise.resolve(Buffer.from('{}')) }),
        );
      },
    });
    return { library, agents };
  }

  test('an https.Agent becomes a guarded https agent with the same ca, cert, key, servername and verification', async () => {
    const { library, agents } = capture();
    const request = new RequestContext('https://93.184.216.34:6443/api', HttpMethod.GET);
    request.setAgent(new https.Agent({ ca: 'CA', cert: 'CERT', key: 'KEY', rejectUnauthorized: false, servername: 'kube.example' }));
    await guardKubeHttp(library, STRICT_POLICY).send(request).toPromise();
    const [agent] = agents;
    assert.ok(agent instanceof GuardedHttpsAgent);
    const options = (agent as unknown as { options: https.AgentOptions }).options;
    assert.deepEqual(
      [options.ca, options.cert, options.key, options.rejectUnauthorized, options.servername],
      ['CA', 'CERT', 'KEY', false, 'kube.example'],
    );
  });

  test('an http.Agent becomes a guarded http agent; a request without one gets one', async () => {
    const { library, agents } = capture();
    const plain = new RequestContext('http://93.184.216.34/api', HttpMethod.GET);
    plain.setAgent(new http.Agent({ keepAlive: false }));
    await guardKubeHttp(library, STRICT_POLICY).send(plain).toPromise();
    await guardKubeHttp(library, STRICT_POLICY).send(new RequestContext('https://93.184.216.34/api', HttpMethod.GET)).toPromise();
    assert.ok(agents[0] instanceof GuardedHttpAgent);
    assert.ok(agents[1] instanceof GuardedHttpsAgent);
  });

  test('a proxy agent (proxy-url) is refused: it connects to the proxy, which cannot be checked', async () => {
    class ProxyAgent extends https.Agent {}
    const { library, agents } = capture();
    const request = new RequestContext('https://93.184.216.34/api', HttpMethod.GET);
    request.setAgent(new ProxyAgent());
    await assert.rejects(guardKubeHttp(library, STRICT_POLICY).send(request).toPromise(), /requests through a proxy cannot be checked/);
    assert.equal(agents.length, 0);
  });
});
