// The graph explorer on the production build with the demo data: opening focused on a demo
// user, expanding nodes by click and by keyboard, filters, the whole-cluster and who-can views,
// and the PNG/SVG exports. Screenshots go to e2e/artifacts/graph-*.png for review.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
// The component declares window.__graphStats; the type import brings that declaration along.
import type { GraphStats } from '../components/graph/graph-view';

const ARTIFACTS = 'e2e/artifacts';
const ALICE = 'subject:User::alice@example.com';

type Stats = Pick<GraphStats, 'ready' | 'layouts' | 'zoom' | 'nodes' | 'edges' | 'renderer'>;
type Position = { x: number; y: number };

function statsOf(page: Page): Promise<Stats | null> {
  return page.evaluate(() => {
    const s = window.__graphStats;
    return s ? { ready: s.ready, layouts: s.layouts, zoom: s.zoom, nodes: s.nodes, edges: s.edges, renderer: s.renderer } : null;
  });
}

/**
 * Waits until a layout has settled (stopped, fitted, zoom capped, painted: nothing moves after it)
 * into a drawing that `until` accepts, by default any drawing with nodes; returns its stats.
 */
async function drawn(page: Page, until: (s: Stats) => boolean = (s) => s.nodes > 0): Promise<Stats> {
  let settled: Stats | null = null;
  await expect
    .poll(
      async () => {
        const s = await statsOf(page);
        settled = s?.ready === true && until(s) ? s : null;
        return settled !== null;
      },
      { timeout: 45_000 },
    )
    .toBe(true);
  if (settled === null) throw new Error('the drawing did not settle');
  return settled;
}

function positionOf(page: Page, id: string): Promise<Position | null> {
  return page.evaluate((nodeId) => window.__graphStats?.renderedPositionOf(nodeId) ?? null, id);
}

function nodeList(page: Page) {
  return page.getByRole('table', { name: /Nodes shown/ });
}

test('opens focused on a demo user and expands a node on click and by keyboard', async ({ page }) => {
  await page.goto(`/graph?source=demo-cluster&focus=${encodeURIComponent(ALICE)}&depth=1`);
  await expect(page.getByRole('heading', { level: 1, name: 'Graph' })).toBeVisible();
  const first = await drawn(page);
  const list = nodeList(page);
  await expect(list.getByRole('row')).toHaveCount(1 + first.nodes);
  await expect(list.getByRole('rowheader', { name: 'alice@example.com' })).toBeVisible();
  await expect(list.getByRole('row').filter({ hasText: 'RoleBinding' }).getByRole('rowheader', { name: 'leads' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Access graph, around subject:User::alice@example.com/ })).toBeVisible();

  // Two nodes: a tree from the focus (the binding straight below alice, the same on every load),
  // at the capped zoom rather than fitted until their labels collide.
  const binding = 'binding:RoleBinding:team-payments:leads';
  expect(first.nodes).toBe(2);
  expect(first.zoom).toBeLessThanOrEqual(1.25);
  const at = await positionOf(page, binding);
  const alice = await positionOf(page, ALICE);
  if (!at || !alice) throw new Error('the binding or alice is not drawn');
  expect(at.x).toBe(alice.x);
  expect(at.y).toBeGreaterThan(alice.y + 60);

  // A full-page screenshot resizes the window; the drawing must not move for it.
  await page.screenshot({ path: `${ARTIFACTS}/graph-neighborhood.png`, fullPage: true });
  expect(await positionOf(page, binding)).toEqual(at);
  expect((await statsOf(page))?.layouts).toBe(first.layouts);
  // The Fit button fits with the same cap as the layout, so it leaves this drawing as it is.
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  expect(await positionOf(page, binding)).toEqual(at);

  // Click the binding's centre on the canvas: its role and namespace appear. The centre lies on the
  // diamond's vertical axis, where cytoscape's own hit test misses (components/graph/node-at-point.ts).
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) throw new Error('the canvas is not on the page');
  await page.mouse.click(box.x + at.x, box.y + at.y);
  const second = await drawn(page, (s) => s.layouts > first.layouts && s.nodes > first.nodes);
  await expect(
    list.getByRole('row').filter({ hasText: 'ClusterRole' }).getByRole('rowheader', { name: 'admin', exact: true }),
  ).toBeVisible();
  await expect(list.getByRole('rowheader', { name: 'team-payments' })).toBeVisible();

  // The same by keyboard, from the list: expand the ClusterRole admin (every binding to it appears).
  const expandAdmin = list.getByRole('button', { name: 'Expand admin', exact: true });
  await expandAdmin.focus();
  await page.keyboard.press('Enter');
  const third = await drawn(page, (s) => s.layouts > second.layouts && s.nodes > second.nodes);
  await expect(expandAdmin).toBeDisabled();
  await expect(list.getByRole('rowheader', { name: 'leads', exact: true })).toHaveCount(4); // every team lead's binding
  expect(third.nodes).toBeGreaterThan(second.nodes);
  await page.screenshot({ path: `${ARTIFACTS}/graph-expanded.png`, fullPage: true });
});

