// Cross-layer who-can in the dashboard on the demo data: the demo RAM account (demo-ram) is
// linked to the demo cluster (demo-cluster), so a RAM question also names the Kubernetes
// service accounts that can assume a granting role through RRSA.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACK_CLUSTER_ID, DEMO_RAM_ACCOUNT_ID, DEMO_RAM_PEOPLE, DEMO_RRSA_WORKLOAD } from '../lib/server/demo/ram-identities';

const ARTIFACTS = 'e2e/artifacts';

interface ApiPrincipal {
  kind: string;
  name: string;
  namespace?: string;
  cluster?: string;
  decision: string;
  paths: { kind: string; role?: string; via?: string }[][];
}

async function askRam(page: Page, action: string, resource: string) {
  await page.getByRole('textbox', { name: 'Action' }).fill(action);
  await page.getByRole('textbox', { name: 'Resource' }).fill(resource);
  await page.getByRole('button', { name: 'Ask' }).click();
}

function principalRow(page: Page, name: string) {
  return page
    .getByRole('table', { name: 'Principals' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

test('who can delete the demo cluster in RAM: the break-glass admin, with its policy path', async ({ page, request }) => {
  const clusterArn = `acs:cs:*:${DEMO_RAM_ACCOUNT_ID}:cluster/${DEMO_ACK_CLUSTER_ID}`;
  await page.goto('/who-can');
  await page.getByRole('navigation', { name: 'Layer' }).getByRole('link', { name: 'Cloud (RAM)' }).click();
  await expect(page.getByRole('combobox', { name: 'Cloud account' })).toHaveValue('demo-ram');
  await askRam(page, 'cs:DeleteCluster', clusterArn);
  await expect(page).toHaveURL(/mode=cloud.*action=cs%3ADeleteCluster/);

  const api = await request.get(
    `/api/ram/who-can?${new URLSearchParams({ source: 'demo-ram', action: 'cs:DeleteCluster', resource: clusterArn }).toString()}`,
  );
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { principals: ApiPrincipal[] };
  const admin = body.principals.find((p) => p.kind === 'CloudUser' && p.name === DEMO_RAM_PEOPLE.breakGlass.userName);
  expect(admin?.decision).toBe('Allow');

  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    `${body.principals.length} principals can cs:DeleteCluster on ${clusterArn}`,
  );
  const row = principalRow(page, DEMO_RAM_PEOPLE.breakGlass.userName);
  await expect(row).toContainText('Allow');
  await expect(row.getByRole('list', { name: `Paths granting ${DEMO_RAM_PEOPLE.breakGlass.userName}` })).toContainText(
    'AdministratorAccess',
  );
  await page.screenshot({ path: `${ARTIFACTS}/cross-layer-ram.png`, fullPage: true });
});

test('who can write the backup bucket: the RRSA-linked service account, opened on the cluster side', async ({ page, request }) => {
  const { namespace, serviceAccount, roleName } = DEMO_RRSA_WORKLOAD;
  const object = `acs:oss:*:${DEMO_RAM_ACCOUNT_ID}:myphotos/backups/db.tar`;
  await page.goto('/who-can?mode=cloud');
  await askRam(page, 'oss:PutObject', object);

  const api = await request.get(
    `/api/ram/who-can?${new URLSearchParams({ source: 'demo-ram', action: 'oss:PutObject', resource: object }).toString()}`,
  );
  const body = (await api.json()) as { principals: ApiPrincipal[] };
  const sa = body.principals.find((p) => p.kind === 'ServiceAccount' && p.name === serviceAccount && p.namespace === namespace);
  expect(sa?.cluster).toBe('demo-cluster');
  expect(sa?.paths.some((path) => path.some((s) => s.kind === 'AssumeRole' && s.role === roleName && s.via === 'rrsa'))).toBe(true);

  const row = principalRow(page, serviceAccount);
  await expect(row).toContainText('ServiceAccount');
  await expect(row).toContainText(`assumes ${roleName} (RRSA)`);
  await page.screenshot({ path: `${ARTIFACTS}/cross-layer-rrsa.png`, fullPage: true });

  await row.getByRole('link', { name: serviceAccount, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${namespace}/${serviceAccount}`);
  await expect(page.getByRole('region', { name: 'Linked cloud identities' })).toContainText(roleName);
});
