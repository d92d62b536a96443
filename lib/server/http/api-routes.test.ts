// The route files of app/api behind the wrapper, called as Next calls them, on a fresh SQLite store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';

const dir = mkdtempSync(join(tmpdir(), 'atlas-api-routes-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
process.env.ACCESS_ATLAS_SECRET_KEY = Buffer.alloc(32, 5).toString('base64');
delete process.env.DATABASE_URL;
delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
delete process.env.ACCESS_ATLAS_PUBLIC_URL;

const base = 'http://127.0.0.1:3000';
/** An admin's API token, made before the tests (a bearer token needs no CSRF token). */
let adminToken = '';
before(async () => {
  const { getStore } = await import('../store-instance');
  const { addUser } = await import('../auth/users');
  const { createToken } = await import('../auth/tokens');
  const { authOf } = await import('../auth/auth');
  const store = await getStore();
  const admin = await addUser(store, { name: 'ana', role: 'admin', sources: null, password: 'a long enough password' });
  adminToken = (await createToken(authOf(store), { userId: admin.id, name: 'test', role: 'admin', sources: null, expiresIn: null })).token;
});

function request(path: string, method = 'GET', headers: Record<string, string> = {}, body?: BodyInit): NextRequest {
  return new NextRequest(`${base}${path}`, {
    method,
    headers: { host: '127.0.0.1:3000', authorization: `Bearer ${adminToken}`, ...headers },
    body,
    duplex: 'half',
  });
}
const sameOrigin = { origin: base, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

after(async () => {
  const { closeStore } = await import('../store-instance');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

describe('app/api routes behind the wrapper', () => {
  test('a sign-off comment is at most 4000 characters; a 5 MB one is refused before it is read whole', async () => {
    const { POST } = await import('../../../app/api/reviews/[id]/sign-off/route');
    const context = { params: Promise.resolve({ id: '1' }) };
    const long = await POST(request('/api/reviews/1/sign-off', 'POST', sameOrigin, JSON.stringify({ comment: 'a'.repeat(4001) })), context);
    assert.equal(long.status, 400);
    assert.equal(((await long.json()) as { error: { param: string } }).error.param, 'comment');
    const huge = await POST(
      request('/api/reviews/1/sign-off', 'POST', sameOrigin, JSON.stringify({ comment: 'a'.repeat(5_000_000) })),
      context,
    );
    assert.equal(huge.status, 413);
  });

  test('review names and keys have limits: source, from, to, changeKey', async () => {
    const reviews = await import('../../../app/api/reviews/route');
    const marks = await import('../../../app/api/reviews/[id]/marks/route');
    const start = { source: 'demo-cluster' };
    for (const [field, value] of [
      ['source', 'x'.repeat(201)],
      ['from', 'x'.repeat(101)],
      ['to', 'x'.repeat(101)],
    ] as const) {
      const response = await reviews.POST(request('/api/reviews', 'POST', sameOrigin, JSON.stringify({ ...start, [field]: value })), {
        params: Promise.resolve({}),
      });
      assert.equal(response.status, 400, field);
      assert.equal(((await response.json()) as { error: { code: string; param: string } }).error.param, field);
    }
    const mark = { changeKey: 'k', verdict: 'expected' };
    for (const [field, value] of [['changeKey', 'x'.repeat(201)]] as const) {
      const response = await marks.PUT(request('/api/reviews/1/marks', 'PUT', sameOrigin, JSON.stringify({ ...mark, [field]: value })), {
        params: Promise.resolve({ id: '1' }),
      });
      assert.equal(response.status, 400, field);
      assert.equal(((await response.json()) as { error: { code: string; param: string } }).error.param, field);
    }
  });

  test('a text/plain POST to /api/reviews is refused with 415 and creates nothing', async () => {
    const reviews = await import('../../../app/api/reviews/route');
    const body = JSON.stringify({ source: 'demo-cluster', createdBy: 'ceo@example.com (forged)' });
    const response = await reviews.POST(request('/api/reviews', 'POST', { 'content-type': 'text/plain' }, body), {
      params: Promise.resolve({}),
    });
    assert.equal(response.status, 415);
    const list = await reviews.GET(request('/api/reviews'), { params: Promise.resolve({}) });
    assert.deepEqual(await list.json(), { reviews: [] });
  });

  test('the sources, schedule, webhook and review routes refuse in the one envelope, naming the parameter', async () => {
    const source = await import('../../../app/api/sources/[name]/route');
    const schedule = await import('../../../app/api/sources/[name]/schedule/route');
    const webhooks = await import('../../../app/api/sources/[name]/webhooks/route');
    const review = await import('../../../app/api/reviews/[id]/route');
    const named = (name: string) => ({ params: Promise.resolve({ name }) });
    const cases: [Promise<Response>, number, { code: string; param: string; message: string }][] = [
      [
        source.GET(request('/api/sources/nope?limit=0'), named('nope')),
        400,
        { code: 'invalid', param: 'limit', message: 'limit must be a whole number from 1 to 500' },
      ],
      [
        source.DELETE(request('/api/sources/nope', 'DELETE'), named('nope')),
        404,
        { code: 'not-found', param: 'name', message: 'no source named "nope"' },
      ],
      [
        schedule.PUT(request('/api/sources/nope/schedule', 'PUT', sameOrigin, 'null'), named('nope')),
        400,
        { code: 'invalid', param: 'body', message: 'the body must be a JSON object {cron?, enabled?}' },
      ],
      [
        webhooks.DELETE(request('/api/sources/nope/webhooks?id=x', 'DELETE'), named('nope')),
        400,
        { code: 'invalid', param: 'id', message: "id must be the number of one of the source's webhooks" },
      ],
      [
        review.GET(request('/api/reviews/999'), { params: Promise.resolve({ id: '999' }) }),
        404,
        { code: 'not-found', param: 'id', message: 'no review with id 999' },
      ],
    ];
    for (const [answer, status, error] of cases) {
      const response = await answer;
      assert.equal(response.status, status, error.message);
      assert.deepEqual(await response.json(), { error });
    }
  });

  test('an invalid ACCESS_ATLAS_SECRET_KEY is a JSON 500 naming it, without the key', async () => {
    const { POST } = await import('../../../app/api/sources/route');
    // Not a 32-byte key: sealing credentials fails, and the answer must say so without the key.
    process.env.ACCESS_ATLAS_SECRET_KEY = 'not-a-key-but-secret-looking-0123456789';
    const form = new FormData();
    form.set('name', 'ram-prod');
    form.set('mode', 'ram-access-key');
    form.set('accessKeyId', 'LTAI-test');
    form.set('accessKeySecret', 'test-secret');
    const encoded = new Request(`${base}/x`, { method: 'POST', body: form });
    const response = await POST(
      request('/api/sources', 'POST', { 'content-type': encoded.headers.get('content-type') ?? '' }, await encoded.arrayBuffer()),
      { params: Promise.resolve({}) },
    );
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.match(text, /ACCESS_ATLAS_SECRET_KEY must be 32 bytes/);
    assert.doesNotMatch(text, /not-a-key-but-secret-looking|test-secret/);
  });
});
