import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { NextRequest } from 'next/server';
import { authOf } from '../auth/auth';
import { CSRF_HEADER, csrfTokenOf } from '../auth/caller';
import { createToken } from '../auth/tokens';
import { addUser } from '../auth/users';
import { closeStore, getStore } from '../store-instance';
import { QuestionError } from '../questions/errors';
import { SecretKeyError } from '../secret-box';
import { HttpError } from './http-error';
import { JSON_BODY_LIMIT, MAX_PARAM_LENGTH, withRoute } from './with-route';

delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
delete process.env.ACCESS_ATLAS_PUBLIC_URL;
delete process.env.DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'atlas-with-route-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
process.env.ACCESS_ATLAS_SECRET_KEY = Buffer.alloc(32, 3).toString('base64');

/** An admin's and a viewer's API tokens, made before the tests run. */
const tokens = { admin: '', viewer: '' };
before(async () => {
  const store = await getStore();
  for (const role of ['admin', 'viewer'] as const) {
    const user = await addUser(store, { name: `${role}-user`, role, sources: null, password: 'a long enough password' });
    tokens[role] = (await createToken(authOf(store), { userId: user.id, name: 'test', role, sources: null, expiresIn: null })).token;
  }
});
after(async () => {
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

const origin = 'http://127.0.0.1:3000';
function request(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit; as?: 'admin' | 'viewer' | null } = {},
): NextRequest {
  const as = init.as === undefined ? 'admin' : init.as;
  return new NextRequest(`${origin}${path}`, {
    method: init.method ?? 'GET',
    headers: { host: '127.0.0.1:3000', ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...init.headers },
    body: init.body,
    duplex: 'half',
  });
}
const noParams = { params: Promise.resolve({}) };

async function errorOf(response: Response): Promise<{ code: string; param: string | null; message: string }> {
  const json = (await response.json()) as { error: { code: string; param: string | null; message: string } };
  return json.error;
}

describe('withRoute', () => {
  let calls = 0;
  const echo = withRoute(
    ({ body }) => {
      calls += 1;
      return Promise.resolve(Response.json({ body }));
    },
    { require: 'viewer', body: 'json' },
  );
  const json = { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' };

  test('a same-origin JSON write reaches the handler, with the security headers on its answer', async () => {
    const response = await echo(request('/api/x', { method: 'POST', headers: json, body: '{"by":"ana"}' }), noParams);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { body: { by: 'ana' } });
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  test('refusals come before the handler: Host 421, cross-site 403, text/plain 415, too large 413', async () => {
    const before = calls;
    const cases: { headers: Record<string, string>; body: string; status: number; code: string; param: string | null }[] = [
      { headers: { ...json, host: 'evil.example:3000' }, body: '{}', status: 421, code: 'misdirected', param: 'Host' },
      {
        headers: { ...json, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
        body: '{}',
        status: 403,
        code: 'forbidden',
        param: 'Sec-Fetch-Site',
      },
      {
        headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
        body: '{}',
        status: 403,
        code: 'forbidden',
        param: 'Sec-Fetch-Site',
      },
      {
        headers: { ...json, 'content-type': 'text/plain' },
        body: '{"by":"ana"}',
        status: 415,
        code: 'unsupported-media-type',
        param: 'Content-Type',
      },
      {
        headers: { ...json, 'content-type': 'multipart/form-data; boundary=x' },
        body: '{}',
        status: 415,
        code: 'unsupported-media-type',
        param: 'Content-Type',
      },
      { headers: json, body: JSON.stringify({ by: 'x'.repeat(JSON_BODY_LIMIT) }), status: 413, code: 'payload-too-large', param: 'body' },
      { headers: json, body: '{"by":', status: 400, code: 'invalid', param: 'body' },
    ];
    for (const c of cases) {
      const response = await echo(request('/api/x', { method: 'POST', headers: c.headers, body: c.body }), noParams);
      assert.equal(response.status, c.status, JSON.stringify(c.headers));
      const error = await errorOf(response);
      assert.deepEqual([error.code, error.param], [c.code, c.param]);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    }
    assert.equal(calls, before);
  });

  test('a query parameter over the length limit is refused naming it', async () => {
    const route = withRoute(() => Promise.resolve(Response.json({ ok: true })), { require: 'viewer' });
    const response = await route(request(`/api/x?verb=get&resource=${'s'.repeat(MAX_PARAM_LENGTH + 1)}`), noParams);
    assert.equal(response.status, 400);
    assert.deepEqual(await errorOf(response), {
      code: 'invalid',
      param: 'resource',
      message: `resource is longer than ${MAX_PARAM_LENGTH} characters`,
    });
    assert.equal((await route(request(`/api/x?resource=${'s'.repeat(MAX_PARAM_LENGTH)}`), noParams)).status, 200);
  });

  test('a route without dynamic segments gets params that resolve to undefined (as Next passes them)', async () => {
    const route = withRoute(({ params }) => Promise.resolve(Response.json({ params })), { require: 'viewer' });
    const response = await route(request('/api/sources'), { params: Promise.resolve(undefined as unknown as Record<string, string>) });
    assert.deepEqual(await response.json(), { params: {} });
  });

  test('route parameters arrive as Next decoded them: never decoded twice, and bounded', async () => {
    const route = withRoute<{ name: string }>(({ params }) => Promise.resolve(Response.json({ name: params.name })), { require: 'viewer' });
    const once = await route(request('/api/sources/a%2525b'), { params: Promise.resolve({ name: 'a%25b' }) });
    assert.deepEqual(await once.json(), { name: 'a%25b' });
    const long = await route(request('/api/sources/x'), { params: Promise.resolve({ name: 'x'.repeat(MAX_PARAM_LENGTH + 1) }) });
    assert.equal(long.status, 400);
    assert.equal((await errorOf(long)).param, 'name');
  });

  test('a throw is a JSON 500 saying what failed, without internals', async () => {
    const route = withRoute(() => Promise.reject(new Error('SQLITE_CORRUPT at /srv/secret/path')), { require: 'viewer' });
    const original = console.error;
    console.error = () => undefined;
    try {
      const response = await route(request('/api/x?q=1'), noParams);
      assert.equal(response.status, 500);
      const error = await errorOf(response);
      assert.equal(error.code, 'internal');
      assert.match(error.message, /^GET \/api\/x failed/);
      assert.doesNotMatch(error.message, /SQLITE|secret/);
    } finally {
      console.error = original;
    }
  });

  test("a thrown refusal is answered in the one envelope, with its code's status", async () => {
    for (const [thrown, status] of [
      [new QuestionError('not-found', 'name', 'no source named "x"'), 404],
      [new QuestionError('conflict', 'enabled', 'source "x" has no connection the scheduler can snapshot'), 409],
      [new HttpError('unprocessable', 'files', 'files: broken.json: not JSON'), 422],
      [new HttpError('internal', 'ACCESS_ATLAS_ALLOWED_TARGETS', 'ACCESS_ATLAS_ALLOWED_TARGETS: "x!" is not a host'), 500],
    ] as const) {
      const route = withRoute(() => Promise.reject(thrown), { require: 'viewer' });
      const response = await route(request('/api/x'), noParams);
      assert.equal(response.status, status);
      assert.deepEqual(await response.json(), { error: { code: thrown.code, param: thrown.param, message: thrown.message } });
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    }
  });

  test('a secret key error is a 500 with its own message, which names the variable', async () => {
    const route = withRoute(
      () => {
        throw new SecretKeyError('ACCESS_ATLAS_SECRET_KEY must be 32 bytes as 64 hex digits or base64');
      },
      { require: 'viewer' },
    );
    const response = await route(request('/api/x'), noParams);
    assert.equal(response.status, 500);
    assert.match((await errorOf(response)).message, /ACCESS_ATLAS_SECRET_KEY must be 32 bytes/);
  });

  test('a malformed ACCESS_ATLAS_ALLOWED_HOSTS is a 500 naming it', async () => {
    process.env.ACCESS_ATLAS_ALLOWED_HOSTS = 'not a host';
    try {
      const route = withRoute(() => Promise.resolve(Response.json({ ok: true })), { require: 'viewer' });
      const response = await route(request('/api/x'), noParams);
      assert.equal(response.status, 500);
      assert.equal((await errorOf(response)).param, 'ACCESS_ATLAS_ALLOWED_HOSTS');
    } finally {
      delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
    }
  });

  test('a multipart route takes multipart only, under its limit', async () => {
    const route = withRoute(({ body }) => Promise.resolve(Response.json({ mode: body.get('mode') })), {
      require: 'viewer',
      body: 'multipart',
      maxBytes: 4096,
    });
    const form = new FormData();
    form.set('mode', 'files');
    const formRequest = new Request(`${origin}/x`, { method: 'POST', body: form });
    const headers = { 'content-type': formRequest.headers.get('content-type') ?? '' };
    const ok = await route(request('/api/x', { method: 'POST', headers, body: await formRequest.arrayBuffer() }), noParams);
    assert.deepEqual(await ok.json(), { mode: 'files' });
    const big = new FormData();
    big.append('files', new File(['x'.repeat(8192)], 'a.yaml'));
    const bigRequest = new Request(`${origin}/x`, { method: 'POST', body: big });
    const refused = await route(
      request('/api/x', {
        method: 'POST',
        headers: { 'content-type': bigRequest.headers.get('content-type') ?? '' },
        body: await bigRequest.arrayBuffer(),
      }),
      noParams,
    );
    assert.equal(refused.status, 413);
    const wrongType = await route(
      request('/api/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      noParams,
    );
    assert.equal(wrongType.status, 415);
  });
});

test('every handler under app/api is wrapped by withRoute, so none skips the limits and the error shape', () => {
  const apiDir = join(import.meta.dirname, '..', '..', '..', 'app', 'api');
  const routes = readdirSync(apiDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('route.ts'));
  assert.ok(routes.length >= 17, `found only ${routes.length} route files`);
  const methods = /\bexport\s+(?:const|let|var|async\s+function|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b(.*)/g;
  // Named exceptions: better-auth's own endpoints (proxy.ts guards them; it checks their origin and rate),
  // and the first-run setup, public by design (its one-time token is the proof).
  const authRoute = join('auth', '[...all]', 'route.ts');
  const publicRoutes = [join('setup', 'route.ts')];
  for (const route of routes) {
    const text = readFileSync(join(apiDir, route), 'utf8');
    if (route === authRoute) {
      assert.match(text, /authOf\(await getStore\(\)\)\.handler\(request\)/, `${route} hands requests to better-auth only`);
      continue;
    }
    const wrapper = publicRoutes.includes(route) ? /^\s*=\s*withPublicRoute\b/ : /^\s*=\s*withRoute\b/;
    const exported = [...text.matchAll(methods)];
    assert.ok(exported.length > 0, `${route} exports no handler`);
    for (const [, method, rest] of exported) {
      assert.match(rest ?? '', wrapper, `${relative(apiDir, join(apiDir, route))}: ${method} is not ${String(wrapper)}`);
    }
    // Every withRoute declares the role it requires (the types insist too).
    for (const call of text.split(/\bwithRoute\b/).slice(2)) {
      assert.match(call, /require: '(viewer|reviewer|admin)'/, `${route}: a withRoute without its required role`);
    }
    assert.doesNotMatch(text, /export\s*\{[^}]*\b(GET|POST|PUT|PATCH|DELETE)\b/, `${route} re-exports a handler`);
  }
});

test('no handler under app/api writes an error body of its own: refusals are thrown, and the wrapper sends the envelope', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  const apiDir = join(root, 'app', 'api');
  const files = [
    ...readdirSync(apiDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(apiDir, f)),
    ...['sources/source-api.ts', 'scheduler/schedule-api.ts', 'webhooks/webhook-api.ts', 'findings/suppression-api.ts'].map((f) =>
      join(root, 'lib', 'server', f),
    ),
  ];
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n');
    const name = relative(root, file);
    assert.doesNotMatch(code, /\bok:\s*false\b/, `${name} answers {ok: false, ...}`);
    assert.doesNotMatch(code, /\bResponse\.json\(\s*\{[^)]*\berror\b/, `${name} sends an error body itself`);
    assert.doesNotMatch(code, /\bstatus:\s*[45]\d\d\b/, `${name} picks an error status itself`);
  }
});

describe('withRoute: who may call', () => {
  const read = withRoute(({ caller }) => Promise.resolve(Response.json({ name: caller.name, role: caller.role })), { require: 'viewer' });
  const change = withRoute(({ caller }) => Promise.resolve(Response.json({ name: caller.name })), { require: 'admin', body: 'json' });
  const json = { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' };

  test('no session and no token: 401 in the envelope; a bad token is no identity either', async () => {
    for (const headers of [{}, { authorization: 'Bearer atlas_not-a-token' }] as Record<string, string>[]) {
      const response = await read(request('/api/x', { as: null, headers }), noParams);
      assert.equal(response.status, 401);
      assert.equal((await errorOf(response)).code, 'unauthenticated');
    }
  });

  test('a viewer is refused a route that requires admin, before the handler and the body', async () => {
    const refused = await change(request('/api/x', { method: 'POST', as: 'viewer', headers: json, body: '{}' }), noParams);
    assert.equal(refused.status, 403);
    assert.match((await errorOf(refused)).message, /needs the admin role; viewer-user is a viewer/);
    const allowed = await read(request('/api/x', { as: 'viewer' }), noParams);
    assert.deepEqual(await allowed.json(), { name: 'viewer-user', role: 'viewer' });
  });

  test('a change made with the session cookie needs the session’s CSRF token; a read does not', async () => {
    const store = await getStore();
    const signIn = await authOf(store).handler(
      new Request(`${origin}/api/auth/sign-in/username`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'admin-user', password: 'a long enough password' }),
      }),
    );
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const sessionToken = decodeURIComponent(/session_token=([^;.]+)/.exec(cookie)?.[1] ?? '');
    const withCookie = (extra: Record<string, string>) =>
      request('/api/x', { method: 'POST', as: null, headers: { ...json, cookie, ...extra }, body: '{}' });
    const missing = await change(withCookie({}), noParams);
    assert.equal(missing.status, 403);
    assert.equal((await errorOf(missing)).param, CSRF_HEADER);
    assert.equal((await change(withCookie({ [CSRF_HEADER]: 'forged' }), noParams)).status, 403);
    const ok = await change(withCookie({ [CSRF_HEADER]: await csrfTokenOf(store, sessionToken) }), noParams);
    assert.deepEqual([ok.status, await ok.json()], [200, { name: 'admin-user' }]);
    assert.equal((await read(request('/api/x', { as: null, headers: { cookie } }), noParams)).status, 200);
  });
});
