// What one principal may do: the identity policies it holds (its own, and a user's groups'), an
// AWS permissions boundary, and the scope of each attachment.
//
// Order (ram-semantics.md A1 "standard order", AWS "Policy evaluation logic"):
// - Identity policies form one set: any matching Deny → ExplicitDeny, else any Allow → Allow, else
//   ImplicitDeny.
// - AWS permissions boundary: the result is Allow only when the identity set AND the boundary both
//   allow; an explicit Deny in either denies.
// - Resource-group scope (RAM, A2): an attachment scoped to resource group G is consulted only for a
//   request that names G (CloudRequest.resourceGroupId); account-scoped attachments always are.
//   OPEN QUESTION (A1 "scope caveat", open question 1): the 2021 evaluation doc says the
//   account-scoped set "has higher priority" and that RG-scoped policies are not consulted when it
//   already yields Allow or ExplicitDeny; today's doc says only "Deny overrides". We choose the
//   rule both texts agree with in the safe direction: consulted RG-scoped and account-scoped
//   policies form one set, so a Deny from either wins. Where the 2021 rule would let an
//   account-scoped Allow win over an RG-scoped Deny, we answer deny.
import { decide, evaluatePolicies } from '../policy';
import type { Decision, Evaluation, EvaluationRequest, NamedPolicy, StatementOutcome } from '../policy/types';
import type { AccountPolicy, AccountPrincipal, CloudAccount, CloudRequest, CloudStatement, HeldPolicy, PathStep } from './types';

export interface PrincipalEvaluation {
  decision: Decision;
  conditional: boolean;
  statements: CloudStatement[];
  paths: PathStep[][];
  unevaluated: string[];
}

function scopeApplies(held: HeldPolicy, request: CloudRequest): boolean {
  return held.scope.kind === 'account' || held.scope.resourceGroupId === request.resourceGroupId;
}

function named(policy: AccountPolicy): NamedPolicy | null {
  if (!policy.parsed) return null;
  // The engine's statement outcomes carry `name`; the key keeps System and Custom policies of one name apart.
  return { name: policy.key, type: policy.type, ...(policy.version ? { version: policy.version } : {}), policy: policy.parsed };
}

function toStatements(
  account: CloudAccount,
  evaluation: Evaluation,
  role: CloudStatement['role'],
  viaByKey: ReadonlyMap<string, PathStep[][]>,
): CloudStatement[] {
  return evaluation.statements.map((s) => {
    const policy = account.policies.get(s.policy);
    return { ...s, policy: policy?.name ?? s.policy, role, via: viaByKey.get(s.policy) ?? [] };
  });
}

/** Can the unknown conditions still turn this into an Allow? (decision is the not-met reading) */
function combine(identity: Evaluation, boundary: Evaluation | null): { decision: Decision; conditional: boolean } {
  if (!boundary) return { decision: identity.decision, conditional: identity.conditional };
  if (identity.decision === 'ExplicitDeny' || boundary.decision === 'ExplicitDeny') return { decision: 'ExplicitDeny', conditional: false };
  if (identity.decision === 'Allow' && boundary.decision === 'Allow') {
    return { decision: 'Allow', conditional: identity.conditional || boundary.conditional };
  }
  const identityMay = identity.decision === 'Allow' || identity.conditional;
  const boundaryMay = boundary.decision === 'Allow' || boundary.conditional;
  return { decision: 'ImplicitDeny', conditional: identityMay && boundaryMay };
}

/**
 * Per-question memo: a policy's statement outcomes depend on the request only, not on who holds
 * it, so who-can evaluates each policy once however many principals hold it.
 */
export type OutcomeCache = Map<string, readonly StatementOutcome[]>;

function outcomesOf(
  account: CloudAccount,
  policy: AccountPolicy,
  request: EvaluationRequest,
  cache: OutcomeCache,
): readonly StatementOutcome[] {
  let out = cache.get(policy.key);
  if (!out) {
    const n = named(policy);
    out = n ? evaluatePolicies([n], request, account.grammar).statements : [];
    cache.set(policy.key, out);
  }
  return out;
}

/**
 * Evaluates `principal` for `request`. `only`, when given, restricts the identity policies to those
 * keys (who-can passes the policies with a statement that applies; the others add no statement).
 */
export function evaluatePrincipal(
  account: CloudAccount,
  principal: AccountPrincipal,
  request: CloudRequest,
  only?: ReadonlySet<string>,
  cache: OutcomeCache = new Map(),
): PrincipalEvaluation {
  const viaByKey = new Map<string, PathStep[][]>();
  const unevaluated = new Set<string>();
  const engineRequest: EvaluationRequest = {
    action: request.action,
    resource: request.resource,
    ...(request.context ? { context: request.context } : {}),
  };
  const matched: StatementOutcome[] = [];
  for (const held of principal.held) {
    if (!scopeApplies(held, request) || (only && !only.has(held.policyKey))) continue;
    const policy = account.policies.get(held.policyKey);
    if (!policy) continue;
    const vias = viaByKey.get(held.policyKey);
    if (vias) {
      vias.push(held.via);
      continue;
    }
    viaByKey.set(held.policyKey, [held.via]);
    if (!policy.parsed) unevaluated.add(policy.key);
    for (const o of outcomesOf(account, policy, engineRequest, cache)) matched.push(o);
  }
  const identity = decide(matched);
  let boundary: Evaluation | null = null;
  // The boundary's own path, kept apart from the identity vias: a policy that is both attached and
  // the boundary keeps its attachment paths for its identity statements.
  const boundaryVia = new Map<string, PathStep[][]>();
  if (principal.boundary) {
    const policy = account.policies.get(principal.boundary);
    if (policy && !policy.parsed) unevaluated.add(policy.key);
    boundary = decide(policy ? [...outcomesOf(account, policy, engineRequest, cache)] : []);
    if (policy)
      boundaryVia.set(policy.key, [
        [
          { kind: principal.kind === 'user' ? 'CloudUser' : 'CloudRole', name: principal.name },
          { kind: 'CloudPolicy', type: policy.type, name: policy.name, ...(policy.version ? { version: policy.version } : {}) },
        ],
      ]);
  }
  const { decision, conditional } = combine(identity, boundary);
  const statements = [
    ...toStatements(account, identity, 'identity', viaByKey),
    ...(boundary ? toStatements(account, boundary, 'boundary', boundaryVia) : []),
  ];
  const deciding = decision === 'ExplicitDeny' ? 'Deny' : 'Allow';
  const paths: PathStep[][] = [];
  if (decision !== 'ImplicitDeny' || conditional) {
    for (const s of statements) {
      const counts = s.conditions === 'met' || (s.conditions === 'unknown' && decision !== 'ExplicitDeny');
      if (s.effect === deciding && counts) paths.push(...s.via);
    }
  }
  return {
    decision,
    conditional,
    statements,
    paths: uniquePaths(paths),
    unevaluated: [...unevaluated].map((k) => account.policies.get(k)?.name ?? k),
  };
}

/** Each path once: a policy's several matching statements share its via arrays (same references). */
function uniquePaths(paths: PathStep[][]): PathStep[][] {
  return [...new Set(paths)];
}
