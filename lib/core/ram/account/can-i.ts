// can-i for a cloud principal, and whether one principal may assume a role.
//
// Assuming a role (ram-semantics.md A1 "Assuming a role"; AWS "Policy evaluation logic" for
// role trust policies): Decision A, the caller's identity policies allow `sts:AssumeRole` on the
// role's ARN, AND Decision B, the role's trust policy allows the caller, must both be Allow.
import { evaluatePolicies } from '../policy';
import type { Decision, Evaluation, PrincipalType, RequestContext } from '../policy/types';
import { evaluatePrincipal } from './evaluate-principal';
import type { AccountPrincipal, CloudAccount, CloudCanIAnswer, CloudRequest, CloudStatement } from './types';

export interface PrincipalRef {
  kind: 'user' | 'role';
  name: string;
}

export type CloudCanIResult = { ok: true; answer: CloudCanIAnswer } | { ok: false; error: string };

export function findPrincipal(account: CloudAccount, ref: PrincipalRef): AccountPrincipal | undefined {
  return ref.kind === 'user' ? account.users.get(ref.name) : account.roles.get(ref.name);
}

export function cloudCanI(account: CloudAccount, ref: PrincipalRef, request: CloudRequest): CloudCanIResult {
  const principal = findPrincipal(account, ref);
  if (!principal) return { ok: false, error: `no ${ref.kind} named "${ref.name}" in cloud account ${account.accountId}` };
  const e = evaluatePrincipal(account, principal, request);
  return {
    ok: true,
    answer: {
      principal: { kind: ref.kind, name: principal.name, ...(principal.arn ? { arn: principal.arn } : {}) },
      decision: e.decision,
      conditional: e.conditional,
      statements: e.statements,
      paths: e.paths,
      unevaluated: e.unevaluated,
    },
  };
}

export const ASSUME_ROLE_ACTION = 'sts:AssumeRole';

/** The trust policy's decision for a caller (no identity side): RRSA/IRSA callers are OIDC providers. */
export function evaluateTrust(
  account: CloudAccount,
  role: AccountPrincipal,
  caller: { type: PrincipalType; id: string },
  context: RequestContext | undefined,
  action = ASSUME_ROLE_ACTION,
): Evaluation {
  if (!role.trust || !role.arn) return { decision: 'ImplicitDeny', statements: [], conditional: false };
  const request = { action, resource: role.arn, principal: caller, ...(context ? { context } : {}) };
  const evaluation = evaluatePolicies([{ name: `Trust/${role.name}`, type: 'Trust', policy: role.trust }], request, account.grammar);
  return { ...evaluation, statements: evaluation.statements.map((s) => ({ ...s, policy: `trust policy of role ${role.name}` })) };
}

export interface AssumeRoleAnswer {
  decision: Decision;
  conditional: boolean;
  /** Decision A: the caller's identity policies for sts:AssumeRole on the role. */
  identity: { decision: Decision; conditional: boolean; statements: CloudStatement[] };
  /** Decision B: the role's trust policy for the caller. */
  trust: { decision: Decision; conditional: boolean; statements: CloudStatement[] };
}

function bothAllow(
  a: { decision: Decision; conditional: boolean },
  b: { decision: Decision; conditional: boolean },
): { decision: Decision; conditional: boolean } {
  if (a.decision === 'ExplicitDeny' || b.decision === 'ExplicitDeny') return { decision: 'ExplicitDeny', conditional: false };
  if (a.decision === 'Allow' && b.decision === 'Allow') return { decision: 'Allow', conditional: a.conditional || b.conditional };
  const may = (x: { decision: Decision; conditional: boolean }) => x.decision === 'Allow' || x.conditional;
  return { decision: 'ImplicitDeny', conditional: may(a) && may(b) };
}

export function canAssumeRole(
  account: CloudAccount,
  caller: PrincipalRef,
  roleName: string,
  context?: RequestContext,
): AssumeRoleAnswer | { error: string } {
  const principal = findPrincipal(account, caller);
  if (!principal) return { error: `no ${caller.kind} named "${caller.name}"` };
  const role = account.roles.get(roleName);
  if (!role || !role.arn) return { error: `no role named "${roleName}"` };
  const identity = evaluatePrincipal(account, principal, {
    action: ASSUME_ROLE_ACTION,
    resource: role.arn,
    ...(context ? { context } : {}),
  });
  const callerType: PrincipalType = account.grammar === 'aws' ? 'AWS' : 'RAM';
  const trustEval = evaluateTrust(account, role, { type: callerType, id: principal.arn ?? '' }, context);
  const trust = {
    decision: trustEval.decision,
    conditional: trustEval.conditional,
    statements: trustEval.statements.map((s): CloudStatement => ({ ...s, role: 'trust', via: [[{ kind: 'CloudRole', name: role.name }]] })),
  };
  const combined = namesCallerDirectly(account, role, principal.arn, trust.statements)
    ? trustAlone(identity, trust)
    : bothAllow(identity, trust);
  return {
    ...combined,
    identity: { decision: identity.decision, conditional: identity.conditional, statements: identity.statements },
    trust,
  };
}

/**
 * AWS, same account: a resource-based policy that names the principal's own ARN grants without an
 * identity-based policy; a role trust policy that names only the account (root) does not ("Policy
 * evaluation logic": role trust policies must explicitly allow the principal; cross-account and
 * account-level trust need both sides). RAM documents no such exception (ram-semantics.md A1): both.
 */
function namesCallerDirectly(
  account: CloudAccount,
  role: AccountPrincipal,
  callerArn: string | undefined,
  outcomes: readonly CloudStatement[],
): boolean {
  if (account.grammar !== 'aws' || !callerArn || !role.trust) return false;
  const granting = new Set(outcomes.filter((o) => o.effect === 'Allow' && o.conditions === 'met').map((o) => o.index));
  return role.trust.statements.some(
    (s) =>
      granting.has(s.index) &&
      s.principal !== undefined &&
      !s.principal.negated &&
      s.principal.entries.some((e) => e.type === 'AWS' && e.id === callerArn),
  );
}

function trustAlone(
  identity: { decision: Decision },
  trust: { decision: Decision; conditional: boolean },
): { decision: Decision; conditional: boolean } {
  if (identity.decision === 'ExplicitDeny' || trust.decision === 'ExplicitDeny') return { decision: 'ExplicitDeny', conditional: false };
  return { decision: trust.decision, conditional: trust.conditional };
}
