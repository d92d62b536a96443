// The dashboard's pages on the production build with the demo data: overview numbers that open
// their lists, who-can with its paths, a subject with its access matrix, a role, a binding, and
// error pages for bad addresses. Screenshots of each page go to e2e/artifacts/ for review.
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';
const SOURCE = 'demo-cluster';

interface ApiSubject {
  kind: string;
  name: string;
  namespace?: string;
  matchedBy: { binding: { kind: string; name: string; namespace?: string }; role: { kind: string; name: string }; ruleIndex: number }[];
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** Each data row of a table, identified by its row header. */
function rowOf(page: Page, table: string, rowHeader: string) {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: rowHeader, exact: true }) });
}

test('overview numbers open the lists behind them, and the lists agree', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const tiles = page.getByRole('list', { name: `Headline numbers of ${SOURCE}` });
  await expect(tiles).toBeVisible();
  await shoot(page, 'dashboard-overview');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'dashboard-overview-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Subjects with cluster-wide *: the tile's number is the filtered list's length.
  const star = tiles.getByRole('link', { name: /subjects with cluster-wide \*/ });
  const starCount = Number(await star.locator('.tile-value').textContent());
  expect(starCount).toBeGreaterThan(0);
  await star.click();
  await expect(page).toHaveURL(/\/subjects\?.*filter=cluster-admin/);
  await expect(page.getByRole('combobox', { name: 'Privilege' })).toHaveValue('cluster-admin');
  await expect(page.getByRole('table', { name: 'Subjects' }).getByRole('row')).toHaveCount(1 + starCount);
  await expect(rowOf(page, 'Subjects', 'system:masters')).toContainText('cluster-admin-like');

  // Bindings to missing roles: the list shows each with its role marked missing.
  await page.goto('/');
  const missing = tiles.getByRole('link', { name: /bindings to missing roles/ });
  const missingCount = Number(await missing.locator('.tile-value').textContent());
  await missing.click();
  await expect(page).toHaveURL(/view=bindings.*filter=missing-role/);
  const bindings = page.getByRole('table', { name: 'Bindings' });
  await expect(bindings.getByRole('row')).toHaveCount(1 + missingCount);
  if (missingCount > 0) await expect(bindings.getByRole('row').nth(1)).toContainText('missing');
  await shoot(page, 'dashboard-bindings-missing-role');
});

test('a who-can answer explains its path and opens the subject, whose access matrix agrees', async ({ page, request }) => {
  await page.goto(`/who-can?verb=get&resource=secrets&namespace=team-payments&source=${SOURCE}`);
  const api = await request.get(`/api/who-can?verb=get&resource=secrets&namespace=team-payments&source=${SOURCE}`);
  const body = (await api.json()) as { subjects: ApiSubject[] };
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    `${body.subjects.length} subjects can get secrets in namespace team-payments`,
  );

  const alice = rowOf(page, 'Subjects', 'alice@example.com');
  const path = alice.getByRole('list', { name: 'Paths granting alice@example.com' }).getByRole('listitem').first();
  await expect(path.getByRole('link', { name: 'team-payments/leads' })).toHaveAttribute(
    'href',
    /\/binding\?.*kind=RoleBinding.*namespace=team-payments.*name=leads/,
  );
  await expect(path.getByRole('link', { name: 'admin', exact: true })).toHaveAttribute('href', /\/role\?.*kind=ClusterRole.*name=admin/);
  await expect(path).toContainText(/verbs: \[[^\]]*get[^\]]*\].*resources: \[[^\]]*secrets/);
  await expect(page.getByRole('link', { name: 'Show as graph' })).toHaveAttribute('href', /\/graph\?source=demo-cluster&whoCan=/);
  const graphHref = await page.getByRole('link', { name: 'Show as graph' }).getAttribute('href');
  const whoCanParam = new URL(graphHref ?? '', 'http://x').searchParams.get('whoCan') ?? '';
  expect(Object.fromEntries(new URLSearchParams(whoCanParam))).toMatchObject({
    verb: 'get',
    resource: 'secrets',
    namespace: 'team-payments',
  });
  await shoot(page, 'dashboard-who-can');

  // The table filters and sorts in place.
  await page.getByRole('searchbox', { name: 'Filter Subjects' }).fill('alice');
  await expect(page.getByRole('table', { name: 'Subjects' }).getByRole('row')).toHaveCount(2);
  await page.getByRole('searchbox', { name: 'Filter Subjects' }).fill('');
  const sortByName = page.getByRole('button', { name: 'Name', exact: true });
  const nameHeader = page.getByRole('columnheader').filter({ has: sortByName });
  await sortByName.click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');

  await alice.getByRole('link', { name: 'alice@example.com' }).click();
  await expect(page).toHaveURL(/\/subject\?.*kind=User.*name=alice%40example.com/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('alice@example.com');
  const rules = page.getByRole('table', { name: 'Effective rules' });
  await expect(rules.getByRole('row').filter({ hasText: 'team-payments/leads' }).first()).toContainText('team-payments');
  await expect(page.getByRole('table', { name: 'Bindings' }).getByRole('rowheader', { name: 'team-payments/leads' })).toBeVisible();

  // The access matrix in team-payments: get secrets is allowed, as who-can said.
  await page.getByRole('combobox', { name: 'Scope' }).selectOption('team-payments');
  await page.getByRole('button', { name: 'Show matrix' }).click();
  const matrix = page.getByRole('table', { name: 'Access matrix in team-payments' });
  const secrets = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'secrets', exact: true }) });
  const getColumn = await matrix.getByRole('columnheader').allTextContents();
  const getIndex = getColumn.findIndex((t) => t.replace(/[↕▲▼]/g, '').trim() === 'get');
  expect(getIndex).toBeGreaterThan(0);
  await expect(secrets.getByRole('cell').nth(getIndex - 1)).toContainText('allowed');
  // nodes are cluster-scoped: not in a namespace's matrix.
  await expect(matrix.getByRole('rowheader', { name: 'nodes', exact: true })).toHaveCount(0);
  await shoot(page, 'dashboard-subject');
});

