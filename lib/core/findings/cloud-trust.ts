// ram.trust-open: role trust policies that admit more than the identities they were meant for.
// - OIDC trusts (RRSA, IRSA): lib/core/links/open-trust.ts, unchanged: no or a wildcard or negated
//   oidc:sub (any service account of the cluster), no oidc:aud (any audience).
// - Account principals (the RAM risks research of issue 14, §6): an Allow statement without Condition whose Principal is
//   `*` (any account) or names another account (RAM `acs:ram::<id>:root` or a bare id, AWS
//   `arn:aws:iam::<id>:root` and that account's users and roles): every identity that account lets
//   call sts:AssumeRole can assume the role.
// Not covered yet: service principals that let any instance of a service assume the role.
import { openTrustFindings } from '../links/open-trust';
import type { CloudAccount } from '../ram/account/types';
import type { ParsedStatement } from '../ram/policy/types';
import { ACCOUNT_SCOPE, fieldEvidence } from './cloud-evidence';
import type { FindingDraft } from './probes';
import type { Evidence, FindingParty } from './types';

/** The account id a RAM or AWS principal id names, or undefined for a service or an unknown shape. */
function accountOf(id: string): string | undefined {
  const arn = /^(?:acs:ram|arn:[^:]+:(?:iam|sts))::([^:]+):/.exec(id);
  if (arn?.[1]) return arn[1];
  return /^\d+$/.test(id) ? id : undefined;
}

function accountReasons(s: ParsedStatement, accountId: string): string[] {
  if (s.effect !== 'Allow' || s.condition !== undefined || !s.principal || s.principal.negated) return [];
  if (s.principal.any) return ['Principal `*` without a condition: any account can assume the role'];
  const reasons: string[] = [];
  for (const e of s.principal.entries) {
    if (e.type !== 'RAM' && e.type !== 'AWS') continue;
    if (e.id === '*') {
      reasons.push(`${e.type} principal \`*\` without a condition: any account can assume the role`);
      continue;
    }
    const other = accountOf(e.id);
    if (other !== undefined && other !== accountId && other !== '*')
      reasons.push(
        `${e.type} principal ${e.id} of another account (${other}) without a condition: that account decides who assumes the role`,
      );
  }
  return reasons;
}

export function trustOpenDrafts(account: CloudAccount): FindingDraft[] {
  const byRole = new Map<string, Evidence[]>();
  const add = (role: string, index: number, reason: string, condition: unknown) => {
    const party: FindingParty = { kind: 'CloudRole', name: role };
    const list = byRole.get(role) ?? [];
    list.push(fieldEvidence(party, `trustPolicy.Statement[${index}]`, { reason, condition: condition ?? null }));
    byRole.set(role, list);
  };
  const statement = (role: string, index: number) => account.roles.get(role)?.trust?.statements.find((s) => s.index === index);
  for (const f of openTrustFindings(account)) add(f.role, f.statementIndex, f.reason, statement(f.role, f.statementIndex)?.condition);
  for (const role of account.roles.values()) {
    for (const s of role.trust?.statements ?? [])
      for (const reason of accountReasons(s, account.accountId)) add(role.name, s.index, reason, undefined);
  }
  return [...byRole].map(([name, evidence]) => ({ subject: { kind: 'CloudRole', name }, object: null, scope: ACCOUNT_SCOPE, evidence }));
}
