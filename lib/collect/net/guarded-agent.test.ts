// Guarded agents against a real server on 127.0.0.1: refused without the allow list (IP literal
// checked in createConnection, host names in the lookup), allowed with it, and the refusal is
// the request's error with its own words.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GuardedHttpAgent, GuardedHttpsAgent } from './guarded-agent';
import { parseAllowedTargets, STRICT_POLICY, TARGET_REFUSED, TargetRefusedError, type TargetPolicy } from './target-guard';

let server: Server;
let port = 0;
let hits = 0;

before(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function allowLoopback(): TargetPolicy {
  const parsed = parseAllowedTargets('127.0.0.1/32');
  assert.ok(parsed.ok);
  return parsed.policy;
}

function get(url: string, agent: Agent): Promise<{ status: number } | { error: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', (error) => resolve({ error }));
    req.end();
  });
}

describe('GuardedHttpAgent', () => {
  test('refuses an IP literal before connecting, with the refusal as the request error', async () => {
    const before = hits;
    const refused: TargetRefusedError[] = [];
    const answer = await get(`http://127.0.0.1:${port}/`, new GuardedHttpAgent(STRICT_POLICY, {}, (e) => refused.push(e)));
    assert.ok('error' in answer);
    assert.ok(answer.error instanceof TargetRefusedError);
    assert.equal(answer.error.code, TARGET_REFUSED);
    assert.equal(
      answer.error.message,
      '127.0.0.1 is a loopback address; outbound requests to it are refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it',
    );
    assert.equal(refused.length, 1);
    assert.equal(hits, before, 'the server saw nothing');
  });

  test('refuses a host name that resolves to loopback (the lookup hook)', async () => {
    const before = hits;
    const answer = await get(`http://localhost:${port}/`, new GuardedHttpAgent(STRICT_POLICY));
    assert.ok('error' in answer);
    assert.equal(answer.error.code, TARGET_REFUSED);
    assert.match(answer.error.message, /^localhost resolves to /);
    assert.equal(hits, before);
  });

  test('connects when ACCESS_ATLAS_ALLOWED_TARGETS names the address', async () => {
    const before = hits;
    assert.deepEqual(await get(`http://127.0.0.1:${port}/`, new GuardedHttpAgent(allowLoopback())), { status: 200 });
    assert.equal(hits, before + 1);
  });

  test('the https agent keeps its TLS options and adds the lookup', () => {
    const agent = new GuardedHttpsAgent(STRICT_POLICY, { ca: 'CA', rejectUnauthorized: false, servername: 'kube.example' });
    const options = (agent as unknown as { options: Record<string, unknown> }).options;
    assert.equal(options.ca, 'CA');
    assert.equal(options.rejectUnauthorized, false);
    assert.equal(options.servername, 'kube.example');
    assert.equal(typeof options.lookup, 'function');
  });
});
