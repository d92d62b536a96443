// Suppressions: a finding an unexpired suppression matches is marked suppressed, with the
// suppression that matched; it is never dropped. Expired suppressions are returned so the caller
// can show them, and never applied. Expiry is decided by the `now` the caller passes.

import type { Finding, FindingParty, FindingsResult, Suppression, SuppressionRef } from './types';

/** `kind/namespace/name`, namespace empty when the party has none (`ClusterRole//admin`); '' for no party. */
export function patternText(party: FindingParty | null): string {
  return party === null ? '' : `${party.kind}/${party.namespace ?? ''}/${party.name}`;
}

/** A `*`-glob match over the whole text: `*` is any run of characters (`/` included), all else literal and case-sensitive. */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  if (parts.length === 1) return pattern === text;
  const last = parts[parts.length - 1] ?? '';
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  // Leftmost placement of each middle part is optimal for star-only globs: linear in the text per part.
  let at = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * Whether a suppression's subject or object pattern matches a party. An absent pattern matches
 * anything; a finding without that party is matched only by an absent pattern or by `*`.
 */
export function matchesPattern(pattern: string | null, party: FindingParty | null): boolean {
  return pattern === null || globMatches(pattern, patternText(party));
}

/** In force at `now`: expiresAt is exclusive; an unreadable date is treated as expired. */
export function isInForce(suppression: Suppression, now: Date): boolean {
  const expires = Date.parse(suppression.expiresAt);
  return Number.isFinite(expires) && now.getTime() < expires;
}

export function suppressionMatches(s: Suppression, finding: Finding): boolean {
  return (
    s.rule === finding.rule &&
    matchesPattern(s.subjectPattern, finding.subject) &&
    matchesPattern(s.objectPattern, finding.object) &&
    (s.scope === null || s.scope === '*' || s.scope === finding.scope)
  );
}

function refOf(s: Suppression): SuppressionRef {
  return { id: s.id, justification: s.justification, owner: s.owner, expiresAt: s.expiresAt };
}

/** Of several matches, the one in force longest (then the lowest id): the finding stays suppressed as long as any holds. */
function preferred(a: Suppression, b: Suppression): Suppression {
  const diff = Date.parse(b.expiresAt) - Date.parse(a.expiresAt);
  return diff > 0 || (diff === 0 && b.id < a.id) ? b : a;
}

export function applySuppressions(
  result: FindingsResult,
  suppressions: readonly Suppression[],
  now: Date,
): FindingsResult & { expired: Suppression[] } {
  const active = suppressions.filter((s) => isInForce(s, now));
  const expired = suppressions.filter((s) => !isInForce(s, now));
  const findings = result.findings.map((finding): Finding => {
    const { suppressedBy: _previous, ...rest } = finding;
    let match: Suppression | undefined;
    for (const s of active) if (suppressionMatches(s, finding)) match = match ? preferred(match, s) : s;
    return match ? { ...rest, suppressed: true, suppressedBy: refOf(match) } : { ...rest, suppressed: false };
  });
  return { findings, notEvaluated: result.notEvaluated, expired };
}
