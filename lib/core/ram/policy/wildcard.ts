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

function build(pattern: string): Matcher {
  if (pattern === '*') return () => true;
  const star = pattern.indexOf('*');
  const hasQuestion = pattern.includes('?');
  if (star < 0 && !hasQuestion) return (value) => value === pattern;
  // `prefix*`: the commonest form (ecs:Describe*, acs:oss:*:*:bucket/*) is a startsWith.
  if (!hasQuestion && star === pattern.length - 1) {
    const prefix = pattern.slice(0, -1);
    return (value) => value.startsWith(prefix);
  }
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
