// RAM tiers: builds the account model from the stored objects (the ingest a who-can question
// pays for), then times who-can with the action index (cloudWhoCan) against the naive scan
// (naiveCloudWhoCan: every principal's full policy set, no index) on the same seeded queries, and
// checks both give the same answer, principals and paths, to every one.
import { performance } from 'node:perf_hooks';
import { buildCloudAccount, cloudWhoCan, naiveCloudWhoCan } from '../../lib/core/ram/account';
import type { CloudAccount, CloudWhoCanAnswer } from '../../lib/core/ram/account';
import type { StoredObject } from '../../lib/core/snapshot/types';
import { Rng } from '../synth/prng';
import { randomRamQuery } from '../synth/ram-account';
import { mib, percentile, summarize, type Latency } from './stats';

/** The target: who-can p95 <= 50 ms at the account level, judged at the largest tier. */
export const RAM_TARGETS = { whoCanP95Ms: 50 } as const;
const WARMUP = 100;

export interface RamIngestReport {
  objects: number;
  buildMs: number;
  baselineRssMiB: number;
  /** Process high-water mark (getrusage ru_maxrss) after the build; includes the generated objects, as a store read would. */
  peakRssMiB: number;
  policies: number;
  statements: number;
  errors: number;
  warnings: number;
}

export interface RamWhoCanReport {
  queries: number;
  naiveQueries: number;
  querySeed: number;
  indexed: Latency;
  naive: Latency;
  speedup: { p50: number; p95: number; mean: number };
  /** Queries where indexed and naive answers differ in any way (must be 0). */
  mismatches: number;
  mismatchExamples: { query: { action: string; resource: string }; indexed: string[]; naive: string[] }[];
  principalsPerAnswer: { p50: number; p95: number; max: number };
  /** Share of answer entries that are conditional (allowed only if unknown conditions hold). */
  conditionalShare: number;
}

export function ingestRam(objects: readonly StoredObject[], baselineRssMiB: number): { account: CloudAccount; report: RamIngestReport } {
  const start = performance.now();
  const account = buildCloudAccount([...objects]);
  const buildMs = Math.round(performance.now() - start);
  let statements = 0;
  for (const p of account.policies.values()) statements += p.parsed?.statements.length ?? 0;
  const report: RamIngestReport = {
    objects: objects.length,
    buildMs,
    baselineRssMiB,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    policies: account.policies.size,
    statements,
    errors: account.errors.length,
    warnings: account.warnings.length,
  };
  return { account, report };
}

function keys(answer: CloudWhoCanAnswer): string[] {
  return answer.principals.map((p) => `${p.kind}/${p.name}:${p.decision}`);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

export function benchRamWhoCan(account: CloudAccount, queries: number, naiveQueries: number, querySeed: number): RamWhoCanReport {
  const rng = new Rng(querySeed);
  const list = Array.from({ length: queries }, () => randomRamQuery(rng));
  for (const q of list.slice(0, WARMUP)) {
    cloudWhoCan(account, q);
    naiveCloudWhoCan(account, q);
  }
  const indexedMs: number[] = [];
  const naiveMs: number[] = [];
  const sizes: number[] = [];
  let entries = 0;
  let conditional = 0;
  let mismatches = 0;
  const mismatchExamples: RamWhoCanReport['mismatchExamples'] = [];
  for (const [i, q] of list.entries()) {
    const indexed = timed(() => cloudWhoCan(account, q));
    indexedMs.push(indexed.ms);
    sizes.push(indexed.value.principals.length);
    entries += indexed.value.principals.length;
    conditional += indexed.value.principals.filter((p) => p.decision === 'conditional').length;
    if (i >= naiveQueries) continue;
    const naive = timed(() => naiveCloudWhoCan(account, q));
    naiveMs.push(naive.ms);
    if (JSON.stringify(indexed.value) !== JSON.stringify(naive.value)) {
      mismatches += 1;
      if (mismatchExamples.length < 3) mismatchExamples.push({ query: q, indexed: keys(indexed.value), naive: keys(naive.value) });
    }
  }
  const indexedLatency = summarize(indexedMs);
  const naiveLatency = summarize(naiveMs);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10) / 10);
  const sorted = [...sizes].sort((a, b) => a - b);
  return {
    queries,
    naiveQueries: naiveMs.length,
    querySeed,
    indexed: indexedLatency,
    naive: naiveLatency,
    speedup: {
      p50: ratio(naiveLatency.p50, indexedLatency.p50),
      p95: ratio(naiveLatency.p95, indexedLatency.p95),
      mean: ratio(naiveLatency.mean, indexedLatency.mean),
    },
    mismatches,
    mismatchExamples,
    principalsPerAnswer: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 },
    conditionalShare: entries === 0 ? 0 : Math.round((conditional / entries) * 1000) / 1000,
  };
}

export interface RamVerdict {
  target: number;
  actual: number;
  bound: 'max';
  pass: boolean;
  ratio: number;
}

/** The who-can target is stated for the largest tier; smaller tiers report theirs against the same bound. */
export function judgeRam(report: RamWhoCanReport): Record<string, RamVerdict> {
  const actual = report.indexed.p95;
  const target = RAM_TARGETS.whoCanP95Ms;
  return { whoCanP95Ms: { target, actual, bound: 'max', pass: actual <= target, ratio: Math.round((actual / target) * 100) / 100 } };
}
