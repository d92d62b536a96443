// The linear-time wildcard matcher against the regex matcher it replaced (kept below as the oracle),
// on patterns small enough for the regex to answer quickly. The pathological patterns the regex
// could not answer in time are checked in child processes killed after 10 s (wildcard-hang.test.ts),
// so a regression fails there instead of hanging this file; timings are in the bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actionMatches } from './action-matches';
import { compileWildcard, wildcardMatches } from './wildcard';

/** The matcher as it was before issue 9 (defect 4): `*` → `[\s\S]*`, `?` → `[\s\S]`, anchored. */
function oracle(pattern: string, value: string): boolean {
  const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : escape(ch)))
    .join('');
  return new RegExp(`^${source}$`).test(value);
}

// Short strings over a small alphabet, so that random pairs both match and miss often, and the
// separators (':' '/') and regex metacharacters ('.') that used to need escaping are exercised.
const PATTERN_UNITS = ['a', 'b', ':', '/', '.', '*', '*', '?', '?'];
const VALUE_UNITS = ['a', 'b', ':', '/', '.', '*', '?'];
const pattern = fc.string({ unit: fc.constantFrom(...PATTERN_UNITS), maxLength: 12 });
const value = fc.string({ unit: fc.constantFrom(...VALUE_UNITS), maxLength: 16 });

test('agrees with the regex matcher on random patterns and values', () => {
  fc.assert(
    fc.property(pattern, value, (p, v) => wildcardMatches(p, v) === oracle(p, v)),
    { numRuns: 20_000 },
  );
});

/** A value the pattern matches: each `*` filled with a run, each `?` with one character. */
const matchingPair = pattern.chain((p) =>
  fc
    .tuple(
      fc.array(fc.string({ unit: fc.constantFrom(...VALUE_UNITS), maxLength: 4 }), { minLength: p.length, maxLength: p.length }),
      fc.array(fc.constantFrom(...VALUE_UNITS), { minLength: p.length, maxLength: p.length }),
    )
    .map(([runs, chars]) => {
      const v = [...p].map((ch, i) => (ch === '*' ? (runs[i] ?? '') : ch === '?' ? (chars[i] ?? 'a') : ch)).join('');
      return { p, v };
    }),
);

test('matches every value built from the pattern, and agrees with the regex on its one-character edits', () => {
  fc.assert(
    fc.property(matchingPair, fc.nat(), fc.constantFrom(...VALUE_UNITS), ({ p, v }, at, ch) => {
      if (!wildcardMatches(p, v) || !oracle(p, v)) return false;
      const i = v.length === 0 ? 0 : at % v.length;
      const edits = [v.slice(0, i) + ch + v.slice(i + 1), v.slice(0, i) + v.slice(i + 1), v.slice(0, i) + ch + v.slice(i)];
      return edits.every((e) => wildcardMatches(p, e) === oracle(p, e));
    }),
    { numRuns: 20_000 },
  );
});

test('actions stay case-insensitive, as the lower-cased regex match was', () => {
  const mixed = ['a', 'A', 'b', 'B', ':', '*', '?'];
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom(...mixed), maxLength: 10 }),
      fc.string({ unit: fc.constantFrom(...mixed), maxLength: 12 }),
      (p, action) => actionMatches(p, action) === oracle(p.toLowerCase(), action.toLowerCase()),
    ),
    { numRuns: 5_000 },
  );
});

test('a compiled matcher answers the same on every call (the cache holds no per-value state)', () => {
  const m = compileWildcard('a?*b?*:');
  for (let round = 0; round < 3; round++) {
    assert.equal(m('axbb:'), true);
    assert.equal(m('ab:'), false);
    assert.equal(m('axyzbq//:'), true);
  }
});

test('segments with ? are found at their leftmost fit between stars', () => {
  // The first fit of "a?c" (at 1) leaves room for the tail; a matcher that stopped at a later fit, or
  // compared only the literal anchor, would answer differently on these.
  assert.equal(wildcardMatches('*a?c*a?c', 'xabcxadc'), true);
  assert.equal(wildcardMatches('*a?c*a?c', 'xabcadc'), true);
  assert.equal(wildcardMatches('*a?c*a?c', 'xabc'), false);
  assert.equal(wildcardMatches('*ab?ab?*', 'abababab'), false, 'no run of the form ab?ab? in abababab');
  assert.equal(wildcardMatches('*ab?ab?*', 'ababzabq'), true, 'the anchor "ab" at 0 does not fit; at 2 it does');
  assert.equal(wildcardMatches('x*?b??b*', 'xaabbbb'), true);
  assert.equal(wildcardMatches('x*?b??b*', 'xabab'), false);
});