test('filters: hide system objects, kinds, namespace; all kept in the URL', async ({ page }) => {
  await page.goto(`/graph?source=demo-cluster&focus=${encodeURIComponent('role:ClusterRole::edit')}&depth=2`);
  const all = await drawn(page);
  const list = nodeList(page);
  await expect(list.getByRole('rowheader', { name: /^system:/ }).first()).toBeVisible();

  await page.getByRole('checkbox', { name: /Hide built-in system: objects/ }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]hideSystem=true(&|$)/);
  await drawn(page, (s) => s.nodes > 0 && s.nodes < all.nodes);
  await expect(list.getByRole('rowheader', { name: /^system:/ })).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Namespace filter' }).fill('team-search');
  await page.getByRole('checkbox', { name: 'ServiceAccount' }).uncheck();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]namespace=team-search(&|$)/);
  await expect(page).toHaveURL(/[?&]kinds=[^&]*RoleBinding/);
  await expect(list.getByRole('row').filter({ hasText: 'ServiceAccount' })).toHaveCount(0);
  await expect(list.getByRole('rowheader', { name: 'developers', exact: true })).toBeVisible();
  const namespaces = await list.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(namespaces.filter((ns) => ns !== '').length).toBeGreaterThan(0);
  expect(namespaces.filter((ns) => ns !== '').every((ns) => ns === 'team-search')).toBe(true);
});

test('search finds a node and focuses on it; the whole-cluster view opens', async ({ page }) => {
  await page.goto('/graph?source=demo-cluster&view=whole');
  const whole = await drawn(page);
  const list = nodeList(page);
  await expect(list.getByRole('rowheader', { name: 'team-payments' })).toBeVisible();
  await expect(list.getByRole('rowheader', { name: 'cluster scope' })).toBeVisible();
  expect(whole.nodes).toBeGreaterThan(5);
  await page.screenshot({ path: `${ARTIFACTS}/graph-whole.png`, fullPage: true });

  await page.getByRole('textbox', { name: 'Find a node' }).fill('bob@');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('button', { name: 'User bob@example.com' }).click();
  await expect(page).toHaveURL(/focus=subject%3AUser%3A%3Abob%40example.com/);
  await expect(page).toHaveURL(/view=neighborhood/);
  await drawn(page);
  await expect(list.getByRole('rowheader', { name: 'bob@example.com' })).toBeVisible();
});

test('who-can paths end in the granting rule, for every subject of the answer', async ({ page, request }) => {
  const question = 'verb=get&resource=secrets&namespace=team-payments&source=demo-cluster';
  const api = await request.get(`/api/who-can?${question}`);
  const { subjects } = (await api.json()) as { subjects: { name: string }[] };
  expect(subjects.length).toBeGreaterThan(0);
  await page.goto(`/graph?view=who-can&${question}`);
  await drawn(page);
  await expect(page.getByText('Who can get secrets in namespace team-payments')).toBeVisible();
  const list = nodeList(page);
  for (const s of subjects) await expect(list.getByRole('rowheader', { name: s.name, exact: true }).first()).toBeVisible();
  await expect(list.getByRole('row').filter({ hasText: 'Granting rule' }).first()).toContainText('secrets');
  await page.screenshot({ path: `${ARTIFACTS}/graph-who-can.png`, fullPage: true });
});

test('exports the drawing as PNG and SVG', async ({ page }) => {
  await page.goto(`/graph?source=demo-cluster&focus=${encodeURIComponent(ALICE)}&depth=2`);
  await drawn(page);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('access-graph.png');
  const bytes = readFileSync(await png.path());
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(2000);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('access-graph.svg');
  const text = readFileSync(await svg.path(), 'utf8');
  expect(text).toContain('<svg');
  expect(text).toContain('alice@example.com');
});
