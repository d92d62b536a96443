// Trust statements that any service account could satisfy. An OIDC trust (RRSA or IRSA) is only as
// narrow as its subject condition: without oidc:sub (AWS: <issuer>:sub) every SA of the cluster,
// and with a wildcard StringLike every SA it matches, may assume the role. ack-ram-tool writes
// StringLike when the namespace or SA is `*` (ram-semantics.md A4: "Flag it"). Without an
// audience condition, a token minted for another audience is accepted too (AWS IRSA and the RRSA
// docs both set aud).
import type { ParsedStatement } from '../ram/policy/types';
import type { CloudAccount } from '../ram/account/types';
import type { OpenTrustFinding } from './types';

function isOidcStatement(s: ParsedStatement): boolean {
  return s.effect === 'Allow' && (s.principal?.entries.some((e) => e.type === 'Federated' && e.id.includes(':oidc-provider/')) ?? false);
}

/** [operator, values] of every condition on a key ending in `suffix` (oidc:sub, <issuer>:sub). */
function conditionsOn(s: ParsedStatement, suffix: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const [operator, byKey] of Object.entries(s.condition ?? {})) {
    for (const [key, values] of Object.entries(byKey)) if (key.toLowerCase().endsWith(suffix)) out.push([operator, values]);
  }
  return out;
}

function statementFindings(s: ParsedStatement): string[] {
  const reasons: string[] = [];
  const sub = conditionsOn(s, ':sub');
  if (sub.length === 0) reasons.push('no subject (oidc:sub) condition: every service account of the cluster can assume the role');
  for (const [operator, values] of sub) {
    if (/Not/.test(operator))
      reasons.push(`the subject condition is negated (${operator}): every other service account can assume the role`);
    else if (/Like/.test(operator) && values.some((v) => /[*?]/.test(v)))
      reasons.push(`${operator} ${values.join(', ')} on the subject: every service account matching the wildcard can assume the role`);
  }
  if (conditionsOn(s, ':aud').length === 0) reasons.push('no audience (oidc:aud) condition: tokens issued for any audience are accepted');
  return reasons;
}

export function openTrustFindings(account: CloudAccount): OpenTrustFinding[] {
  const out: OpenTrustFinding[] = [];
  for (const role of account.roles.values()) {
    for (const s of role.trust?.statements ?? []) {
      if (!isOidcStatement(s)) continue;
      for (const reason of statementFindings(s)) out.push({ role: role.name, statementIndex: s.index, reason });
    }
  }
  return out;
}
