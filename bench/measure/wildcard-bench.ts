// Pathological RAM/IAM wildcard patterns (issue 9, defect 4): the matcher in
// lib/core/ram/policy/wildcard.ts is timed per match on 200-character values, with patterns built to
// make a backtracking matcher explode (`*?*?…*b`, which the old regex matcher could not answer in
// minutes at 40 characters) and the segment scan's own worst case (a long `?` segment whose literal
// run occurs everywhere). Each answer is checked too: a fast wrong answer is a failure.
// The old regex matcher is timed as a labelled baseline on `*?*?…*b` at 24 characters only, where
// it still finishes (its time grows about threefold per extra character); never at 200.
import { performance } from 'node:perf_hooks';
import { wildcardMatches } from '../../lib/core/ram/policy/wildcard';
import { percentile } from './stats';

/** Reported, never asserted: p99 per match, in ms, over every pathological case at 200 characters. */
export const WILDCARD_TARGETS = { pathologicalP99Ms: 1 } as const;

const BOMB = '*?*?*?*?*?*?*?*?*?*?*?*?*b';
const LENGTH = 200;
const BASELINE_LENGTH = 24;
const ITERATIONS = 2_000;
const BASELINE_ITERATIONS = 5;
const WARMUP = 200;

interface Case {
  name: string;
  pattern: string;
  value: string;
  expected: boolean;
}

const CASES: Case[] = [
  { name: 'star-question bomb, miss', pattern: BOMB, value: 'a'.repeat(LENGTH), expected: false },
  { name: 'star-question bomb, hit', pattern: BOMB, value: `${'a'.repeat(LENGTH - 1)}b`, expected: true },
  { name: '60 x "*a?" then "*c", miss', pattern: `${'*a?'.repeat(60)}*c`, value: 'ab'.repeat(LENGTH / 2), expected: false },
  { name: '200 x "?", hit', pattern: '?'.repeat(LENGTH), value: 'x'.repeat(LENGTH), expected: true },
  // Every position is a candidate for the 99-character run and fails on the `b`: value × segment compares.
  { name: 'segment scan worst case, miss', pattern: `*${'a'.repeat(99)}?b*`, value: 'a'.repeat(LENGTH), expected: false },
  {
    name: 'realistic resource with ?, hit',
    pattern: 'acs:oss:*:*:bucket-??/logs/*',
    value: `acs:oss:cn-hangzhou:1234567890:bucket-01/logs/${'x'.repeat(LENGTH - 46)}`,
    expected: true,
  },
];

export interface WildcardCaseReport {
  name: string;
  patternLength: number;
  valueLength: number;
  /** Whether the matcher gave the expected answer. */
  correct: boolean;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface WildcardReport {
  iterations: number;
  cases: WildcardCaseReport[];
  /** The slowest case's p99: what the target is judged on. */
  worstP99Ms: number;
  wrongAnswers: number;
  /** The old backtracking regex on the bomb at BASELINE_LENGTH characters, against the new matcher on the same input. */
  regexBaseline: { valueLength: number; iterations: number; regexMeanMs: number; matcherMeanMs: number; ratio: number };
}

const round = (ms: number) => Math.round(ms * 10_000) / 10_000;

function timeCase(c: Case): WildcardCaseReport {
  let correct = true;
  for (let i = 0; i < WARMUP; i++) correct &&= wildcardMatches(c.pattern, c.value) === c.expected;
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    const got = wildcardMatches(c.pattern, c.value);
    samples.push(performance.now() - start);
    correct &&= got === c.expected;
  }
  samples.sort((a, b) => a - b);
  return {
    name: c.name,
    patternLength: c.pattern.length,
    valueLength: c.value.length,
    correct,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(samples.at(-1) ?? 0),
  };
}

/** The matcher as it was before the fix: `*` → `[\s\S]*`, `?` → `[\s\S]`, anchored. Baseline only. */
function oldRegexMatcher(pattern: string): (value: string) => boolean {
  const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : escape(ch)))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (value) => regex.test(value);
}

function meanMs(iterations: number, fn: () => void): number {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}

function regexBaseline(): WildcardReport['regexBaseline'] {
  const value = 'a'.repeat(BASELINE_LENGTH);
  const regex = oldRegexMatcher(BOMB);
  const regexMeanMs = meanMs(BASELINE_ITERATIONS, () => regex(value));
  const matcherMeanMs = meanMs(ITERATIONS, () => wildcardMatches(BOMB, value));
  return {
    valueLength: BASELINE_LENGTH,
    iterations: BASELINE_ITERATIONS,
    regexMeanMs: round(regexMeanMs),
    matcherMeanMs: round(matcherMeanMs),
    ratio: matcherMeanMs === 0 ? 0 : Math.round(regexMeanMs / matcherMeanMs),
  };
}

export function benchWildcard(): WildcardReport {
  const cases = CASES.map(timeCase);
  return {
    iterations: ITERATIONS,
    cases,
    worstP99Ms: Math.max(...cases.map((c) => c.p99Ms)),
    wrongAnswers: cases.filter((c) => !c.correct).length,
    regexBaseline: regexBaseline(),
  };
}

export interface WildcardVerdict {
  target: number;
  actual: number;
  bound: 'max';
  pass: boolean;
  ratio: number;
}

export function judgeWildcard(report: WildcardReport): Record<string, WildcardVerdict> {
  const target = WILDCARD_TARGETS.pathologicalP99Ms;
  const actual = report.worstP99Ms;
  return { pathologicalP99Ms: { target, actual, bound: 'max', pass: actual <= target, ratio: Math.round((actual / target) * 100) / 100 } };
}
