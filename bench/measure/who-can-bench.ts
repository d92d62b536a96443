// Times who-can with the index against the naive scan on the same queries, and checks that both
// give the same answer to every one. A mismatch is a wrong answer in one of them, so it is counted
// and the first few are printed in full.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ClusterObjects } from '../../lib/core/kube/types';
import { buildAuthzIndex, naiveWhoCan, whoCan } from '../../lib/core/rbac';
import type { WhoCanAnswer } from '../../lib/core/rbac/types';
import { randomQueries, type QueryKind, type WhoCanQuery } from './queries';
import { summarize, type Latency } from './stats';

export interface WhoCanReport {
  queries: number;
  querySeed: number;
  mix: Partial<Record<QueryKind, number>>;
  indexBuildMs: number;
  indexed: Latency;
  naive: Latency;
  /** naive / indexed, per percentile. */
  speedup: { p50: number; p95: number; mean: number };
  /** Queries where the two disagree on the set of subjects (must be 0). */
  subjectMismatches: number;
  /** Queries where they agree on subjects but not on the granting paths (binding, role, rule index). */
  pathMismatches: number;
  mismatchExamples: { query: WhoCanQuery; indexed: string[]; naive: string[] }[];
  /** p50/p95 in ms per query kind, to show where the time goes. */
  byKind: Partial<Record<QueryKind, { indexed: Latency; naive: Latency }>>;
  /** Subjects per answer: how big the answers are. */
  subjectsPerAnswer: { p50: number; p95: number; max: number };
}

/** Queries each engine runs untimed first, so that JIT compilation is not charged to the measured ones. */
const WARMUP = 25;

function subjectKeys(answer: WhoCanAnswer): string[] {
  return answer.subjects.map((s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`).sort();
}

function pathsOf(answer: WhoCanAnswer): string {
  return JSON.stringify(answer.subjects.map((s) => [s.kind, s.namespace ?? '', s.name, s.matchedBy]));
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

/** What is kept of an answer to compare it with the other engine's: subject keys and a digest of the paths. */
interface AnswerDigest {
  subjects: string[];
  paths: string;
}

function digestOf(answer: WhoCanAnswer): AnswerDigest {
  return { subjects: subjectKeys(answer), paths: createHash('sha256').update(pathsOf(answer)).digest('hex') };
}

/**
 * Times one engine over every query. The engines run in separate passes, not interleaved, so
 * that the garbage one leaves behind is not collected on the other's clock.
 */
function timeEngine(queries: readonly WhoCanQuery[], ask: (q: WhoCanQuery) => WhoCanAnswer): { ms: number[]; answers: AnswerDigest[] } {
  const ms: number[] = [];
  const answers: AnswerDigest[] = [];
  for (const q of queries) {
    const [answer, took] = timed(() => ask(q));
    ms.push(took);
    answers.push(digestOf(answer));
  }
  return { ms, answers };
}

interface Comparison {
  subjectMismatches: number;
  pathMismatches: number;
  mismatchExamples: WhoCanReport['mismatchExamples'];
}

function compareAnswers(queries: readonly WhoCanQuery[], indexed: readonly AnswerDigest[], naive: readonly AnswerDigest[]): Comparison {
  const out: Comparison = { subjectMismatches: 0, pathMismatches: 0, mismatchExamples: [] };
  queries.forEach((query, i) => {
    const a = indexed[i] as AnswerDigest;
    const b = naive[i] as AnswerDigest;
    if (JSON.stringify(a.subjects) !== JSON.stringify(b.subjects)) {
      out.subjectMismatches++;
      if (out.mismatchExamples.length < 5) out.mismatchExamples.push({ query, indexed: a.subjects, naive: b.subjects });
    } else if (a.paths !== b.paths) out.pathMismatches++;
  });
  return out;
}

function byKind(queries: readonly WhoCanQuery[], indexedMs: readonly number[], naiveMs: readonly number[]): WhoCanReport['byKind'] {
  const samples = new Map<QueryKind, { indexed: number[]; naive: number[] }>();
  queries.forEach((q, i) => {
    const kind = samples.get(q.kind) ?? { indexed: [], naive: [] };
    samples.set(q.kind, kind);
    kind.indexed.push(indexedMs[i] ?? 0);
    kind.naive.push(naiveMs[i] ?? 0);
  });
  return Object.fromEntries([...samples].map(([kind, t]) => [kind, { indexed: summarize(t.indexed), naive: summarize(t.naive) }]));
}

function ratio(naive: number, indexed: number): number {
  return indexed > 0 ? Math.round((naive / indexed) * 10) / 10 : 0;
}

export function benchWhoCan(objects: ClusterObjects, count: number, querySeed: number): WhoCanReport {
  const [index, indexBuildMs] = timed(() => buildAuthzIndex(objects));
  const queries = randomQueries(objects, count, querySeed);
  const askIndexed = (q: WhoCanQuery) => whoCan(index, q.request, { allNamespaces: q.allNamespaces });
  const askNaive = (q: WhoCanQuery) => naiveWhoCan(objects, q.request, { allNamespaces: q.allNamespaces });
  timeEngine(queries.slice(0, WARMUP), askIndexed);
  const fast = timeEngine(queries, askIndexed);
  timeEngine(queries.slice(0, WARMUP), askNaive);
  const slow = timeEngine(queries, askNaive);
  const indexed = summarize(fast.ms);
  const naive = summarize(slow.ms);
  const sizes = summarize(fast.answers.map((a) => a.subjects.length));
  const mix: Partial<Record<QueryKind, number>> = {};
  for (const q of queries) mix[q.kind] = (mix[q.kind] ?? 0) + 1;
  return {
    queries: count,
    querySeed,
    mix,
    indexBuildMs: Math.round(indexBuildMs),
    indexed,
    naive,
    speedup: { p50: ratio(naive.p50, indexed.p50), p95: ratio(naive.p95, indexed.p95), mean: ratio(naive.mean, indexed.mean) },
    ...compareAnswers(queries, fast.answers, slow.answers),
    byKind: byKind(queries, fast.ms, slow.ms),
    subjectsPerAnswer: { p50: sizes.p50, p95: sizes.p95, max: sizes.max },
  };
}
