// The request guard and security headers against the production build (issue 9, defects 5, 7, 8 and
// the 500s of item 10): cross-site writes from a page on another origin, framing, DNS rebinding
// (a foreign Host), every page under the CSP without a violation or console error, and uploads
// between Next's 10 MB proxy buffer and the upload limit.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { asAdminProgram } from './auth';

const port = Number(process.env.E2E_PORT ?? 3217);
const APP = `http://127.0.0.1:${port}`;
const MARKER = join(tmpdir(), `atlas-e2e-marker-${randomBytes(6).toString('hex')}`);
const FORGED = 'ceo@example.com (forged)';

// Would run `touch MARKER` on the server if the kubeconfig's exec plugin ever ran.
const EXEC_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/sh, args: ['-c', 'touch ${MARKER}'], interactiveMode: Never}}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A classic cross-site form: auto-submitted as soon as the foreign page loads. */
function autoSubmit(action: string, enctype: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<textarea name="${escapeHtml(name)}">${escapeHtml(value)}</textarea>`)
    .join('');
  return `<!doctype html><form method="POST" action="${APP}${action}" enctype="${enctype}">${inputs}</form><script>document.forms[0].submit()</script>`;
}

/** A text/plain form whose body is JSON: name `{"a":"b","pad":"` + `=` + value `"}`. */
function textPlainJson(action: string, json: Record<string, string>): string {
  const name = `${JSON.stringify(json).slice(0, -1)},"pad":"`;
  return `<!doctype html><form method="POST" action="${APP}${action}" enctype="text/plain"><input name="${escapeHtml(name)}" value='"}'></form><script>document.forms[0].submit()</script>`;
}

let foreign: Server;
let FOREIGN = '';
const foreignPages = new Map<string, string>();

test.beforeAll(async () => {
  // Another port is another origin (and the same site: Chromium sends Sec-Fetch-Site: same-site).
  foreign = createServer((req, res) => {
    const page = foreignPages.get(req.url ?? '');
    res.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  FOREIGN = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => foreign.close(resolve));
  rmSync(MARKER, { force: true });
});

async function openForeign(page: Page, path: string, html: string, answerPath: string): Promise<number> {
  foreignPages.set(path, html);
  const answer = page.waitForResponse((r) => r.url() === `${APP}${answerPath}` && r.request().method() === 'POST');
  await page.goto(`${FOREIGN}${path}`);
  return (await answer).status();
}

async function reviewsBy(request: APIRequestContext, name: string): Promise<number> {
  const body = (await (await request.get('/api/reviews')).json()) as { reviews: { review: { createdBy: string } }[] };
  return body.reviews.filter((r) => r.review.createdBy === name).length;
}

test('cross-site writes are refused: an exec kubeconfig upload, a text/plain review and sign-off', async ({ page, request }) => {
  const upload = autoSubmit('/api/sources/test-connection', 'multipart/form-data', {
    mode: 'kubeconfig-upload',
    kubeconfig: EXEC_KUBECONFIG,
  });
  expect(await openForeign(page, '/upload', upload, '/api/sources/test-connection')).toBe(403);
  await expect(page.locator('body')).toContainText('"code":"forbidden"');
  await expect(page.locator('body')).not.toContainText('uid=');

  const addSource = autoSubmit('/api/sources', 'multipart/form-data', {
    name: 'forged-source',
    mode: 'kubeconfig-upload',
    kubeconfig: EXEC_KUBECONFIG,
    snapshot: '1',
  });
  expect(await openForeign(page, '/add', addSource, '/api/sources')).toBe(403);
  expect((await request.get('/api/sources/forged-source')).status()).toBe(404);

  const review = textPlainJson('/api/reviews', { source: 'demo-cluster', createdBy: FORGED });
  expect(await openForeign(page, '/review', review, '/api/reviews')).toBe(403);
  expect(await reviewsBy(request, FORGED)).toBe(0);

  // A review started by a program (no Origin, no Sec-Fetch-Site: the CLI's way) cannot be signed off cross-site.
  const started = await request.post('/api/reviews', {
    headers: asAdminProgram(),
    data: { source: 'demo-cluster', from: 'latest~1', to: 'latest' },
  });
  expect(started.status()).toBe(200);
  const { id } = (await started.json()) as { id: number };
  const signOff = textPlainJson(`/api/reviews/${id}/sign-off`, { by: FORGED, comment: 'approved' });
  expect(await openForeign(page, '/sign-off', signOff, `/api/reviews/${id}/sign-off`)).toBe(403);
  const after = (await (await request.get(`/api/reviews/${id}`)).json()) as { review: { status: string; signedOffBy: string | null } };
  expect(after.review).toMatchObject({ status: 'open', signedOffBy: null });

  // The same text/plain body from the app's own origin, with the page's CSRF token, is still refused:
  // JSON routes take application/json only.
  await page.goto('/reviews');
  const sameOrigin = await page.evaluate(
    async (body) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
      const response = await fetch('/api/reviews', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-csrf-token': csrf },
        body,
      });
      return response.status;
    },
    JSON.stringify({ source: 'demo-cluster', createdBy: FORGED }),
  );
  expect(sameOrigin).toBe(415);
  expect(await reviewsBy(request, FORGED)).toBe(0);
  expect(existsSync(MARKER)).toBe(false);
});

