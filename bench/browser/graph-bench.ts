// The graph explorer's performance in a real browser, on the large tier. Seeds the large
// synthetic cluster (bench/generate-cluster.ts) into a fresh SQLite database through the store,
// starts `next start` on the production build against it, drives Chromium (Playwright, the
// flags of playwright.config.ts) and prints one JSON document:
//   - a ~2,000-element neighborhood: layout and draw time (target <= 2 s)
//   - the whole-cluster view: time from navigation start until drawn (target <= 3 s)
//   - frames per second while panning each of them programmatically (target >= 30)
//   - then the dashboard pages' targets (pages-bench.ts): who-can answer, server response, payload
// Targets are reported, never asserted. Needs a production build first:
//
//   ACCESS_ATLAS_DIST_DIR=.next-graph npx next build
//   ACCESS_ATLAS_DIST_DIR=.next-graph npm run -s bench:browser [-- --tier large --seed 42]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { collectFromFiles } from '../../lib/collect/files';
import { openStore, recordSnapshot } from '../../lib/store';
import type { GraphStats } from '../../components/graph/graph-view';
import { generateCluster, isTierName, objectCount, TIERS, writeCluster } from '../generate-cluster';
import { measurePages, pageVerdicts, PAGE_TARGETS } from './pages-bench';

const SOURCE = 'bench-graph';
const TARGET_ELEMENTS = 2000;
const TARGETS = { neighborhoodLayoutAndDrawMs: 2000, wholeViewOpenMs: 3000, panFps: 30 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function log(message: string): void {
  process.stderr.write(`[bench:browser] ${message}\n`);
}

function option(flag: string, fallback: string): string {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function seed(dataDir: string, tier: keyof typeof TIERS, seedValue: number): Promise<number> {
  const filesDir = join(dataDir, 'files');
  const cluster = generateCluster(TIERS[tier], seedValue);
  writeCluster(cluster, filesDir);
  log(`${tier}: ${objectCount(cluster)} objects written; importing`);
  const collected = await collectFromFiles([filesDir]);
  if (!collected.ok) throw new Error(`import failed: ${collected.error.message}`);
  const store = await openStore({ databaseUrl: `file:${join(dataDir, 'access-atlas.db')}` });
  try {
    await store.ensureSource({ name: SOURCE, kind: 'cluster' });
    const snapshot = await recordSnapshot(store, SOURCE, 'cluster', collected, filesDir);
    if (snapshot.status !== 'complete') throw new Error(`snapshot is ${snapshot.status}`);
  } finally {
    await store.close();
  }
  rmSync(filesDir, { recursive: true, force: true });
  return objectCount(cluster);
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ACCESS_ATLAS_DATA_DIR: dataDir, ACCESS_ATLAS_DEMO: '0', NEXT_TELEMETRY_DISABLED: '1' };
  delete env.DATABASE_URL;
  const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/sources`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill('SIGTERM');
  throw new Error('next start did not answer within 120 s');
}

interface ApiGraph {
  ok: boolean;
  nodes: unknown[];
  edges: unknown[];
  error?: string;
}

/** A node limit whose neighborhood of ClusterRole view (bound all over the cluster) has about 2,000 elements. */
async function neighborhoodUrl(base: string): Promise<{ search: string; elements: number }> {
  let limit = 800;
  let best = { search: '', elements: 0 };
  for (let i = 0; i < 5; i++) {
    const search = `source=${SOURCE}&focus=${encodeURIComponent('role:ClusterRole::view')}&depth=2&limit=${limit}`;
    const body = (await (await fetch(`${base}/api/graph?${search}`)).json()) as ApiGraph;
    if (!body.ok) throw new Error(`api/graph: ${body.error ?? 'failed'}`);
    const elements = body.nodes.length + body.edges.length;
    best = { search, elements };
    if (Math.abs(elements - TARGET_ELEMENTS) <= 100) break;
    limit = Math.max(10, Math.round((limit * TARGET_ELEMENTS) / elements));
  }
  return best;
}

async function statsOf(page: Page): Promise<Omit<GraphStats, 'panBy' | 'renderedPositionOf'>> {
  await page.waitForFunction(() => window.__graphStats?.ready === true, undefined, { timeout: 120_000 });
  return page.evaluate(() => {
    const { panBy: _p, renderedPositionOf: _r, ...stats } = window.__graphStats as GraphStats;
    return stats;
  });
}

/**
 * requestAnimationFrame ticks per second while the viewport pans a little on every frame. The
 * page-side code is a string: tsx (esbuild keepNames) wraps named functions of a compiled
 * callback in a `__name` helper that does not exist in the page.
 */
function panFps(page: Page, ms = 3000): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const stats = window.__graphStats;
    let frames = 0;
    const start = performance.now();
    const tick = () => {
      frames++;
      stats.panBy(frames % 200 < 100 ? 4 : -4, 2 * Math.sin(frames / 20));
      const elapsed = performance.now() - start;
      if (elapsed < ${ms}) requestAnimationFrame(tick);
      else resolve(Math.round((frames * 1000 * 10) / elapsed) / 10);
    };
    requestAnimationFrame(tick);
  })`);
}

