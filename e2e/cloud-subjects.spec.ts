// Cloud principals on the dashboard with the demo data: demo-ram's users, groups and roles on
// /subjects, the break-glass admin with AdministratorAccess and no MFA, a policy page with a
// targeted statement, and the links from demo-cluster's subjects to RAM identities: the orphaned
// ACK binding of the deleted contractor and the RRSA service account with its role.
import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';
const CLOUD = 'demo-ram';
const CLUSTER = 'demo-cluster';
/** chen.jie's UID (lib/server/demo/ram-identities.ts): deleted from RAM in week 3, binding kept. */
const ORPHAN_UID = '161803398874989484';
/** li.wei's UID: a RAM user bound in the cluster. */
const LINKED_UID = '271828182845904523';

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

test('cloud principals list, the break-glass admin and the policy it holds', async ({ page }) => {
  await page.goto(`/subjects?source=${CLOUD}`);
  const table = page.getByRole('region', { name: 'Cloud principals' }).getByRole('table');
  await expect(table).toBeVisible();
  const adminRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'ops-breakglass', exact: true }) });
  await expect(adminRow).toContainText('admin (*:*)');
  await expect(adminRow).toContainText('no MFA');
  // li.wei has MFA and no admin policy: neither flag.
  const liWei = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'li.wei', exact: true }) });
  await expect(liWei).not.toContainText('admin (*:*)');
  await expect(liWei).not.toContainText('no MFA');
  await expect(table.getByRole('link', { name: 'developers', exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: 'oss-backup-rrsa', exact: true })).toBeVisible();
  await shoot(page, 'cloud-subjects');

  await adminRow.getByRole('link', { name: 'ops-breakglass' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ops-breakglass');
  const policies = page.getByRole('region', { name: 'Attached policies' });
  await expect(policies.getByRole('link', { name: 'AdministratorAccess' })).toBeVisible();
  const credentials = page.getByRole('region', { name: 'Login, MFA and access keys' });
  await expect(credentials).toContainText('MFA device: none');
  await expect(credentials).toContainText('no MFA');
  await shoot(page, 'cloud-subject-admin');

  await policies.getByRole('link', { name: 'AdministratorAccess' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('AdministratorAccess');
  await expect(page.getByRole('region', { name: 'Policy' })).toContainText('v1');
  const holders = page.getByRole('region', { name: 'Who holds it' });
  await expect(holders.getByRole('link', { name: 'ops-breakglass' })).toBeVisible();
  await expect(page.locator('#statement-0')).toContainText('"Action": "*"');
  await shoot(page, 'cloud-policy');
});

test('a policy statement anchor is highlighted, and a group lists its members', async ({ page }) => {
  await page.goto(`/policy?source=${CLOUD}&type=System&name=AliyunRAMReadOnlyAccess#statement-1`);
  const target = page.locator('#statement-1');
  await expect(target).toContainText('accessanalyzer:Get*');
  await expect(target).toHaveCSS('border-left-color', 'rgb(217, 119, 6)');
  await expect(page.locator('#statement-0')).not.toHaveCSS('border-left-color', 'rgb(217, 119, 6)');
  // Held through group platform by its member li.wei.
  const holders = page.getByRole('region', { name: 'Who holds it' });
  await expect(holders.getByRole('row').filter({ hasText: 'group platform' })).toContainText('li.wei');
  await shoot(page, 'cloud-policy-statement');

  await page.goto(`/policy?source=${CLOUD}&type=Custom&name=no-such-policy`);
  await expect(page.getByText('has no Custom policy "no-such-policy"')).toBeVisible();
});

test('an orphaned ACK binding subject is flagged, a bound RAM user links to its cloud page', async ({ page }) => {
  await page.goto(`/subject?source=${CLUSTER}&kind=User&name=${ORPHAN_UID}`);
  const panel = page.getByRole('region', { name: 'Linked cloud identities' });
  await expect(panel).toContainText('orphaned: no RAM identity with this UID');
  await shoot(page, 'cloud-orphan-subject');

  await page.goto(`/subject?source=${CLUSTER}&kind=User&name=${LINKED_UID}`);
  const linked = page.getByRole('region', { name: 'Linked cloud identities' });
  await linked.getByRole('link', { name: 'RAM user li.wei' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('li.wei');
  const bound = page.getByRole('region', { name: 'Cluster subjects it is bound as (ACK)' });
  await expect(bound.getByRole('link', { name: `User ${LINKED_UID}` })).toBeVisible();
});

test('the RRSA service account shows its role with trust confirmed, and the role lists it', async ({ page }) => {
  await page.goto(`/subject?source=${CLUSTER}&kind=ServiceAccount&namespace=cloud-sync&name=oss-backup`);
  const panel = page.getByRole('region', { name: 'Linked cloud identities' });
  await expect(panel).toContainText('RRSA: may assume');
  await expect(panel).toContainText('trust confirmed');
  await shoot(page, 'cloud-rrsa-sa');
  await panel.getByRole('link', { name: 'RAM role oss-backup-rrsa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('oss-backup-rrsa');
  await expect(page.getByRole('region', { name: 'Trust policy' })).toContainText('oidc:sub');
  const workloads = page.getByRole('region', { name: 'Linked service accounts (RRSA / IRSA)' });
  await expect(workloads.getByRole('link', { name: 'ServiceAccount cloud-sync/oss-backup' })).toBeVisible();
  await expect(workloads).toContainText('trust confirmed');
  await shoot(page, 'cloud-rrsa-role');

  await page.goto(`/subject?source=${CLOUD}&kind=CloudRole&name=ack-shared-workload`);
  await expect(page.getByRole('region', { name: 'Trust policy' })).toContainText('open trust');
});
