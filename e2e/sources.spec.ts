// Adding a file-based source through the UI and seeing its snapshot; the timeline of the demo
// cluster and its compare-two-points gesture. Screenshots go to e2e/artifacts/sources-*.png.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ARTIFACTS = 'e2e/artifacts';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'k8s-bootstrap');
const DUMPS = ['cluster-roles.yaml', 'cluster-role-bindings.yaml', 'namespace-roles.yaml', 'namespace-role-bindings.yaml'].map((f) =>
  join(FIXTURES, f),
);

/** Objects of a kind in the fixture files, counted independently of the app (List items flattened). */
function fixtureCount(kind: string): number {
  let n = 0;
  for (const file of DUMPS) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const value = doc.toJS() as { kind?: string; items?: { kind?: string }[] } | null;
      if (value?.kind === 'List') n += (value.items ?? []).filter((i) => i.kind === kind).length;
      else if (value?.kind === kind) n += 1;
    }
  }
  return n;
}

async function openAddSource(page: Page) {
  await page.goto('/sources');
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  await page.getByRole('link', { name: 'Add source' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add source' })).toBeVisible();
}

test('sources list shows the demo cluster with its last snapshot', async ({ page }) => {
  await page.goto('/sources');
  const table = page.getByRole('table', { name: 'Sources' });
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'demo-cluster' }) });
  await expect(row).toContainText('cluster');
  await expect(row.getByText('complete')).toBeVisible();
  await expect(row).toContainText('demo data');
  await page.screenshot({ path: `${ARTIFACTS}/sources-list.png`, fullPage: true });
});

test('adding a file-based source: test connection, a bad file named, the snapshot completes with counts', async ({ page, request }) => {
  const clusterRoles = fixtureCount('ClusterRole');
  const bindings = fixtureCount('ClusterRoleBinding');
  expect(clusterRoles).toBeGreaterThan(10);

  await openAddSource(page);
  await page.getByRole('textbox', { name: 'Name' }).fill('bootstrap-dump');
  await page.getByRole('radio', { name: /kubectl dumps/ }).check();
  const files = page.getByLabel('Files', { exact: true });

  // A bad file: the error names it, and nothing is created.
  await files.setInputFiles([
    { name: 'cluster-roles.yaml', mimeType: 'application/yaml', buffer: readFileSync(DUMPS[0] ?? '') },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "List", "items": [') },
  ]);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('form', { name: 'Add source' }).getByRole('alert')).toContainText('broken.json');
  await expect(files).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${ARTIFACTS}/sources-bad-file.png`, fullPage: true });
  await page.getByRole('button', { name: 'Add source' }).click();
  await expect(page.getByRole('form', { name: 'Add source' }).getByRole('alert')).toContainText('files: broken.json');
  expect((await request.get('/api/sources/bootstrap-dump')).status()).toBe(404);

  // Test connection on the good files counts what they hold.
  await files.setInputFiles(DUMPS);
  await page.getByRole('button', { name: 'Test connection' }).click();
  const found = page.getByRole('table', { name: 'Objects found in the files' });
  await expect(found.getByRole('row', { name: /^ClusterRole \d+$/ })).toContainText(String(clusterRoles));
  await expect(found.getByRole('row', { name: /^ClusterRoleBinding \d+$/ })).toContainText(String(bindings));
  await page.screenshot({ path: `${ARTIFACTS}/sources-test-connection.png`, fullPage: true });

  // Add it: the first snapshot is taken and the source page shows it complete, with counts.
  await page.getByRole('button', { name: 'Add source' }).click();
  await expect(page).toHaveURL(/\/sources\/bootstrap-dump$/);
  await expect(page.getByRole('heading', { level: 1, name: 'bootstrap-dump' })).toBeVisible();
  const snapshots = page.getByRole('table', { name: 'Snapshots of bootstrap-dump' });
  await expect(snapshots.getByRole('row')).toHaveCount(2);
  await expect(snapshots.getByRole('cell', { name: 'complete' })).toHaveCount(1);
  await expect(snapshots).toContainText(`ClusterRole ${clusterRoles}`);
  await expect(snapshots).toContainText(`ClusterRoleBinding ${bindings}`);

  // Snapshot now: a second, identical snapshot with the same digest.
  await page.getByRole('button', { name: 'Snapshot now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Snapshot #2 complete' })).toBeVisible();
  await expect(snapshots.getByRole('row')).toHaveCount(3);
  const api = (await (await request.get('/api/sources/bootstrap-dump/snapshots')).json()) as {
    snapshots: { digest: string; status: string }[];
  };
  expect(api.snapshots.map((s) => s.status)).toEqual(['complete', 'complete']);
  expect(api.snapshots[0]?.digest).toBe(api.snapshots[1]?.digest);
  await expect(page.getByRole('table', { name: 'Headline counts per snapshot of bootstrap-dump' }).getByRole('row')).toHaveCount(3);
  await page.screenshot({ path: `${ARTIFACTS}/sources-detail.png`, fullPage: true });

  await page.goto('/sources');
  await expect(page.getByRole('table', { name: 'Sources' }).getByRole('link', { name: 'bootstrap-dump' })).toBeVisible();
});

test('timeline: a point per snapshot; choosing two opens their diff', async ({ page }) => {
  await page.goto('/sources/demo-cluster');
  await expect(page.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Headline counts of demo-cluster over 4 snapshots/ })).toBeVisible();
  const perSnapshot = page.getByRole('table', { name: 'Headline counts per snapshot of demo-cluster' });
  await expect(perSnapshot.getByRole('row')).toHaveCount(1 + 4);
  await expect(page.locator('.timeline-plot canvas').first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/sources-timeline.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${ARTIFACTS}/sources-timeline-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  await perSnapshot.getByRole('button', { name: 'Select #1' }).click();
  await expect(perSnapshot.getByRole('button', { name: 'Select #1' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Snapshot #1 selected')).toBeVisible();
  await perSnapshot.getByRole('button', { name: 'Compare with #4' }).click();
  await expect(page).toHaveURL(/\/sources\/demo-cluster\/diff\?from=\d+&to=\d+$/);
});

test('timeline: clicking two points on the chart opens their diff', async ({ page }) => {
  await page.goto('/sources/demo-cluster');
  const over = page.locator('.timeline-plot .u-over');
  await expect(over).toBeVisible();
  const box = await over.boundingBox();
  if (!box) throw new Error('no plot area');
  // x runs from index -0.3 to 3.3 across the plot area: points 0 and 2.
  const xOf = (i: number) => ((i + 0.3) / 3.6) * box.width;
  await over.click({ position: { x: xOf(0), y: box.height / 2 } });
  await expect(page.getByText('Snapshot #1 selected')).toBeVisible();
  await over.click({ position: { x: xOf(2), y: box.height / 2 } });
  await expect(page).toHaveURL(/\/sources\/demo-cluster\/diff\?from=\d+&to=\d+$/);
});
