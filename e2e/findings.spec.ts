// The findings dashboard on the production build with the demo data: the list with its counts and
// trend, one finding's evidence path, a suppression created from the page (then revoked), one that
// expires seconds later (decided by the server's clock: after a reload the finding is open again and
// the suppression listed as expired), and the severity marks on the overview, who-can results,
// subject and role pages. Screenshots go to e2e/artifacts/findings-*.png.
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';
const SOURCE = 'demo-cluster';
const ADMINS = 'Group//oidc:platform-admins';
const ADMIN_TITLE = 'Every verb on every resource, cluster-wide';

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

function tileValue(page: Page, list: string, label: RegExp) {
  return page.getByRole('list', { name: list }).getByRole('link', { name: label }).locator('.tile-value');
}

/** Opens the one finding a filtered list shows, by its title. */
async function openFinding(page: Page, query: string, title: string) {
  await page.goto(`/findings?${query}`);
  const table = page.getByRole('table', { name: 'Findings' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/findings\/f_[0-9a-f]+\?source=demo-cluster/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('the findings page lists the demo findings with counts by severity and a trend', async ({ page }) => {
  await page.goto('/findings');
  await expect(page.getByRole('heading', { level: 1, name: 'Findings' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue(SOURCE);
  const counts = `Findings of ${SOURCE} by severity`;
  const critical = Number(await tileValue(page, counts, /critical/).textContent());
  const high = Number(await tileValue(page, counts, /high/).textContent());
  expect(critical).toBeGreaterThan(0);
  expect(high).toBeGreaterThan(critical);
  await expect(page.getByRole('img', { name: new RegExp(`Findings by severity of ${SOURCE} over \\d+ snapshots`) })).toBeVisible();
  await expect(page.getByText(/finding.* about built-in objects .* hidden/)).toBeVisible();
  await shoot(page, 'findings-list');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'findings-list-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // A count opens the list at its severity, and the list is as long as the count.
  await page
    .getByRole('list', { name: counts })
    .getByRole('link', { name: /critical/ })
    .click();
  await expect(page).toHaveURL(/severity=critical/);
  await expect(page.getByRole('combobox', { name: 'Severity' })).toHaveValue('critical');
  const table = page.getByRole('table', { name: 'Findings' });
  await expect(table.getByRole('row')).toHaveCount(1 + critical);
  await expect(table.getByRole('row').filter({ hasText: 'oidc:platform-admins' }).first()).toContainText('critical');

  // Filters live in the URL: a rule and a namespace narrow it, and built-ins can be shown.
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('');
  await page.getByRole('combobox', { name: 'Rule' }).selectOption('k8s.secrets-read');
  await page.getByRole('combobox', { name: 'Namespace' }).selectOption('team-payments');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/rule=k8s\.secrets-read/);
  await expect(page).toHaveURL(/namespace=team-payments/);
  await expect(table.getByRole('row').filter({ hasText: 'alice@example.com' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: 'oidc:data-devs' })).toHaveCount(0);
  await shoot(page, 'findings-filtered');
});

test('one finding opens its rule and its evidence path, each step a link', async ({ page }) => {
  await openFinding(page, `source=${SOURCE}&rule=k8s.cluster-admin-equivalent&subject=${encodeURIComponent(ADMINS)}`, ADMIN_TITLE);
  await expect(page.getByRole('status', { name: 'Suppression status' })).toContainText('Open');
  await expect(page.getByRole('heading', { name: 'Why it matters' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'References' }).getByRole('link').first()).toHaveAttribute('href', /^https:\/\//);
  const evidence = page.getByRole('list', { name: 'Evidence' });
  await expect(evidence).toContainText('every verb (*) on every resource (*)');
  await expect(evidence.getByRole('link', { name: 'platform-admins', exact: true })).toHaveAttribute(
    'href',
    /\/binding\?.*kind=ClusterRoleBinding.*name=platform-admins/,
  );
  await expect(evidence.getByRole('link', { name: 'cluster-admin', exact: true })).toHaveAttribute(
    'href',
    /\/role\?.*kind=ClusterRole.*name=cluster-admin/,
  );
  await expect(evidence.getByRole('link', { name: 'rule #0' })).toHaveAttribute('href', /rule=0/);
  await expect(page.getByRole('link', { name: 'oidc:platform-admins' }).first()).toHaveAttribute('href', /\/subject\?.*kind=Group/);
  await shoot(page, 'findings-detail');
});

test('a suppression made on the page marks the finding suppressed, lists it, and can be revoked', async ({ page }) => {
  await openFinding(page, `source=${SOURCE}&rule=k8s.cluster-admin-equivalent&subject=${encodeURIComponent(ADMINS)}`, ADMIN_TITLE);
  const form = page.getByRole('form', { name: 'Suppress this finding' });
  await expect(form.getByRole('textbox', { name: 'Subject pattern' })).toHaveValue(ADMINS);
  await expect(form.getByRole('textbox', { name: 'Scope' })).toHaveValue('cluster');

  // A refusal is shown beside the field the API names.
  await form.getByRole('textbox', { name: 'Owner' }).fill('platform@example.com');
  await form.getByRole('button', { name: 'Suppress finding' }).click();
  await expect(form.getByRole('textbox', { name: 'Justification' })).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('justification is required');
  await shoot(page, 'findings-suppress-refused');

  await form.getByRole('textbox', { name: 'Justification' }).fill('break-glass group, reviewed quarterly');
  await form.getByRole('button', { name: 'Suppress finding' }).click();
  await expect(form.getByRole('status')).toContainText(/Suppression #\d+ saved/);
  const id = /#(\d+)/.exec((await form.getByRole('status').textContent()) ?? '')?.[1];
  expect(id).toBeDefined();
  await expect(page.getByRole('status', { name: 'Suppression status' })).toContainText(`Suppressed by #${id}`);
  const list = page.getByRole('table', { name: `Suppressions of ${SOURCE}` });
  const row = list.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^#${id}\\b`) }) });
  await expect(row).toContainText('active');
  await expect(row).toContainText('matches this finding');
  await shoot(page, 'findings-suppressed');

  // The list hides it by default and says so; shown, it carries its mark.
  await page.goto(`/findings?source=${SOURCE}&rule=k8s.cluster-admin-equivalent&subject=${encodeURIComponent(ADMINS)}`);
  await expect(page.getByText('No finding matches these filters.')).toBeVisible();
  await expect(page.getByText('1 suppressed finding hidden')).toBeVisible();
  await page.getByRole('link', { name: 'show suppressed' }).click();
  await expect(page.getByRole('table', { name: 'Findings' }).getByRole('row').nth(1)).toContainText(`suppressed #${id}`);

  // Revoked: listed with who and why, and the finding is open again.
  await page.getByRole('table', { name: 'Findings' }).getByRole('link', { name: ADMIN_TITLE }).click();
  // The list page lists the suppressions too: wait for the finding's own page before acting on it.
  await expect(page.getByRole('heading', { level: 1, name: ADMIN_TITLE })).toBeVisible();
  await page.getByRole('button', { name: `Revoke suppression #${id}` }).click();
  const revoke = page.getByRole('form', { name: `Revoke suppression #${id}` });
  await revoke.getByRole('textbox', { name: 'Reason' }).fill('the group is gone');
  await revoke.getByRole('button', { name: `Revoke #${id}` }).click();
  await expect(row).toContainText('revoked');
  await expect(row).toContainText('Revoked by admin');
  await expect(page.getByRole('status', { name: 'Suppression status' })).toContainText('Open');
});

test('a suppression that expires seconds later is expired after a reload, by the server’s clock, and its finding open again', async ({
  page,
  request,
}) => {
  const title = 'Can run commands in running Pods';
  await openFinding(page, `source=${SOURCE}&rule=k8s.pod-exec&subject=${encodeURIComponent('Group//oidc:payments-devs')}`, title);
  const form = page.getByRole('form', { name: 'Suppress this finding' });
  const expiresAt = new Date(Date.now() + 8_000);
  await form.getByRole('textbox', { name: 'Justification' }).fill('on-call debugging this week');
  await form.getByRole('textbox', { name: 'Owner' }).fill('payments-lead@example.com');
  await form.getByLabel('Expires at (UTC)').fill(expiresAt.toISOString().slice(0, 19));
  await form.getByRole('button', { name: 'Suppress finding' }).click();
  await expect(form.getByRole('status')).toContainText(/Suppression #\d+ saved/);
  const id = /#(\d+)/.exec((await form.getByRole('status').textContent()) ?? '')?.[1];
  await expect(page.getByRole('status', { name: 'Suppression status' })).toContainText(`Suppressed by #${id}`);

  // Wait out the expiry (the server decides it; nothing here fakes a clock), then read the page again.
  await page.waitForTimeout(Math.max(0, expiresAt.getTime() - Date.now()) + 1_000);
  await page.reload();
  await expect(page.getByRole('status', { name: 'Suppression status' })).toContainText('Open');
  const row = page
    .getByRole('table', { name: `Suppressions of ${SOURCE}` })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^#${id}\\b`) }) });
  await expect(row).toContainText('expired');
  await shoot(page, 'findings-expired');

  const api = await request.get(`/api/findings?source=${SOURCE}&rule=k8s.pod-exec`);
  const { findings } = (await api.json()) as { findings: { subject: { name: string } | null; scope: string; suppressed: boolean }[] };
  const finding = findings.find((f) => f.subject?.name === 'oidc:payments-devs' && f.scope === 'team-payments');
  expect(finding?.suppressed).toBe(false);
});

test('severity marks: the overview counts open the list, who-can, subject and role pages mark what has findings', async ({ page }) => {
  await page.goto('/');
  const overview = `Findings of ${SOURCE}`;
  await expect(page.getByRole('list', { name: overview })).toBeVisible();
  const high = Number(await tileValue(page, overview, /high findings/).textContent());
  expect(high).toBeGreaterThan(0);
  await shoot(page, 'findings-overview');
  await page
    .getByRole('list', { name: overview })
    .getByRole('link', { name: /high findings/ })
    .click();
  await expect(page).toHaveURL(/\/findings\?source=demo-cluster&severity=high/);
  await expect(page.getByRole('table', { name: 'Findings' })).toBeVisible();
  expect(Number(await tileValue(page, `Findings of ${SOURCE} by severity`, /high/).textContent())).toBe(high);

  await page.goto(`/who-can?verb=get&resource=secrets&allNamespaces=true&source=${SOURCE}`);
  const admins = page
    .getByRole('table', { name: 'Subjects' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'oidc:platform-admins', exact: true }) });
  const mark = admins.getByRole('link', { name: /open findings?, worst critical/ });
  await expect(mark).toBeVisible();
  // The marks are of the snapshot that answered, so their link names it.
  await expect(mark).toHaveAttribute('href', /\/findings\?source=demo-cluster&snapshot=\d+&subject=Group%2F%2Foidc%3Aplatform-admins/);
  await shoot(page, 'findings-who-can-marks');

  await page.goto(`/subject?source=${SOURCE}&kind=Group&name=oidc:platform-admins`);
  await expect(page.getByRole('heading', { level: 1 }).getByRole('link', { name: /worst critical/ })).toBeVisible();
  await page
    .getByRole('heading', { level: 1 })
    .getByRole('link', { name: /worst critical/ })
    .click();
  await expect(page.getByRole('table', { name: 'Findings' }).getByRole('row').nth(1)).toContainText('oidc:platform-admins');

  await page.goto(`/role?source=${SOURCE}&kind=ClusterRole&name=cluster-admin`);
  const roleMark = page.getByRole('heading', { level: 1 }).getByRole('link', { name: /worst critical/ });
  await expect(roleMark).toHaveAttribute('href', /role=ClusterRole%2F%2Fcluster-admin/);
  await shoot(page, 'findings-role-mark');

  // The graph: a halo on the drawing, and the same mark in its list of nodes.
  await page.goto(`/graph?source=${SOURCE}&focus=${encodeURIComponent('subject:Group::oidc:platform-admins')}`);
  const nodes = page.getByRole('table', { name: /Nodes shown/ });
  const admin = nodes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'oidc:platform-admins', exact: true }) });
  const graphMark = admin.getByRole('link', { name: /worst critical/ });
  await expect(graphMark).toHaveAttribute('href', /subject=Group%2F%2Foidc%3Aplatform-admins/);
  await expect(
    nodes
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'cluster-admin', exact: true }) })
      .getByRole('link', { name: /worst critical/ }),
  ).toBeVisible();
  await shoot(page, 'findings-graph-marks');
});