async function measure(base: string) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // A page that never finishes drawing should say why in the log.
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') log(`console ${message.type()}: ${message.text()}`);
    });
    const { search, elements } = await neighborhoodUrl(base);
    log(`neighborhood: ${elements} elements`);
    await page.goto(`${base}/graph?source=${SOURCE}&view=whole`); // warm: server index, JS bundles in cache
    await statsOf(page);
    await page.goto(`${base}/graph?${search}`);
    const hood = await statsOf(page);
    const hoodFps = await panFps(page);
    const started = performance.now();
    await page.goto(`${base}/graph?source=${SOURCE}&view=whole`);
    const whole = await statsOf(page);
    const wholeWallMs = Math.round(performance.now() - started);
    const wholeFps = await panFps(page);
    await page.close();
    log('graph measured; measuring pages');
    const pages = await measurePages(browser, base, SOURCE);
    return {
      neighborhood: { ...hood, layoutAndDrawMs: hood.layoutMs + hood.drawMs, panFps: hoodFps },
      whole: { ...whole, openMs: whole.readyAt, wallClockMs: wholeWallMs, panFps: wholeFps },
      pages,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const distDir = process.env.ACCESS_ATLAS_DIST_DIR ?? '.next';
  if (!existsSync(join(distDir, 'BUILD_ID'))) {
    log(`no production build in ${distDir}: run ACCESS_ATLAS_DIST_DIR=${distDir} npx next build first`);
    process.exit(2);
  }
  const tier = option('--tier', 'large');
  if (!isTierName(tier)) throw new Error(`unknown tier ${tier}`);
  const seedValue = Number(option('--seed', '42'));
  const dataDir = mkdtempSync(join(tmpdir(), 'access-atlas-graph-bench-'));
  let server: ChildProcess | undefined;
  try {
    const start = performance.now();
    const objects = await seed(dataDir, tier, seedValue);
    log(`seeded in ${Math.round(performance.now() - start)} ms; starting next start (${distDir})`);
    const port = await freePort();
    server = await startServer(dataDir, port);
    const result = await measure(`http://127.0.0.1:${port}`);
    const verdict = (actual: number, target: number, atMost: boolean) => ({
      actual,
      target: `${atMost ? '<=' : '>='} ${target}`,
      pass: atMost ? actual <= target : actual >= target,
    });
    const verdicts = {
      neighborhoodLayoutAndDrawMs: verdict(result.neighborhood.layoutAndDrawMs, TARGETS.neighborhoodLayoutAndDrawMs, true),
      wholeViewOpenMs: verdict(result.whole.openMs, TARGETS.wholeViewOpenMs, true),
      panFpsNeighborhood: verdict(result.neighborhood.panFps, TARGETS.panFps, false),
      panFpsWhole: verdict(result.whole.panFps, TARGETS.panFps, false),
      ...pageVerdicts(result.pages),
    };
    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'access-atlas-graph-browser', machine, tier, seed: seedValue, objects, targets: { ...TARGETS, ...PAGE_TARGETS }, ...result, verdicts }, null, 2)}\n`,
    );
  } finally {
    server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
