// Sign-in as a person does it: the sign-in page, roles refused where they fall short (UI and API),
// a user limited to one source seeing nothing of the others, the CSRF token, sign-out, and an API
// token used the CLI's way. Each test starts signed out, unlike the other specs.
import { expect, test, type Page } from '@playwright/test';
import { asAdminProgram, PASSWORD } from './auth';

test.use({ storageState: { cookies: [], origins: [] } });

async function signIn(page: Page, name: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A same-origin fetch from the page, with or without the page's CSRF token. */
async function pageFetch(
  page: Page,
  url: string,
  method: string,
  withCsrf: boolean,
): Promise<{ status: number; error: { code: string; param: string | null } | null }> {
  return page.evaluate(
    async ({ url, method, withCsrf }) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
      const response = await fetch(url, { method, headers: withCsrf ? { 'x-csrf-token': csrf } : {} });
      const body = (await response.json().catch(() => ({}))) as { error?: { code: string; param: string | null } };
      return { status: response.status, error: body.error ?? null };
    },
    { url, method, withCsrf },
  );
}

test('without a session, pages lead to sign-in (and back) and the API answers 401', async ({ page, request }) => {
  await page.goto('/who-can?verb=get&resource=secrets');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fwho-can%3Fverb%3Dget%26resource%3Dsecrets$/);
  expect((await request.get('/api/sources')).status()).toBe(401);
  expect((await request.get('/api/who-can?verb=get&resource=secrets&source=demo-cluster')).status()).toBe(401);
  await page.getByLabel('User name').fill('viewer');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong user name or password.')).toBeVisible();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/who-can\?verb=get&resource=secrets$/);
  await expect(page.getByLabel('Account')).toContainText('viewer');
  await page.screenshot({ path: 'e2e/artifacts/sign-in-viewer-who-can.png', fullPage: true });
});

test('a viewer is refused every admin and reviewer action, in the UI and the API', async ({ page }) => {
  await signIn(page, 'viewer');
  await expect(page.getByLabel('Account')).toContainText('viewer');
  await page.goto('/sources/new');
  await expect(page).toHaveURL(/\/\?needs=admin$/);
  for (const [url, method] of [
    ['/api/sources/demo-cluster', 'DELETE'],
    ['/api/sources/demo-cluster/snapshots', 'POST'],
    ['/api/sources/demo-cluster/webhooks', 'GET'],
    ['/api/reviews/1/sign-off', 'POST'],
  ] as const) {
    const answer = await pageFetch(page, url, method, true);
    expect([url, answer.status, answer.error?.code]).toEqual([url, 403, 'forbidden']);
  }
  // Reads still work.
  expect((await pageFetch(page, '/api/sources', 'GET', false)).status).toBe(200);
});

test('a user limited to the demo RAM account sees nothing of the demo cluster, joined answers included', async ({ page }) => {
  await signIn(page, 'team-a');
  await expect(page.getByLabel('Account')).toContainText('demo-ram');
  const sources = await page.evaluate(async () =>
    ((await (await fetch('/api/sources')).json()) as { sources: { name: string }[] }).sources.map((s) => s.name),
  );
  expect(sources).toEqual(['demo-ram']);
  for (const url of [
    '/api/who-can?verb=get&resource=secrets&source=demo-cluster',
    '/api/sources/demo-cluster',
    '/api/diff?source=demo-cluster&from=latest~1&to=latest',
  ]) {
    const answer = await pageFetch(page, url, 'GET', false);
    expect([url, answer.status]).toEqual([url, 404]);
  }
  // The links of demo-ram to its cluster are left out with the cluster.
  const links = await pageFetch(page, '/api/ram/links?cluster=demo-cluster', 'GET', false);
  expect(links.status).toBe(404);
  await page.goto('/sources');
  await expect(page.getByRole('link', { name: 'demo-ram', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'demo-cluster', exact: true })).toHaveCount(0);
  await expect(page.getByRole('note')).toHaveText('1 more source is not shown: your account is limited to some sources.');
  await page.screenshot({ path: 'e2e/artifacts/sign-in-team-a-sources.png', fullPage: true });
});

test('a change made with the session cookie needs the CSRF token; sign-out ends the session', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.getByLabel('Account')).toContainText('admin');
  const refused = await pageFetch(page, '/api/sources/no-such-source', 'DELETE', false);
  expect(refused).toEqual({ status: 403, error: expect.objectContaining({ code: 'forbidden', param: 'x-csrf-token' }) as unknown });
  const passed = await pageFetch(page, '/api/sources/no-such-source', 'DELETE', true);
  expect([passed.status, passed.error?.code]).toEqual([404, 'not-found']);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await pageFetch(page, '/api/sources', 'GET', false)).status).toBe(401);
});

test('an API token answers for its owner without a cookie or a CSRF token; a wrong one is 401', async ({ request }) => {
  const listed = await request.get('/api/sources', { headers: asAdminProgram() });
  expect(listed.status()).toBe(200);
  const missing = await request.delete('/api/sources/no-such-source', { headers: asAdminProgram() });
  expect(missing.status()).toBe(404);
  expect((await request.get('/api/sources', { headers: { authorization: 'Bearer atlas_wrong' } })).status()).toBe(401);
});
