// Wildcard patterns of RAM and IAM policies (ram-semantics.md A1; AWS "IAM JSON policy elements:
// Action / Resource"): `*` matches any run of characters, empty included, across ':' and '/';
// `?` matches exactly one character. Everything else is literal.
// Patterns are compiled once and cached: who-can evaluates the same few thousand patterns against
// millions of (action, resource) pairs, so a test must cost a string compare, not a regex build.
import type { Matcher } from './types';

const cache = new Map<string, Matcher>();
const MAX_CACHE = 50_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** `*`-only globs without a regex: literal head and tail, the middle parts found left to right. */
function starGlob(parts: readonly string[]): Matcher {
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const minLength = head.length + tail.length;
  return (value) => {
    if (value.length < minLength || !value.startsWith(head) || !value.endsWith(tail)) return false;
    let at = head.length;
    const end = value.length - tail.length;
    for (const part of middle) {
      const found = value.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

function build(pattern: string): Matcher {
  if (pattern === '*') return () => true;
  const hasStar = pattern.includes('*');
  const hasQuestion = pattern.includes('?');
  if (!hasStar && !hasQuestion) return (value) => value === pattern;
  // The commonest forms (ecs:Describe*, acs:ecs:cn-qingdao:*:instance/*) need no regex.
  if (!hasQuestion) return starGlob(pattern.split('*'));
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : escapeRegExp(ch)))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (value) => regex.test(value);
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
