// The first screens a person sees, on the production build with the demo data seeded into a
// fresh SQLite database at server start. Screenshots go to e2e/artifacts/ for review.
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';

interface ApiSubject {
  kind: string;
  name: string;
  namespace?: string;
  matchedBy: { binding: { kind: string; name: string; namespace?: string }; role: { kind: string; name: string }; ruleIndex: number }[];
}

async function askWhoCan(page: Page, fields: { verb: string; resource?: string; namespace?: string; nonResourceURL?: string }) {
  await page.getByRole('combobox', { name: 'Verb' }).fill(fields.verb);
  await page.getByRole('combobox', { name: 'Resource', exact: true }).fill(fields.resource ?? '');
  await page.getByRole('textbox', { name: 'Non-resource URL' }).fill(fields.nonResourceURL ?? '');
  if (fields.namespace !== undefined) {
    await page.getByRole('radio', { name: 'In namespace' }).check();
    await page.getByRole('combobox', { name: 'Namespace' }).fill(fields.namespace);
  }
  await page.getByRole('button', { name: 'Ask' }).click();
}

test('overview lists the demo source and its four snapshots', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'demo-cluster' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'demo-cluster' }).getByRole('note').filter({ hasText: 'Demo data:' })).toContainText(
    "Kubernetes' default roles",
  );

  const table = page.getByRole('table', { name: 'Snapshots of demo-cluster' });
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(1 + 4);
  await expect(table.getByRole('cell', { name: 'complete' })).toHaveCount(4);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(table.getByRole('link', { name: 'Ask who can of snapshot #4' })).toHaveAttribute('href', /snapshot=\d+/);
  await page.screenshot({ path: `${ARTIFACTS}/overview.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${ARTIFACTS}/overview-dark.png`, fullPage: true });
});

test('who-can answers from the form, keeps the question in the URL, and explains every path', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Who can' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who can' })).toBeVisible();
  // Other specs add sources (e2e/sources.spec.ts), so the default source may not be the demo: choose it.
  await page.getByRole('combobox', { name: 'Source', exact: true }).selectOption('demo-cluster');
  await expect(page.getByRole('combobox', { name: 'Source', exact: true })).toHaveValue('demo-cluster');

  await askWhoCan(page, { verb: 'get', resource: 'secrets', namespace: 'team-payments' });
  await expect(page).toHaveURL(/[?&]verb=get(&|$)/);
  await expect(page).toHaveURL(/[?&]namespace=team-payments(&|$)/);

  // The page must agree with the JSON API (the CLI's shape) for the same question.
  const api = await request.get('/api/who-can?verb=get&resource=secrets&namespace=team-payments&source=demo-cluster');
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { subjects: ApiSubject[] };
  expect(Object.keys(body)).toEqual(['subjects']);
  expect(body.subjects.length).toBeGreaterThan(0);

  const heading = page.getByRole('heading', { level: 2, name: /can get secrets in namespace team-payments/ });
  await expect(heading).toHaveText(`${body.subjects.length} subjects can get secrets in namespace team-payments`);
  const subjects = page.getByRole('table', { name: 'Subjects' });
  await expect(subjects.getByRole('row')).toHaveCount(1 + body.subjects.length);

  // The team lead holds it through RoleBinding team-payments/leads -> ClusterRole admin -> a rule naming secrets.
  const alice = body.subjects.find((s) => s.kind === 'User' && s.name === 'alice@example.com');
  expect(alice?.matchedBy.some((m) => m.binding.name === 'leads' && m.role.name === 'admin')).toBe(true);
  const aliceRow = subjects.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'alice@example.com' }) });
  const path = aliceRow.getByRole('list', { name: 'Paths granting alice@example.com' }).getByRole('listitem').first();
  await expect(path).toContainText('RoleBinding');
  await expect(path).toContainText('team-payments/leads');
  await expect(path).toContainText('ClusterRole');
  await expect(path).toContainText('admin');
  await expect(path).toContainText(/rule #\d+/);
  await expect(path).toContainText(/verbs: \[[^\]]*get[^\]]*\].*resources: \[[^\]]*secrets/);
  await page.screenshot({ path: `${ARTIFACTS}/who-can-answer.png`, fullPage: true });
  await page.screenshot({ path: `${ARTIFACTS}/who-can-answer-top.png` });

  // The link is the answer: a reload renders it on the server again.
  const url = page.url();
  const explainRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/who-can/explain')) explainRequests.push(r.url());
  });
  await page.reload();
  await expect(heading).toHaveText(`${body.subjects.length} subjects can get secrets in namespace team-payments`);
  await expect(page.getByRole('combobox', { name: 'Verb' })).toHaveValue('get');
  expect(explainRequests, 'the reloaded answer comes with the page, not from a second request').toEqual([]);
  const html = await (await request.get(url)).text();
  expect(html).toContain('alice@example.com');
  expect(html).toContain('team-payments/leads');
});

test('a cluster-wide question lists the bootstrap admins', async ({ page }) => {
  await page.goto('/who-can');
  await page.getByRole('radio', { name: 'Cluster-scoped' }).check();
  await page.getByRole('combobox', { name: 'API group' }).fill('rbac.authorization.k8s.io');
  await askWhoCan(page, { verb: 'escalate', resource: 'clusterroles' });
  await expect(
    page.getByRole('heading', { level: 2, name: /subjects? can escalate clusterroles\.rbac\.authorization\.k8s\.io cluster-wide/ }),
  ).toBeVisible();
  const masters = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'system:masters' }) });
  await expect(masters).toContainText('cluster-admin');
  await expect(masters).toContainText('verbs: [*]');
});

test('bad questions get an error naming the field, never an empty answer', async ({ page, request }) => {
  await page.goto('/who-can?verb=get&resource=pods&allNamespaces=true&source=demo-cluster');
  await expect(page.getByRole('heading', { level: 2, name: /can get pods in any namespace/ })).toBeVisible();

  await askWhoCan(page, { verb: 'get', resource: 'secrets', nonResourceURL: '/metrics' });
  // (Next.js's route announcer is an empty alert too; ours is the one saying it cannot answer.)
  const alert = page.getByRole('alert').filter({ hasText: 'Cannot answer' });
  await expect(alert).toContainText('resource cannot be combined with nonResourceURL');
  await expect(page.getByRole('combobox', { name: 'Resource', exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('table', { name: 'Subjects' })).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/who-can-error.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${ARTIFACTS}/who-can-error-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  await askWhoCan(page, { verb: '', resource: 'secrets' });
  await expect(alert).toContainText('verb is required');
  await expect(page.getByRole('combobox', { name: 'Verb' })).toHaveAttribute('aria-invalid', 'true');

  // Back walks through the questions asked, each answer following its URL.
  await page.goBack();
  await expect(alert).toContainText('resource cannot be combined with nonResourceURL');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: /can get pods in any namespace/ })).toBeVisible();

  const bad = await request.get('/api/who-can?resource=secrets');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { param: string; message: string } }).error).toEqual({
    code: 'invalid',
    param: 'verb',
    message: 'verb is required',
  });
  const unknownSnapshot = await request.get('/api/who-can?verb=get&resource=secrets&source=demo-cluster&snapshot=999999');
  expect(unknownSnapshot.status()).toBe(404);
  expect(await unknownSnapshot.json()).toEqual({
    error: { code: 'not-found', param: 'snapshot', message: 'snapshot 999999 does not exist' },
  });
});
