// Wildcard patterns of RAM and IAM policies: `*` matches any run of characters, empty included,
// across ':' and '/'; `?` matches exactly one character (one UTF-16 code unit, as the engine has
// always counted). Everything else is literal. Sources: AWS "IAM JSON policy elements: Action"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html) and
// "Resource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html),
// and Alibaba Cloud RAM "Policy elements" (https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements).
//
// No regular expression: a pattern with `?` used to compile to one, and V8's backtracking made
// `*?*?*?*?*?*?*?*?*?*?*?*?*b` against a 40-character resource run for minutes (issue 9, defect 4).
// Instead the pattern is split at its stars into fixed-length segments (literals and `?`). Between
// two stars, taking each segment's leftmost fit is never worse than a later one (any later fit can
// be moved left without disturbing the rest), so one left-to-right pass decides: at most
// O(value × pattern) character compares, no backtracking across segments.
// Patterns are compiled once and cached: who-can evaluates the same few thousand patterns against
// millions of (action, resource) pairs, so a test must cost a string compare, not a compilation.
import type { Matcher } from './types';

const cache = new Map<string, Matcher>();
const MAX_CACHE = 50_000;

/** A run of the pattern between stars: fixed length, literal except at its `?` positions. */
interface Segment {
  text: string;
  /** True when the segment has no `?`: plain string comparison and indexOf suffice. */
  literal: boolean;
  /** The longest `?`-free run inside the segment and its offset, to find candidates with indexOf. */
  anchor: string;
  anchorOffset: number;
}

function segmentOf(text: string): Segment {
  let anchor = '';
  let anchorOffset = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '?') {
      if (i - start > anchor.length) {
        anchor = text.slice(start, i);
        anchorOffset = start;
      }
      start = i + 1;
    }
  }
  return { text, literal: anchor.length === text.length, anchor, anchorOffset };
}

/** Whether `segment` matches `value` at `at` (the caller has checked it fits). */
function fitsAt(segment: Segment, value: string, at: number): boolean {
  const text = segment.text;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 63 /* ? */ && ch !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The leftmost position ≥ from where `segment` fits and ends by `end`, or -1. */
function findSegment(segment: Segment, value: string, from: number, end: number): number {
  const last = end - segment.text.length;
  if (segment.literal) {
    const found = value.indexOf(segment.text, from);
    return found >= 0 && found <= last ? found : -1;
  }
  if (segment.anchor === '') return from <= last ? from : -1;
  let at = from;
  while (at <= last) {
    // Candidates are where the segment's longest literal run occurs; only those are compared in full.
    const found = value.indexOf(segment.anchor, at + segment.anchorOffset);
    if (found < 0) return -1;
    const start = found - segment.anchorOffset;
    if (start > last) return -1;
    if (fitsAt(segment, value, start)) return start;
    at = start + 1;
  }
  return -1;
}

/** A pattern without `*`: same length, every character equal or under a `?`. */
function fixedGlob(pattern: string): Matcher {
  const segment = segmentOf(pattern);
  return (value) => value.length === pattern.length && fitsAt(segment, value, 0);
}

/** A pattern with `*`: literal-or-`?` head and tail anchored, the middle segments found left to right. */
function starGlob(parts: readonly string[]): Matcher {
  const head = segmentOf(parts[0] ?? '');
  const tail = segmentOf(parts[parts.length - 1] ?? '');
  const middle = parts
    .slice(1, -1)
    .filter((p) => p !== '')
    .map(segmentOf);
  const minLength = head.text.length + tail.text.length;
  const headMatches = head.literal ? (v: string) => v.startsWith(head.text) : (v: string) => fitsAt(head, v, 0);
  const tailMatches = tail.literal ? (v: string) => v.endsWith(tail.text) : (v: string) => fitsAt(tail, v, v.length - tail.text.length);
  return (value) => {
    if (value.length < minLength || !headMatches(value) || !tailMatches(value)) return false;
    let at = head.text.length;
    const end = value.length - tail.text.length;
    for (const segment of middle) {
      const found = findSegment(segment, value, at, end);
      if (found < 0) return false;
      at = found + segment.text.length;
    }
    return true;
  };
}

function build(pattern: string): Matcher {
  if (pattern === '*') return () => true;
  const hasStar = pattern.includes('*');
  if (!hasStar && !pattern.includes('?')) return (value) => value === pattern;
  // The commonest forms (ecs:Describe*, acs:ecs:cn-qingdao:*:instance/*) are literal segments only.
  return hasStar ? starGlob(pattern.split('*')) : fixedGlob(pattern);
}

/** The compiled, case-sensitive test for `pattern`. */
export function compileWildcard(pattern: string): Matcher {
  let matcher = cache.get(pattern);
  if (matcher === undefined) {
    matcher = build(pattern);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher;
}

/** True when `value` matches `pattern` (case-sensitive). */
export function wildcardMatches(pattern: string, value: string): boolean {
  return compileWildcard(pattern)(value);
}

/** True when the text contains a wildcard character. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