test("the app's own writes pass the guard: Chromium's same-origin DELETE, PUT and POST reach their handlers", async ({ page }) => {
  await page.goto('/sources/demo-cluster');
  // The requests exactly as components/sources/*.tsx send them; each answer comes from its handler
  // (not-found, naming the source or the webhook), not the guard (forbidden, unsupported-media-type).
  const statuses = await page.evaluate(async () => {
    // With the page's CSRF token, as components/api-fetch.ts sends it.
    const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
    const json = { 'content-type': 'application/json' };
    const send = async (url: string, init: RequestInit) => {
      const response = await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), 'x-csrf-token': csrf },
      });
      const body = (await response.json()) as { error: { code: string; param: string | null } };
      return { status: response.status, code: body.error.code, param: body.error.param };
    };
    return {
      deleteSource: await send('/api/sources/no-such-source', { method: 'DELETE' }),
      putSchedule: await send('/api/sources/no-such-source/schedule', {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ enabled: false }),
      }),
      postWebhook: await send('/api/sources/no-such-source/webhooks', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ url: 'https://hooks.example.com/x', format: 'json' }),
      }),
      deleteWebhook: await send('/api/sources/demo-cluster/webhooks?id=999999', { method: 'DELETE' }),
    };
  });
  expect(statuses).toEqual({
    deleteSource: { status: 404, code: 'not-found', param: 'name' },
    putSchedule: { status: 404, code: 'not-found', param: 'name' },
    postWebhook: { status: 404, code: 'not-found', param: 'name' },
    deleteWebhook: { status: 404, code: 'not-found', param: 'id' },
  });
});

test('a foreign page cannot frame the dashboard', async ({ page }) => {
  foreignPages.set('/frame', `<!doctype html><h1>foreign</h1><iframe src="${APP}/sources/demo-cluster" width="800" height="600"></iframe>`);
  const framed = page.waitForResponse(`${APP}/sources/demo-cluster`);
  await page.goto(`${FOREIGN}/frame`);
  const response = await framed;
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers()['x-frame-options']).toBe('DENY');
  await expect(page.getByRole('heading', { name: 'foreign' })).toBeVisible();
  // Chromium replaces a refused frame with its own error document: nothing of the app, no working buttons.
  await expect.poll(() => page.frames()[1]?.url()).toMatch(/^chrome-error:/);
  await expect(page.frameLocator('iframe').getByRole('button', { name: /Snapshot now|Delete/ })).toHaveCount(0);
});

/** A raw request with the Host header we choose (fetch and Playwright set their own). */
function rawGet(
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host, ...asAdminProgram() } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a foreign Host (DNS rebinding) is misdirected: 421 on pages and APIs, before any handler', async () => {
  for (const path of [
    '/',
    '/sources/demo-cluster',
    '/api/sources',
    '/api/sources/demo-cluster',
    '/api/who-can?verb=get&resource=secrets',
  ]) {
    const answer = await rawGet(path, `evil.example:${port}`);
    expect(answer.status, path).toBe(421);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'misdirected', param: 'Host' } });
    expect(answer.body).not.toContain('demo-cluster');
  }
  expect((await rawGet('/api/sources', `localhost:${port}`)).status).toBe(200);
});

test('a path that is not UTF-8 is a 400 naming it, not a 500', async () => {
  for (const path of ['/api/sources/%ff', '/sources/%ff', '/api/reviews/%ff']) {
    const answer = await rawGet(path, `127.0.0.1:${port}`);
    expect(answer.status, path).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid', param: 'path' } });
  }
});