test("a cloud account's findings: the demo RAM account's break-glass admin, on the API and the page", async ({ page, request }) => {
  const answer = (await (await request.get('/api/findings?source=demo-ram')).json()) as {
    findings: { rule: string; severity: string; layer: string; subject: { kind: string; name: string } | null }[];
    notEvaluated: { rule: string; reason: string }[];
  };
  expect(answer.findings.every((f) => f.layer === 'cloud')).toBe(true);
  const admin = answer.findings.find((f) => f.rule === 'ram.admin-equivalent');
  expect(admin).toMatchObject({ severity: 'critical', subject: { kind: 'CloudUser', name: 'ops-breakglass' } });
  // Rules whose data the account does not carry yet are said, never passed.
  expect(answer.notEvaluated.map((n) => n.rule)).toContain('ram.worker-role-broad');
  // The root account's AccessKey is collected (IMS's security report) and the demo account has one.
  expect(answer.findings.find((f) => f.rule === 'ram.root-accesskey')).toMatchObject({ severity: 'critical' });

  // The overview's admin tile of the account is the count of those findings, and opens them.
  await page.goto('/');
  const adminTile = page
    .getByRole('list', { name: 'Headline numbers of demo-ram' })
    .getByRole('link', { name: /admin-equivalent principals \(open findings\)/ });
  await expect(adminTile).toHaveAttribute('href', '/findings?source=demo-ram&rule=ram.admin-equivalent');
  await expect(adminTile.locator('.tile-value')).toHaveText(
    String(answer.findings.filter((f) => f.rule === 'ram.admin-equivalent').length),
  );

  await page.goto('/findings?source=demo-ram');
  const table = page.getByRole('table', { name: 'Findings' });
  const row = table.getByRole('row').filter({ hasText: 'ram.admin-equivalent' }).filter({ hasText: 'ops-breakglass' });
  await expect(row).toContainText('ops-breakglass');
  await expect(row.getByRole('cell').first()).toHaveText('critical');
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/findings\/f_[0-9a-f]+\?source=demo-ram/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/admin/i);
  await shoot(page, 'findings-cloud-detail');
});
