// Does one RAM/IAM wildcard pattern cover every value another pattern matches? The permission diff
// uses this to drop a grant an unconditional Deny blocks entirely, so it must never say "covers"
// when it is unsure: a false "true" would hide a real grant. Semantics as wildcard.ts (ram-semantics.md
// A1; AWS "IAM JSON policy elements"): `*` any run (empty included), `?` exactly one character.
//
// Method: match `general` against `specific` read as a token string, where specific's `*` is a token
// only a `*` of general can absorb and specific's `?` one that only general's `?` or `*` can. If
// that succeeds, every value specific matches is matched by general (each of specific's wildcard
// runs sits inside a `*` of general, each `?` on a `?` or inside a `*`). It can answer false for
// some pairs that do subsume (it is sound, not complete); callers treat false as "not certain".

import { hasWildcard, wildcardMatches } from './wildcard';

const WILD = /[*?]/;

type Token = { wild: '*' | '?' } | { ch: string };

function tokens(pattern: string): Token[] {
  return [...pattern].map((ch) => (ch === '*' || ch === '?' ? { wild: ch } : { ch }));
}

/** True only when every value `specific` matches is certainly matched by `general`. */
export function globSubsumes(general: string, specific: string, opts: { caseInsensitive?: boolean } = {}): boolean {
  const g = tokens(opts.caseInsensitive ? general.toLowerCase() : general);
  const s = tokens(opts.caseInsensitive ? specific.toLowerCase() : specific);
  // can[j]: general's first i tokens can cover specific's first j tokens (rolling over i).
  let can = new Array<boolean>(s.length + 1).fill(false);
  can[0] = true;
  for (const gt of g) {
    const next = new Array<boolean>(s.length + 1).fill(false);
    if ('wild' in gt && gt.wild === '*') {
      // `*` absorbs any run of specific's tokens, wildcards included.
      let reachable = false;
      for (let j = 0; j <= s.length; j++) {
        reachable ||= can[j] === true;
        next[j] = reachable;
      }
    } else {
      for (let j = 1; j <= s.length; j++) {
        if (!can[j - 1]) continue;
        const st = s[j - 1] as Token;
        if ('wild' in gt)
          next[j] = !('wild' in st && st.wild === '*'); // `?` covers one character or a `?`
        else next[j] = 'ch' in st && st.ch === gt.ch; // a literal covers only the same literal
      }
    }
    can = next;
  }
  return can[s.length] === true;
}

/**
 * False only when no value can match both patterns (a literal one is tested exactly; two wildcard
 * patterns whose literal heads or tails disagree cannot meet). True means "may overlap": used for
 * notes, never to drop a grant.
 */
export function globsMayOverlap(a: string, b: string, opts: { caseInsensitive?: boolean } = {}): boolean {
  const [x, y] = opts.caseInsensitive ? [a.toLowerCase(), b.toLowerCase()] : [a, b];
  if (!hasWildcard(x)) return wildcardMatches(y, x);
  if (!hasWildcard(y)) return wildcardMatches(x, y);
  const head = (p: string) => p.split(WILD)[0] ?? '';
  const tail = (p: string) => p.split(WILD).pop() ?? '';
  const [hx, hy, tx, ty] = [head(x), head(y), tail(x), tail(y)];
  return (hx.startsWith(hy) || hy.startsWith(hx)) && (tx.endsWith(ty) || ty.endsWith(tx));
}
