// The Access Atlas benchmark: for each tier, generate a synthetic cluster (bench/generate-cluster.ts),
// then in a child process ingest it into a fresh SQLite store and re-snapshot it unchanged and
// with 1% changed, and in another (fresh, like the server) time who-can with the index against
// the naive scan on the stored snapshot.
// One JSON document goes to stdout at the end; progress goes to stderr.
//
//   npm run bench -- --tiers small,medium [--seed 42] [--queries 1000]
//   npm run bench -- --tiers none --ram-tiers ram-small,ram-medium,ram-large   (RAM tiers only)
//   --ram-tiers none skips the RAM tiers; --naive-queries N times the RAM naive scan on the first N queries only.
//   Every run also times the wildcard matcher on pathological patterns (bench/measure/wildcard-bench.ts).
//   --findings-tiers small,large (default: the --tiers list; none skips) times the findings rules (bench/measure/findings-bench.ts).
//   --ram-findings-tiers ram-large (default: the --ram-tiers list; none skips) times the cloud rules (bench/measure/cloud-findings-bench.ts).
//   (node --conditions=react-server --import tsx bench/run.ts ...)
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateCluster, isTierName, mutate, objectCount, TIERS, writeCluster, type TierName } from './generate-cluster';
import {
  readResult,
  type IngestArgs,
  type IngestMeasurements,
  type QueryArgs,
  type QueryMeasurements,
  type TierMeasurements,
} from './measure/child-protocol';
import { mib } from './measure/stats';
import { judge, TARGETS } from './measure/targets';
import {
  DIFF_TARGETS,
  type DiffArgs,
  type DiffMeasurements,
  type DiffStorageArgs,
  type DiffStorageMeasurements,
} from './measure/diff-protocol';
import type { RamArgs, RamTierMeasurements } from './measure/ram-child';
import { judgeRam, RAM_TARGETS } from './measure/ram-who-can-bench';
import { isRamTierName, RAM_TIERS, type RamTierName } from './synth/ram-account';
import { judgeWildcard, WILDCARD_TARGETS, type WildcardReport } from './measure/wildcard-bench';
import { FINDINGS_TARGETS, judgeFindings, type FindingsReport } from './measure/findings-bench';
import type { FindingsArgs } from './measure/findings-child';
import { CLOUD_FINDINGS_TARGETS, judgeCloudFindings, type CloudFindingsReport } from './measure/cloud-findings-bench';
import type { CloudFindingsArgs } from './measure/cloud-findings-child';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const MEASURE_DIR = join(BENCH_DIR, 'measure');
/** Share of objects the second snapshot changes. */
const CHANGED_FRACTION = 0.01;
/** Snapshots the history-storage measurement stores (each 1% changed from the one before). */
const HISTORY_SNAPSHOTS = 30;

