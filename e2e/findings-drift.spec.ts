// Findings drift on the demo data (issue 12 item 4): the weekly review of the demo's last week shows
// the finding it gained (the legacy operator made cluster-admin, critical) with its severity, and the
// ones it resolved (the sandbox's edit for everyone cut back to view); the diff page shows the same,
// each linking to the findings page of the snapshot that holds it, and /api/diff has them as JSON.
// Screenshots go to e2e/artifacts/findings-drift-*.png.
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';
const GAINED = 'Findings gained, highest severity first';
const RESOLVED = 'Findings resolved, highest severity first';

async function optionValues(page: Page, label: string): Promise<string[]> {
  return page
    .getByRole('combobox', { name: label })
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
}

test("the demo's drift review shows the critical finding its last week gained, and the findings it resolved", async ({ page }) => {
  await page.goto('/reviews');
  const start = page.getByRole('form', { name: 'Start a review' });
  await start.getByRole('combobox', { name: 'Source' }).selectOption('demo-cluster');
  const [week4, week3] = (await optionValues(page, 'From snapshot')) as [string, string];
  await start.getByRole('combobox', { name: 'From snapshot' }).selectOption(week3);
  await start.getByRole('combobox', { name: 'To snapshot' }).selectOption(week4);
  await start.getByRole('button', { name: 'Start review' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+$/);

  const findings = page.getByRole('region', { name: /^Findings: \d+ gained, \d+ resolved$/ });
  await expect(findings).toBeVisible();
  const gained = findings.getByRole('table', { name: GAINED });
  const worst = gained.getByRole('row').nth(1);
  await expect(worst.getByRole('cell').first()).toHaveText('critical');
  await expect(worst.getByRole('rowheader')).toContainText('Every verb on every resource, cluster-wide');
  await expect(worst).toContainText('ServiceAccount ops-tools/legacy-backup-operator');
  await expect(worst).toContainText('cluster-wide');
  await expect(worst.getByRole('link')).toHaveAttribute(
    'href',
    new RegExp(`^/findings/f_[0-9a-f]+\\?source=demo-cluster&snapshot=${week4}$`),
  );
  // Worst first: no row after the critical one is critical, and every one is at least medium.
  const severities = await gained.locator('tbody tr td:first-child').allTextContents();
  expect(severities[0]).toBe('critical');
  expect(severities.slice(1).every((s) => s === 'high' || s === 'medium')).toBe(true);

  const resolved = findings.getByRole('table', { name: RESOLVED });
  const secrets = resolved.getByRole('row').filter({ hasText: 'k8s.secrets-read' });
  await expect(secrets).toContainText('Group system:authenticated');
  await expect(secrets).toContainText('in namespace sandbox');
  await expect(secrets.getByRole('cell').first()).toHaveText('high');
  await expect(secrets.getByRole('link')).toHaveAttribute(
    'href',
    new RegExp(`^/findings/f_[0-9a-f]+\\?source=demo-cluster&snapshot=${week3}$`),
  );

  // Beside the permission changes, which the review still lists to mark.
  await expect(page.locator('section.review-subject h2').first()).toHaveText('ServiceAccount ops-tools/legacy-backup-operator');
  await page.screenshot({ path: `${ARTIFACTS}/findings-drift-review.png`, fullPage: true });
  await findings.screenshot({ path: `${ARTIFACTS}/findings-drift-review-card.png` });

  // The gained finding opens its evidence in the later snapshot.
  await worst.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/findings/f_[0-9a-f]+\\?source=demo-cluster&snapshot=${week4}$`));
  await expect(page.getByRole('main')).toContainText('legacy-backup-operator');
  await expect(page.getByRole('main')).toContainText('k8s.cluster-admin-equivalent');
});

test('the diff page and /api/diff show the findings gained and resolved between two snapshots', async ({ page, request }) => {
  await page.goto('/sources/demo-cluster/diff');
  await expect(page.getByRole('heading', { level: 1, name: 'Diff of demo-cluster' })).toBeVisible();
  const findings = page.getByRole('region', { name: /^Findings: \d+ gained, \d+ resolved$/ });
  const worst = findings.getByRole('table', { name: GAINED }).getByRole('row').nth(1);
  await expect(worst.getByRole('cell').first()).toHaveText('critical');
  await expect(worst).toContainText('ServiceAccount ops-tools/legacy-backup-operator');
  await expect(findings.getByRole('table', { name: RESOLVED }).getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/findings-drift-diff.png`, fullPage: true });

  const api = await request.get('/api/diff?source=demo-cluster&from=latest~1&to=latest');
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { findings: { gained: { rule: string; severity: string }[]; resolved: unknown[] } };
  expect(Object.keys(body)).toEqual(['objects', 'permissions', 'notices', 'findings']);
  expect(body.findings.gained[0]).toMatchObject({ rule: 'k8s.cluster-admin-equivalent', severity: 'critical' });
  await expect(findings).toContainText(`Findings: ${body.findings.gained.length} gained, ${body.findings.resolved.length} resolved`);
});
