// One question layer behind every entry point (lib/server/questions): an RBAC question asked of the
// demo cloud account, or a RAM question asked of the demo cluster, is refused by name on every
// API route and page, never answered "nobody". The CLI's side is in cli/commands/ram-cli.test.ts.
import { expect, test } from '@playwright/test';

const ARTIFACTS = 'e2e/artifacts';

const RBAC_TO_CLOUD = 'source "demo-ram" is a cloud account: RBAC questions need a cluster source (a cluster source: demo-cluster)';
const RAM_TO_CLUSTER =
  'source "demo-cluster" is a cluster: RAM/IAM questions need a cloud account source (a cloud account source: demo-ram)';

test('the API refuses a question to the wrong kind of source with 409 wrong-kind, naming it', async ({ request }) => {
  const asked = [
    { url: '/api/who-can?verb=get&resource=secrets&allNamespaces=true&source=demo-ram', message: RBAC_TO_CLOUD },
    { url: '/api/who-can/explain?verb=get&resource=secrets&source=demo-ram', message: RBAC_TO_CLOUD },
    { url: '/api/graph?source=demo-ram&view=whole', message: RBAC_TO_CLOUD },
    { url: '/api/graph?source=demo-ram&view=who-can&verb=get&resource=secrets', message: RBAC_TO_CLOUD },
    { url: '/api/findings/marks?source=demo-ram', message: RBAC_TO_CLOUD },
    { url: '/api/ram/who-can?action=cs:DeleteCluster&resource=*&source=demo-cluster', message: RAM_TO_CLUSTER },
    { url: '/api/ram/can-i?action=cs:DeleteCluster&resource=*&principal=user/x&source=demo-cluster', message: RAM_TO_CLUSTER },
  ];
  for (const { url, message } of asked) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(409);
    expect(await response.json(), url).toEqual({ error: { code: 'wrong-kind', param: 'source', message } });
  }
  // Asked by snapshot id alone, the snapshot's source decides, and the refusal names the snapshot.
  const cloud = (await (await request.get('/api/sources/demo-ram/snapshots?limit=1')).json()) as { snapshots: { id: number }[] };
  const id = cloud.snapshots[0]?.id;
  expect(id).toBeDefined();
  const bySnapshot = await request.get(`/api/who-can?verb=get&resource=pods&snapshot=${id}`);
  expect(bySnapshot.status()).toBe(409);
  expect(((await bySnapshot.json()) as { error: { code: string; param: string } }).error).toMatchObject({
    code: 'wrong-kind',
    param: 'snapshot',
  });
});

test('the pages explain a question to the wrong kind of source instead of answering it', async ({ page }) => {
  await page.goto('/who-can?verb=get&resource=secrets&allNamespaces=true&source=demo-ram');
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot answer' })).toContainText(RBAC_TO_CLOUD);
  await expect(page.getByRole('table', { name: /subjects/i })).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/question-wrong-kind-who-can.png`, fullPage: true });

  await page.goto('/who-can?mode=cloud&source=demo-cluster&action=cs%3ADeleteCluster&resource=*');
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot answer' })).toContainText(RAM_TO_CLUSTER);
  await expect(page.getByRole('table', { name: 'Principals' })).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/question-wrong-kind-ram.png`, fullPage: true });

  await page.goto('/graph?source=demo-ram');
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot draw this graph' })).toContainText(RBAC_TO_CLOUD);
  await page.screenshot({ path: `${ARTIFACTS}/question-wrong-kind-graph.png`, fullPage: true });

  await page.goto('/roles?source=demo-ram');
  await expect(page.getByRole('alert').filter({ hasText: 'Bad parameter: source' })).toContainText(RBAC_TO_CLOUD);
});
