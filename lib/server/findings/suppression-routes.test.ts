// The suppression route files behind the wrapper, called as Next calls them, on a fresh SQLite store
// with the server's real clock: create, list, revoke, and refusals in the one envelope.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { authorizationAs } from '../http/__tests__/test-caller';

const dir = mkdtempSync(join(tmpdir(), 'atlas-suppression-routes-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
delete process.env.DATABASE_URL;
delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
delete process.env.ACCESS_ATLAS_PUBLIC_URL;

const base = 'http://127.0.0.1:3000';
const sameOrigin = { origin: base, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
let auth: { authorization: string } = { authorization: '' };
function request(path: string, method = 'GET', headers: Record<string, string> = {}, body?: string): NextRequest {
  return new NextRequest(`${base}${path}`, { method, headers: { host: '127.0.0.1:3000', ...auth, ...headers }, body, duplex: 'half' });
}
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

type Routes = [
  typeof import('../../../app/api/sources/[name]/suppressions/route'),
  typeof import('../../../app/api/sources/[name]/suppressions/[id]/route'),
];
let list: Routes[0];
let one: Routes[1];

before(async () => {
  const { getStore } = await import('../store-instance');
  await (await getStore()).ensureSource({ name: 'prod', kind: 'cluster' });
  auth = await authorizationAs('reviewer');
  list = await import('../../../app/api/sources/[name]/suppressions/route');
  one = await import('../../../app/api/sources/[name]/suppressions/[id]/route');
});
after(async () => {
  const { closeStore } = await import('../store-instance');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

const named = (name: string) => ({ params: Promise.resolve({ name }) });
const byId = (name: string, id: string) => ({ params: Promise.resolve({ name, id }) });

test('POST creates, GET lists it as active, DELETE revokes it; each records the signed-in caller', async () => {
  const body = {
    rule: 'k8s.secrets-read',
    subjectPattern: 'ServiceAccount/kube-system/*',
    justification: 'controllers',
    owner: 'ana',
    expiresAt: inDays(30),
  };
  const created = await list.POST(request('/api/sources/prod/suppressions', 'POST', sameOrigin, JSON.stringify(body)), named('prod'));
  assert.equal(created.status, 201);
  const { suppression } = (await created.json()) as { suppression: { id: number; status: string; createdBy: string } };
  assert.deepEqual([suppression.status, suppression.createdBy], ['active', 'test-reviewer']);

  const listed = await list.GET(request('/api/sources/prod/suppressions'), named('prod'));
  assert.equal(listed.status, 200);
  const answer = (await listed.json()) as { source: string; suppressions: { id: number; status: string }[] };
  assert.equal(answer.source, 'prod');
  assert.deepEqual(
    answer.suppressions.map((s) => [s.id, s.status]),
    [[suppression.id, 'active']],
  );

  const id = String(suppression.id);
  const revoke = JSON.stringify({ reason: 'no longer needed' });
  const revoked = await one.DELETE(request(`/api/sources/prod/suppressions/${id}`, 'DELETE', sameOrigin, revoke), byId('prod', id));
  assert.equal(revoked.status, 200);
  const after = (await revoked.json()) as { suppression: { status: string; history: { action: string; actor: string }[] } };
  assert.equal(after.suppression.status, 'revoked');
  assert.deepEqual(
    after.suppression.history.map((e) => `${e.action} ${e.actor}`),
    // The signed-in caller, whatever name the body might have carried.
    ['created test-reviewer', 'revoked test-reviewer'],
  );
  const all = await list.GET(request('/api/sources/prod/suppressions?includeRevoked=true'), named('prod'));
  assert.equal(((await all.json()) as { suppressions: unknown[] }).suppressions.length, 1);
});

test('refusals come in the one envelope, naming the parameter', async () => {
  const good = { rule: 'k8s.pod-exec', justification: 'j', owner: 'o', expiresAt: inDays(1) };
  const post = (name: string, body: unknown) =>
    list.POST(request(`/api/sources/${name}/suppressions`, 'POST', sameOrigin, JSON.stringify(body)), named(name));
  const del = (id: string, body: unknown) =>
    one.DELETE(request(`/api/sources/prod/suppressions/${id}`, 'DELETE', sameOrigin, JSON.stringify(body)), byId('prod', id));
  const cases: [Promise<Response>, number, { code: string; param: string | null; message?: RegExp }][] = [
    [post('nope', good), 404, { code: 'not-found', param: 'name', message: /^no source named "nope"$/ }],
    [post('prod', { ...good, rule: 'secrets' }), 400, { code: 'invalid', param: 'rule', message: /rule id such as k8s\.secrets-read/ }],
    [post('prod', { ...good, expiresAt: inDays(-1) }), 400, { code: 'invalid', param: 'expiresAt', message: /in the future/ }],
    [post('prod', { ...good, expiresAt: inDays(367) }), 400, { code: 'invalid', param: 'expiresAt', message: /at most a year ahead/ }],
    [post('prod', null), 400, { code: 'invalid', param: 'body' }],
    [
      list.GET(request('/api/sources/prod/suppressions?includeRevoked=1'), named('prod')),
      400,
      { code: 'invalid', param: 'includeRevoked' },
    ],
    [del('abc', { reason: 'r' }), 400, { code: 'invalid', param: 'id' }],
    [del('424242', { reason: 'r' }), 404, { code: 'not-found', param: 'id', message: /no suppression 424242/ }],
    [del('1', {}), 400, { code: 'invalid', param: 'reason' }],
    [del('1', { reason: 'r' }), 409, { code: 'conflict', param: 'id', message: /already revoked/ }],
    [
      one.DELETE(request('/api/sources/prod/suppressions/1', 'DELETE', { 'content-type': 'text/plain' }, 'x'), byId('prod', '1')),
      415,
      { code: 'unsupported-media-type', param: 'Content-Type' },
    ],
    [
      list.POST(
        request(
          '/api/sources/prod/suppressions',
          'POST',
          { ...sameOrigin, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
          '{}',
        ),
        named('prod'),
      ),
      403,
      { code: 'forbidden', param: 'Sec-Fetch-Site' },
    ],
  ];
  for (const [answer, status, expected] of cases) {
    const response = await answer;
    const body = (await response.json()) as { error: { code: string; param: string | null; message: string } };
    assert.deepEqual(Object.keys(body), ['error'], JSON.stringify(body));
    assert.deepEqual([response.status, body.error.code, body.error.param], [status, expected.code, expected.param], JSON.stringify(body));
    if (expected.message) assert.match(body.error.message, expected.message);
  }
});