interface Options {
  tiers: TierName[];
  seed: number;
  queries: number;
  outDir: string;
  ramTiers: RamTierName[];
  naiveQueries: number;
  findingsTiers: TierName[];
  ramFindingsTiers: RamTierName[];
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const tierList = value('--tiers') ?? 'small,medium,large';
  const tiers = (tierList === 'none' ? '' : tierList)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const ramList = value('--ram-tiers') ?? Object.keys(RAM_TIERS).join(',');
  const ramTiers = (ramList === 'none' ? '' : ramList)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknownRam = ramTiers.filter((t) => !isRamTierName(t));
  if (unknownRam.length > 0)
    throw new Error(`unknown RAM tier(s) ${unknownRam.join(', ')}; use ${Object.keys(RAM_TIERS).join(',')} or none`);
  const unknown = tiers.filter((t) => !isTierName(t));
  if (unknown.length > 0) throw new Error(`unknown tier(s) ${unknown.join(', ')}; use ${Object.keys(TIERS).join(',')}`);
  const findingsList = value('--findings-tiers') ?? tierList;
  const findingsTiers = (findingsList === 'none' ? '' : findingsList)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknownFindings = findingsTiers.filter((t) => !isTierName(t));
  if (unknownFindings.length > 0)
    throw new Error(`unknown findings tier(s) ${unknownFindings.join(', ')}; use ${Object.keys(TIERS).join(',')} or none`);
  const ramFindingsList = value('--ram-findings-tiers') ?? ramList;
  const ramFindingsTiers = (ramFindingsList === 'none' ? '' : ramFindingsList)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknownRamFindings = ramFindingsTiers.filter((t) => !isRamTierName(t));
  if (unknownRamFindings.length > 0)
    throw new Error(`unknown RAM findings tier(s) ${unknownRamFindings.join(', ')}; use ${Object.keys(RAM_TIERS).join(',')} or none`);
  const seed = Number(value('--seed') ?? '42');
  const queries = Number(value('--queries') ?? '1000');
  if (!Number.isInteger(seed) || !Number.isInteger(queries) || queries <= 0) throw new Error('--seed and --queries take integers');
  const naiveQueries = Number(value('--naive-queries') ?? String(queries));
  if (!Number.isInteger(naiveQueries) || naiveQueries < 0) throw new Error('--naive-queries takes a non-negative integer');
  return {
    tiers: tiers.filter(isTierName),
    seed,
    queries,
    outDir: value('--out') ?? join(BENCH_DIR, 'out'),
    ramTiers: ramTiers.filter(isRamTierName),
    naiveQueries,
    findingsTiers: findingsTiers.filter(isTierName),
    ramFindingsTiers: ramFindingsTiers.filter(isRamTierName),
  };
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function bytesOf(paths: readonly string[]): number {
  return paths.reduce((sum, p) => sum + statSync(p).size, 0);
}

/** Writes the base and the 1%-changed cluster; generation is not part of any measured number. */
function prepareTier(tier: TierName, seed: number, outDir: string) {
  const dir = join(outDir, `${tier}-seed${seed}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const start = performance.now();
  const base = generateCluster(TIERS[tier], seed);
  const baseFiles = writeCluster(base, join(dir, 'base'));
  const mutatedFiles = writeCluster(mutate(base, CHANGED_FRACTION, seed + 1), join(dir, 'mutated'));
  return {
    dir,
    generate: {
      ms: Math.round(performance.now() - start),
      objects: objectCount(base),
      fileMiB: mib(bytesOf(baseFiles)),
      mutatedFileMiB: mib(bytesOf(mutatedFiles)),
    },
  };
}

/** Runs a child script with one JSON argument and parses the one JSON line it prints. */
function runChild<T>(script: string, tier: string, args: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', join(MEASURE_DIR, script), JSON.stringify(args)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`tier ${tier}: ${script} exited with ${code}`));
      const result = readResult(out);
      if (result === undefined) return reject(new Error(`tier ${tier}: ${script} printed no result`));
      try {
        resolve(JSON.parse(result) as T);
      } catch (error) {
        reject(new Error(`tier ${tier}: unreadable output of ${script}: ${String(error)}`));
      }
    });
  });
}

async function runTier(tier: TierName, opts: Options) {
  log(`${tier}: generating (seed ${opts.seed})`);
  const { dir, generate } = prepareTier(tier, opts.seed, opts.outDir);
  const dbFile = join(dir, 'bench.db');
  const ingestArgs: IngestArgs = { tier, baseDir: join(dir, 'base'), mutatedDir: join(dir, 'mutated'), dbFile };
  const { snapshotId, ...ingested } = await runChild<IngestMeasurements>('ingest-child.ts', tier, ingestArgs);
  const queryArgs: QueryArgs = { tier, dbFile, snapshotId, queries: opts.queries, querySeed: opts.seed + 1000 };
  const queried = await runChild<QueryMeasurements>('query-child.ts', tier, queryArgs);
  const measured: TierMeasurements = { ...ingested, ...queried };
  const drift = await measureDrift(tier, dir, dbFile, opts.seed, tier === historyTier(opts.tiers));
  return { tier, counts: TIERS[tier], generate, ...measured, verdicts: judge(tier, measured), ...drift };
}

/**
 * The tier whose 30-snapshot history is stored: medium when it runs (large would store 30 x 49k
 * objects, about 10 minutes on 2 cores, over the bench's time budget), else the first tier run.
 */
function historyTier(tiers: readonly TierName[]): TierName | undefined {
  return tiers.includes('medium') ? 'medium' : tiers[0];
}

/**
 * Snapshot diff on the stored base vs 1%-changed snapshots (every tier), and history storage of 30
 * snapshots at 1% churn each against 30 full copies (one tier: historyTier).
 */
async function measureDrift(tier: TierName, dir: string, dbFile: string, seed: number, withStorage: boolean) {
  log(`${tier}: diff of the base and the 1%-changed snapshot`);
  const diff = await runChild<DiffMeasurements>('diff-child.ts', tier, { tier, dbFile } satisfies DiffArgs);
  const diffVerdicts = {
    objectDiffMs: { target: DIFF_TARGETS.objectDiffMs, value: diff.objectDiffMs, pass: diff.objectDiffMs <= DIFF_TARGETS.objectDiffMs },
    permissionDiffMs: {
      target: DIFF_TARGETS.permissionDiffMs,
      value: diff.permissionDiffMs,
      pass: diff.permissionDiffMs <= DIFF_TARGETS.permissionDiffMs,
    },
  };
  if (!withStorage) return { diff, diffVerdicts };
  log(`${tier}: storing ${HISTORY_SNAPSHOTS} snapshots at 1% change each`);
  const storageArgs: DiffStorageArgs = { tier, dbFile: join(dir, 'history.db'), seed, snapshots: HISTORY_SNAPSHOTS };
  const diffStorage = await runChild<DiffStorageMeasurements>('diff-storage-child.ts', tier, storageArgs);
  return { diff, diffVerdicts, diffStorage };
}

/** A RAM account tier (bench/measure/ram-child.ts): account-model build, who-can indexed vs naive. */
async function runRamTier(tier: RamTierName, opts: Options) {
  log(`${tier}: generating the account and measuring (seed ${opts.seed})`);
  const args: RamArgs = { tier, seed: opts.seed, queries: opts.queries, naiveQueries: opts.naiveQueries, querySeed: opts.seed + 1000 };
  const measured = await runChild<RamTierMeasurements>('ram-child.ts', tier, args);
  return { tier, counts: RAM_TIERS[tier], ...measured, verdicts: judgeRam(measured.whoCan) };
}

/** Every Kubernetes findings rule over a tier, in a process of its own (bench/measure/findings-child.ts). */
async function runFindingsTier(tier: TierName, opts: Options) {
  log(`findings ${tier}: generating the cluster and running every rule (seed ${opts.seed})`);
  const report = await runChild<FindingsReport>('findings-child.ts', tier, { tier, seed: opts.seed } satisfies FindingsArgs);
  return { tier, counts: TIERS[tier], ...report, verdicts: judgeFindings(tier, report) };
}

/** Every cloud findings rule over a RAM tier, in a process of its own (bench/measure/cloud-findings-child.ts). */
async function runCloudFindingsTier(tier: RamTierName, opts: Options) {
  log(`cloud findings ${tier}: generating the account and running every cloud rule (seed ${opts.seed})`);
  const report = await runChild<CloudFindingsReport>('cloud-findings-child.ts', tier, {
    tier,
    seed: opts.seed,
  } satisfies CloudFindingsArgs);
  return { tier, counts: RAM_TIERS[tier], ...report, verdicts: judgeCloudFindings(tier, report) };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const tiers = [];
  for (const tier of opts.tiers) tiers.push(await runTier(tier, opts));
  const ramTiers = [];
  for (const tier of opts.ramTiers) ramTiers.push(await runRamTier(tier, opts));
  const findingsTiers = [];
  for (const tier of opts.findingsTiers) findingsTiers.push(await runFindingsTier(tier, opts));
  const ramFindingsTiers = [];
  for (const tier of opts.ramFindingsTiers) ramFindingsTiers.push(await runCloudFindingsTier(tier, opts));
  log('wildcard: pathological patterns');
  const wildcardReport = await runChild<WildcardReport>('wildcard-child.ts', 'wildcard', {});
  // Judged and counted like a tier, so a missed target shows in summary.misses as { tier: 'wildcard', ... }.
  const wildcard = { tier: 'wildcard', ...wildcardReport, verdicts: judgeWildcard(wildcardReport) };
  // Findings entries are named findings-<tier> in the misses, apart from the cluster tier of the same name.
  const findingsJudged = findingsTiers.map((t) => ({ tier: `findings-${t.tier}`, verdicts: t.verdicts }));
  const ramFindingsJudged = ramFindingsTiers.map((t) => ({ tier: `findings-${t.tier}`, verdicts: t.verdicts }));
  const misses = [...tiers, ...ramTiers, wildcard, ...findingsJudged, ...ramFindingsJudged].flatMap((t) =>
    Object.entries(t.verdicts)
      .filter(([, v]) => !v.pass)
      .map(([name, v]) => ({ tier: t.tier, name, ...v })),
  );
  const ramMismatches = ramTiers.reduce((s, t) => s + t.whoCan.mismatches, 0);
  const doc = {
    benchmark: 'access-atlas',
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: process.platform,
      arch: process.arch,
    },
    seed: opts.seed,
    queries: opts.queries,
    changedFraction: CHANGED_FRACTION,
    targets: TARGETS,
    tiers,
    ramTargets: RAM_TARGETS,
    ramTiers,
    wildcardTargets: WILDCARD_TARGETS,
    wildcard,
    findingsTargets: FINDINGS_TARGETS,
    findingsTiers,
    ramFindingsTargets: CLOUD_FINDINGS_TARGETS,
    ramFindingsTiers,
    summary: {
      correctness:
        tiers.every((t) => t.whoCan.subjectMismatches === 0) && ramMismatches === 0 && wildcard.wrongAnswers === 0 ? 'pass' : 'FAIL',
      subjectMismatches: tiers.reduce((s, t) => s + t.whoCan.subjectMismatches, 0),
      ramMismatches,
      wildcardWrongAnswers: wildcard.wrongAnswers,
      allTargetsPass: misses.length === 0,
      misses,
    },
  };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  // Targets are reported, not asserted; a who-can disagreement or a wrong wildcard answer is a wrong answer, so it fails the run.
  if (doc.summary.subjectMismatches > 0 || ramMismatches > 0 || wildcard.wrongAnswers > 0) process.exitCode = 1;
}

await main();
