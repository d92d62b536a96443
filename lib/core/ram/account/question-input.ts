// The parts of a RAM question that arrive as text (CLI flags, URL params): the principal
// (`user/NAME`, `role/NAME`) and the request context (`KEY=VALUE`, a repeated key is multi-valued).
// Shared by the CLI and the API so both reject the same input with the same words.
import { contextFromPairs } from '../policy';
import type { RequestContext } from '../policy/types';
import type { PrincipalRef } from './can-i';

export type InputResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parsePrincipalRef(text: string): InputResult<PrincipalRef> {
  const match = /^(user|role)\/(.+)$/.exec(text);
  if (!match) return { ok: false, error: `principal "${text}": expected user/NAME or role/NAME` };
  return { ok: true, value: { kind: match[1] as 'user' | 'role', name: match[2] as string } };
}

/** undefined when no pair is given: the context is then unknown and conditions come out 'unknown'. */
export function parseContextPairs(pairs: readonly string[]): InputResult<RequestContext | undefined> {
  if (pairs.length === 0) return { ok: true, value: undefined };
  const out: [string, string][] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, error: `context "${pair}": expected KEY=VALUE, e.g. acs:SourceIp=192.0.2.10` };
    out.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return { ok: true, value: contextFromPairs(out) };
}
