import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NextRequest } from 'next/server';
import { QuestionError } from '../questions/errors';
import { SecretKeyError } from '../secret-box';
import { HttpError } from './http-error';
import { JSON_BODY_LIMIT, MAX_PARAM_LENGTH, withRoute } from './with-route';

delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
delete process.env.ACCESS_ATLAS_PUBLIC_URL;

const origin = 'http://127.0.0.1:3000';
function request(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}): NextRequest {
  return new NextRequest(`${origin}${path}`, {
    method: init.method ?? 'GET',
    headers: { host: '127.0.0.1:3000', ...init.headers },
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
    { body: 'json' },
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
    const route = withRoute(() => Promise.resolve(Response.json({ ok: true })));
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
    const route = withRoute(({ params }) => Promise.resolve(Response.json({ params })));
    const response = await route(request('/api/sources'), { params: Promise.resolve(undefined as unknown as Record<string, string>) });
    assert.deepEqual(await response.json(), { params: {} });
  });

  test('route parameters arrive as Next decoded them: never decoded twice, and bounded', async () => {
    const route = withRoute<{ name: string }>(({ params }) => Promise.resolve(Response.json({ name: params.name })));
    const once = await route(request('/api/sources/a%2525b'), { params: Promise.resolve({ name: 'a%25b' }) });
    assert.deepEqual(await once.json(), { name: 'a%25b' });
    const long = await route(request('/api/sources/x'), { params: Promise.resolve({ name: 'x'.repeat(MAX_PARAM_LENGTH + 1) }) });
    assert.equal(long.status, 400);
    assert.equal((await errorOf(long)).param, 'name');
  });

  test('a throw is a JSON 500 saying what failed, without internals', async () => {
    const route = withRoute(() => Promise.reject(new Error('SQLITE_CORRUPT at /srv/secret/path')));
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
      const route = withRoute(() => Promise.reject(thrown));
      const response = await route(request('/api/x'), noParams);
      assert.equal(response.status, status);
      assert.deepEqual(await response.json(), { error: { code: thrown.code, param: thrown.param, message: thrown.message } });
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    }
  });

  test('a secret key error is a 500 with its own message, which names the variable', async () => {
    const route = withRoute(() => {
      throw new SecretKeyError('ACCESS_ATLAS_SECRET_KEY must be 32 bytes as 64 hex digits or base64');
    });
    const response = await route(request('/api/x'), noParams);
    assert.equal(response.status, 500);
    assert.match((await errorOf(response)).message, /ACCESS_ATLAS_SECRET_KEY must be 32 bytes/);
  });

  test('a malformed ACCESS_ATLAS_ALLOWED_HOSTS is a 500 naming it', async () => {
    process.env.ACCESS_ATLAS_ALLOWED_HOSTS = 'not a host';
    try {
      const route = withRoute(() => Promise.resolve(Response.json({ ok: true })));
      const response = await route(request('/api/x'), noParams);
      assert.equal(response.status, 500);
      assert.equal((await errorOf(response)).param, 'ACCESS_ATLAS_ALLOWED_HOSTS');
    } finally {
      delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
    }
  });

  test('a multipart route takes multipart only, under its limit', async () => {
    const route = withRoute(({ body }) => Promise.resolve(Response.json({ mode: body.get('mode') })), {
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
  for (const route of routes) {
    const text = readFileSync(join(apiDir, route), 'utf8');
    const exported = [...text.matchAll(methods)];
    assert.ok(exported.length > 0, `${route} exports no handler`);
    for (const [, method, rest] of exported) {
      assert.match(rest ?? '', /^\s*=\s*withRoute\b/, `${relative(apiDir, join(apiDir, route))}: ${method} is not withRoute(...)`);
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