test('a role shows its rules and who holds it; a binding shows its role and subjects', async ({ page }) => {
  await page.goto(`/roles?source=${SOURCE}`);
  await page.getByRole('searchbox', { name: 'Filter Roles' }).fill('admin');
  await shoot(page, 'dashboard-roles');
  await rowOf(page, 'Roles', 'admin').getByRole('link', { name: 'admin', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('admin');
  await expect(page.getByRole('table', { name: 'Rules' }).getByRole('row').nth(1)).toContainText('verbs:');
  const holders = page.getByRole('table', { name: 'Who holds it' });
  const leads = holders.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /team-payments\/leads/ }) });
  await expect(leads.getByRole('list', { name: 'Subjects of leads' })).toContainText('alice@example.com');
  await expect(page.getByRole('heading', { level: 2, name: 'Aggregation' })).toBeVisible();
  await shoot(page, 'dashboard-role');

  await leads.getByRole('link', { name: /team-payments\/leads/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('team-payments/leads');
  await expect(page.getByRole('link', { name: /ClusterRole\s*admin/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Subjects' }).getByRole('rowheader', { name: /alice@example.com/ })).toBeVisible();
  await shoot(page, 'dashboard-binding');
});

test('a binding to a missing role says so; a long list is virtualized', async ({ page }) => {
  await page.goto(`/roles?source=${SOURCE}&view=bindings&filter=missing-role`);
  const first = page.getByRole('table', { name: 'Bindings' }).getByRole('row').nth(1);
  await first.getByRole('link').first().click();
  await expect(page.getByText(/does not exist|cannot refer/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Rules granted' })).toHaveCount(0);

  // The demo has more roles than the table renders at once: only visible rows are in the DOM,
  // the table still announces every row, and scrolling brings the last one in.
  await page.goto(`/roles?source=${SOURCE}`);
  const table = page.getByRole('table', { name: 'Roles' });
  const total = Number(await table.getAttribute('aria-rowcount')) - 1;
  expect(total).toBeGreaterThan(150);
  const rendered = await table.getByRole('row').count();
  expect(rendered).toBeLessThan(total);
  await page.getByRole('region', { name: 'Roles (scrollable)' }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table.locator(`[aria-rowindex="${total + 1}"]`)).toBeVisible();
});

test('bad addresses get an error naming the parameter', async ({ page }) => {
  await page.goto(`/subject?source=${SOURCE}&kind=Robot&name=x`);
  await expect(page.getByRole('alert').filter({ hasText: 'Bad parameter: kind' })).toContainText(
    'kind must be User, Group or ServiceAccount',
  );
  await shoot(page, 'dashboard-error');
  await page.goto(`/subject?source=${SOURCE}&kind=ServiceAccount&name=deployer`);
  await expect(page.getByRole('alert').filter({ hasText: 'Bad parameter: namespace' })).toContainText('namespace is required');
  await page.goto(`/role?source=${SOURCE}&kind=ClusterRole&name=no-such-role`);
  await expect(page.getByRole('alert').filter({ hasText: 'Bad parameter: name' })).toContainText('has no ClusterRole named "no-such-role"');
  await page.goto('/subjects?source=nope');
  await expect(page.getByRole('alert').filter({ hasText: 'Bad parameter: source' })).toContainText('source "nope" does not exist');
  await page.goto(`/roles?source=${SOURCE}&view=bindings&filter=bogus`);
  await expect(page.getByRole('alert').filter({ hasText: 'Bad parameter: filter' })).toContainText('public, missing-role');
});
