// Who in a cloud account may make this request: users (through their own or their groups'
// policies), groups (through their own policies, which every member inherits) and roles, each
// with every path, Allow or conditional (allowed only if conditions the question leaves open hold).
//
// Only principals holding a policy with a statement that applies to the request are evaluated
// (action-index.ts narrows by action, then the engine's statement test); each of them is then
// evaluated by the same function as can-i, limited to those policies (the others add no statement,
// so they can neither allow nor deny). naiveCloudWhoCan
// evaluates everyone with every policy and must agree (tests cross-check).
import { statementApplies } from '../policy';
import { candidatePolicies } from './action-index';
import { evaluatePrincipal, type PrincipalEvaluation } from './evaluate-principal';
import { whoCanPrincipal, type SummaryCache } from './who-can-principal';
import type { AccountPrincipal, CloudAccount, CloudRequest, CloudWhoCanAnswer, CloudWhoCanPrincipal, PrincipalKind } from './types';

const KIND_OUT: Record<PrincipalKind, 'CloudUser' | 'CloudGroup' | 'CloudRole'> = {
  user: 'CloudUser',
  group: 'CloudGroup',
  role: 'CloudRole',
};
const KIND_ORDER: Record<string, number> = { CloudUser: 0, CloudGroup: 1, CloudRole: 2, ServiceAccount: 3 };

export function whoCanEntry(principal: AccountPrincipal, e: PrincipalEvaluation): CloudWhoCanPrincipal | null {
  const allowed = e.decision === 'Allow' && !e.conditional;
  const maybe = e.decision !== 'ExplicitDeny' && e.conditional;
  if (!allowed && !maybe) return null;
  const conditions = maybe
    ? e.statements
        .filter((s) => s.conditions === 'unknown')
        .map((s) => ({ policy: s.policy, index: s.index, effect: s.effect, ...(s.condition ? { condition: s.condition } : {}) }))
    : [];
  return {
    kind: KIND_OUT[principal.kind],
    name: principal.name,
    ...(principal.arn ? { arn: principal.arn } : {}),
    decision: allowed ? 'Allow' : 'conditional',
    paths: e.paths,
    conditions,
  };
}

export function comparePrincipals(a: CloudWhoCanPrincipal, b: CloudWhoCanPrincipal): number {
  const byKind = (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9);
  if (byKind !== 0) return byKind;
  const byNs = (a.namespace ?? '').localeCompare(b.namespace ?? '');
  return byNs !== 0 ? byNs : a.name.localeCompare(b.name);
}

/**
 * The index's candidates narrowed to the policies with a statement that applies to the request
 * (Action, Resource; the engine's own test). A policy without one adds no statement to any
 * evaluation, so it can neither allow nor deny: leaving it out changes no answer.
 */
function applicablePolicies(account: CloudAccount, request: CloudRequest): Set<string> {
  const lowerAction = request.action.toLowerCase();
  const engineRequest = { action: request.action, resource: request.resource };
  const out = new Set<string>();
  for (const key of candidatePolicies(account.actionIndex, request.action)) {
    const statements = account.policies.get(key)?.parsed?.statements ?? [];
    if (statements.some((s) => statementApplies(s, lowerAction, engineRequest))) out.add(key);
  }
  return out;
}

export function cloudWhoCan(account: CloudAccount, request: CloudRequest): CloudWhoCanAnswer {
  const candidates = applicablePolicies(account, request);
  const toEvaluate = new Set<AccountPrincipal>();
  for (const key of candidates) for (const p of account.reach.get(key) ?? []) toEvaluate.add(p);
  const engineRequest = { action: request.action, resource: request.resource, ...(request.context ? { context: request.context } : {}) };
  const cache: SummaryCache = new Map();
  const ranked: { rank: number; entry: CloudWhoCanPrincipal }[] = [];
  for (const principal of toEvaluate) {
    const entry = whoCanPrincipal(account, principal, request, engineRequest, candidates, cache);
    if (entry) ranked.push({ rank: account.rank.get(principal) ?? Number.MAX_SAFE_INTEGER, entry });
  }
  ranked.sort((a, b) => a.rank - b.rank);
  return { principals: ranked.map((r) => r.entry) };
}

/** Every principal, every policy: the reference cloudWhoCan must agree with. */
export function naiveCloudWhoCan(account: CloudAccount, request: CloudRequest): CloudWhoCanAnswer {
  const principals: CloudWhoCanPrincipal[] = [];
  for (const principal of [...account.users.values(), ...account.groups.values(), ...account.roles.values()]) {
    const entry = whoCanEntry(principal, evaluatePrincipal(account, principal, request));
    if (entry) principals.push(entry);
  }
  return { principals: principals.sort(comparePrincipals) };
}