// Every page, with query strings the other specs use; reviews/<id> is added once a review exists.
const PAGES = [
  '/',
  '/who-can?verb=get&resource=secrets&namespace=team-payments&source=demo-cluster',
  '/who-can?mode=cloud',
  '/graph?source=demo-cluster&focus=subject%3AUser%3A%3Aalice%40example.com',
  '/graph?source=demo-cluster&view=whole',
  '/subjects?source=demo-cluster',
  '/subjects?source=demo-ram',
  '/subject?source=demo-cluster&kind=ServiceAccount&namespace=ci&name=deployer',
  '/subject?source=demo-ram&kind=CloudRole&name=ack-shared-workload',
  '/roles?source=demo-cluster',
  '/roles?source=demo-cluster&view=bindings',
  '/role?source=demo-cluster&kind=ClusterRole&name=edit',
  '/binding?source=demo-cluster&kind=ClusterRoleBinding&name=cluster-admin',
  '/policy?source=demo-ram&type=System&name=AliyunRAMReadOnlyAccess',
  '/sources',
  '/sources/new',
  '/sources/new?mode=kubeconfig-upload',
  '/sources/demo-cluster',
  '/sources/demo-ram',
  '/sources/demo-cluster/diff?from=latest~1&to=latest',
  '/findings?source=demo-cluster',
  '/findings?source=demo-cluster&severity=critical&builtin=1',
  '/reviews',
  '/no-such-page',
];

test('every page renders under the CSP without a violation or a console error', async ({ page, request }) => {
  test.setTimeout(180_000);
  const started = await request.post('/api/reviews', {
    headers: asAdminProgram(),
    data: { source: 'demo-cluster', from: 'latest~2', to: 'latest' },
  });
  expect(started.status()).toBe(200);
  const { id } = (await started.json()) as { id: number };

  const problems: string[] = [];
  let current = '';
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    // The not-found page answers 404 by design; Chromium logs that status as a console error.
    if (message.type() === 'error' && !(current === '/no-such-page' && /status of 404/.test(message.text())))
      problems.push(`${current}: console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${current}: page error: ${error.message}`));

  for (const path of [...PAGES, `/reviews/${id}`]) {
    current = path;
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic';/);
    expect(response?.headers()['content-security-policy'], path).not.toContain('unsafe-eval');
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1').first(), path).toBeVisible();
    const violations = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    problems.push(...violations.map((v) => `${path}: CSP: ${v}`));
  }
  expect(problems).toEqual([]);

  // Client-side navigation keeps working under the policy (the RSC requests and the scripts they load).
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Graph' }).click();
  await expect(page).toHaveURL(/\/graph/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});

/** An RBAC dump of at least `bytes`, valid JSON: the bootstrap ClusterRoles, copied under new names. */
function rbacDump(bytes: number): { text: string; count: number } {
  const list = parse(readFileSync(join('fixtures', 'k8s-bootstrap', 'cluster-roles.yaml'), 'utf8')) as {
    items: { metadata: { name: string } }[];
  };
  const items: unknown[] = [];
  let size = 0;
  for (let copy = 0; size < bytes; copy += 1) {
    for (const item of list.items) {
      const clone = { ...item, metadata: { ...item.metadata, name: `${item.metadata.name}-copy-${copy}` } };
      size += JSON.stringify(clone).length + 1;
      items.push(clone);
    }
  }
  return { text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), count: items.length };
}

test('an upload between the proxy buffer (10 MB) and the limit is read whole; one over the limit is refused at once', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const dump = rbacDump(12 * 1024 * 1024);
  expect(dump.text.length).toBeGreaterThan(12 * 1024 * 1024);
  const answer = await request.post('/api/sources/test-connection', {
    headers: asAdminProgram(),
    multipart: { mode: 'files', files: { name: 'cluster-roles.json', mimeType: 'application/json', buffer: Buffer.from(dump.text) } },
    timeout: 110_000,
  });
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as { ok: boolean; kind: string; counts: Record<string, number> };
  expect(body).toMatchObject({ ok: true, kind: 'files' });
  expect(body.counts.ClusterRole).toBe(dump.count);

  // 300 MB declared: refused from the Content-Length, long before the body could be sent.
  const started = Date.now();
  const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/sources/test-connection',
      method: 'POST',
      headers: { ...asAdminProgram(), 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(300 * 1024 * 1024) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(Buffer.alloc(1024 * 1024, 0x61));
  });
  expect(refused.status).toBe(413);
  expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'payload-too-large', param: 'body' } });
  expect(Date.now() - started).toBeLessThan(10_000);
});

test('an upload over the limit without a Content-Length is refused at the limit, before the rest is sent', async () => {
  test.setTimeout(120_000);
  const total = 400 * 1024 * 1024;
  const outcome = await new Promise<{ status: number; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/sources',
      method: 'POST',
      headers: { ...asAdminProgram(), 'content-type': 'multipart/form-data; boundary=x' },
    });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, written });
        req.destroy();
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
  expect(outcome.status).toBe(413);
  expect(outcome.written).toBeLessThan(total);
});
