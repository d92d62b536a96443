// The weekly review through the UI on the demo cluster: start a review of weeks 1-3, mark
// changes, sign off, and see the next review start where the last one ended (week 3 -> week 4).
// Screenshots go to e2e/artifacts/review-*.png.
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';
// The suite signs in as this user; the server records the signed-in user as the reviewer.
const REVIEWER = 'admin';

async function optionValues(page: Page, label: string): Promise<string[]> {
  return page
    .getByRole('combobox', { name: label })
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
}

async function mark(page: Page, subject: string, verdict: string, note: string) {
  const section = page.getByRole('region', { name: subject, exact: true });
  const form = section.getByRole('form').first();
  await form.getByRole('radio', { name: verdict }).check();
  await form.getByRole('textbox').fill(note);
  await form.getByRole('button', { name: /^Save mark/ }).click();
  await expect(form.getByRole('status')).toContainText(`Marked ${verdict} by ${REVIEWER}`);
}

test('review the demo drift: mark, sign off, and the next review starts where it ended', async ({ page }) => {
  await page.goto('/reviews');
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible();
  const start = page.getByRole('form', { name: 'Start a review' });
  await expect(start.getByRole('button', { name: 'Start review' })).toBeEnabled();
  await start.getByRole('combobox', { name: 'Source' }).selectOption('demo-cluster');
  const ids = await optionValues(page, 'From snapshot');
  expect(ids).toHaveLength(4);
  const [week4, week3, , week1] = ids as [string, string, string, string];
  await start.getByRole('combobox', { name: 'From snapshot' }).selectOption(week1);
  await start.getByRole('combobox', { name: 'To snapshot' }).selectOption(week3);
  await page.screenshot({ path: `${ARTIFACTS}/review-start.png`, fullPage: true });
  await start.getByRole('button', { name: 'Start review' }).click();

  await expect(page).toHaveURL(/\/reviews\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Review \d+$/ })).toBeVisible();
  await expect(page.getByText(`snapshot #${week1}`).first()).toBeVisible();
  // Highest impact first: SRE may exec into every pod, cluster-wide (week 3).
  const subjectHeadings = page.locator('section.review-subject h2');
  await expect(subjectHeadings.first()).toHaveText('Group oidc:sre');
  const ci = page.getByRole('region', { name: 'ServiceAccount ci/deployer', exact: true });
  await expect(ci).toContainText('rule added to ClusterRole ci-deployer: get,list,watch secrets (core)');
  await expect(page.getByRole('region', { name: 'User carol@example.com', exact: true })).toContainText(
    'subject User carol@example.com was added to RoleBinding team-payments/developers',
  );

  await mark(page, 'Group oidc:sre', 'Revert requested', 'exec everywhere was a debugging shortcut');
  await mark(page, 'ServiceAccount ci/deployer', 'Needs follow-up', 'ask CI why it reads secrets');
  await mark(page, 'User carol@example.com', 'Expected', 'carol joined payments');
  await expect(page.getByRole('status', { name: 'Review progress' })).toContainText('3 of');
  await page.screenshot({ path: `${ARTIFACTS}/review-marked.png`, fullPage: true });

  const signOff = page.getByRole('form', { name: 'Sign off this review' });
  await signOff.getByRole('textbox', { name: 'Sign-off comment' }).fill('weeks 1-3 reviewed; SRE exec to be reverted');
  await signOff.getByRole('button', { name: 'Sign off review' }).click();
  await expect(page.getByText(`Signed off by ${REVIEWER}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Save mark/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Group oidc:sre', exact: true })).toContainText(`Revert requested by ${REVIEWER}`);
  await page.screenshot({ path: `${ARTIFACTS}/review-signed-off.png`, fullPage: true });

  // The next review starts where this one ended: week 3 -> week 4.
  await page.goto('/reviews');
  await expect(page.getByRole('table').getByText(`signed off by ${REVIEWER}`)).toBeVisible();
  const next = page.getByRole('form', { name: 'Start a review' });
  await expect(next.getByRole('combobox', { name: 'From snapshot' })).toHaveValue(week3);
  await expect(next.getByRole('combobox', { name: 'To snapshot' })).toHaveValue(week4);
  await expect(next).toContainText(new RegExp(`Default period: where review \\d+ \\(signed off by ${REVIEWER}\\) ended`));
  await next.getByRole('button', { name: 'Start review' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+$/);
  await expect(page.getByText(`snapshot #${week3}`).first()).toBeVisible();
  await expect(page.locator('section.review-subject h2').first()).toHaveText('ServiceAccount ops-tools/legacy-backup-operator');
  await expect(page.getByRole('region', { name: 'Group oidc:contractors', exact: true })).toContainText(
    'RoleBinding team-data/contractors was removed',
  );
  await page.screenshot({ path: `${ARTIFACTS}/review-next.png`, fullPage: true });
});

test('the diff page shows object and permission changes of two snapshots', async ({ page }) => {
  await page.goto('/sources/demo-cluster/diff');
  await expect(page.getByRole('heading', { level: 1, name: 'Diff of demo-cluster' })).toBeVisible();
  const permissions = page.getByRole('table', { name: 'Permission changes by subject, highest impact first' });
  await expect(permissions.getByRole('row').nth(1)).toContainText('ServiceAccount ops-tools/legacy-backup-operator');
  await expect(permissions).toContainText('ClusterRoleBinding legacy-backup-operator-admin was added');
  await expect(page.getByText('RoleBinding team-data/contractors').first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/review-diff.png`, fullPage: true });
});
