// who-can's per-principal step: the same decision as evaluatePrincipal + whoCanEntry (the naive
// path, which tests and the bench cross-check against), computed without re-walking statements.
// Each applicable policy is evaluated once per question into a summary (does it hold a Deny/Allow
// whose conditions are met / unknown); a principal's decision is the OR of its policies' summaries
// (Deny wins: evaluate-policies.ts decide), combined with its AWS boundary as evaluate-principal.ts
// does. Paths and conditions are built only for principals that end up in the answer.
import { evaluatePolicies } from '../policy';
import type { Decision, EvaluationRequest, StatementOutcome } from '../policy/types';
import type { AccountPrincipal, CloudAccount, CloudRequest, CloudWhoCanPrincipal, HeldPolicy, PathStep, PrincipalKind } from './types';

export interface PolicySummary {
  outcomes: readonly StatementOutcome[];
  denyMet: boolean;
  denyUnknown: boolean;
  allowMet: boolean;
  allowUnknown: boolean;
}

/** Per-question memo: a policy's outcomes depend on the request only, not on who holds it. */
export type SummaryCache = Map<string, PolicySummary>;

const EMPTY: PolicySummary = { outcomes: [], denyMet: false, denyUnknown: false, allowMet: false, allowUnknown: false };
const KIND_OUT: Record<PrincipalKind, 'CloudUser' | 'CloudGroup' | 'CloudRole'> = {
  user: 'CloudUser',
  group: 'CloudGroup',
  role: 'CloudRole',
};

export function summaryOf(account: CloudAccount, key: string, request: EvaluationRequest, cache: SummaryCache): PolicySummary {
  const hit = cache.get(key);
  if (hit) return hit;
  const policy = account.policies.get(key);
  let out = EMPTY;
  if (policy?.parsed) {
    const n = { name: policy.key, type: policy.type, ...(policy.version ? { version: policy.version } : {}), policy: policy.parsed };
    const outcomes = evaluatePolicies([n], request, account.grammar).statements;
    out = { outcomes, denyMet: false, denyUnknown: false, allowMet: false, allowUnknown: false };
    for (const o of outcomes) {
      if (o.effect === 'Deny') {
        if (o.conditions === 'met') out.denyMet = true;
        else if (o.conditions === 'unknown') out.denyUnknown = true;
      } else if (o.conditions === 'met') out.allowMet = true;
      else if (o.conditions === 'unknown') out.allowUnknown = true;
    }
  }
  cache.set(key, out);
  return out;
}

interface Flags {
  denyMet: boolean;
  denyUnknown: boolean;
  allowMet: boolean;
  allowUnknown: boolean;
}

/** evaluate-policies.ts decide, on flags. */
function decideFlags(f: Flags): { decision: Decision; conditional: boolean } {
  const decision: Decision = f.denyMet ? 'ExplicitDeny' : f.allowMet ? 'Allow' : 'ImplicitDeny';
  const conditional = decision === 'Allow' ? f.denyUnknown : decision === 'ImplicitDeny' ? f.allowUnknown : false;
  return { decision, conditional };
}

/** evaluate-principal.ts combine. */
function combine(
  identity: { decision: Decision; conditional: boolean },
  boundary: { decision: Decision; conditional: boolean } | null,
): { decision: Decision; conditional: boolean } {
  if (!boundary) return identity;
  if (identity.decision === 'ExplicitDeny' || boundary.decision === 'ExplicitDeny') return { decision: 'ExplicitDeny', conditional: false };
  if (identity.decision === 'Allow' && boundary.decision === 'Allow')
    return { decision: 'Allow', conditional: identity.conditional || boundary.conditional };
  const identityMay = identity.decision === 'Allow' || identity.conditional;
  const boundaryMay = boundary.decision === 'Allow' || boundary.conditional;
  return { decision: 'ImplicitDeny', conditional: identityMay && boundaryMay };
}

function applies(held: HeldPolicy, request: CloudRequest, only: ReadonlySet<string>): boolean {
  return (held.scope.kind === 'account' || held.scope.resourceGroupId === request.resourceGroupId) && only.has(held.policyKey);
}

type Condition = CloudWhoCanPrincipal['conditions'][number];

function conditionsOf(account: CloudAccount, outcomes: readonly StatementOutcome[], out: Condition[]): void {
  for (const s of outcomes) {
    if (s.conditions !== 'unknown') continue;
    const name = account.policies.get(s.policy)?.name ?? s.policy;
    out.push({ policy: name, index: s.index, effect: s.effect, ...(s.condition ? { condition: s.condition } : {}) });
  }
}

/** Allow statements count toward paths when their conditions are met or unknown (no context in who-can). */
function grants(s: PolicySummary): boolean {
  return s.allowMet || s.allowUnknown;
}

/**
 * The who-can entry for `principal`, or null when it is not (even conditionally) allowed.
 * `only`: the policies with a statement that applies to the request; the others add nothing.
 */
export function whoCanPrincipal(
  account: CloudAccount,
  principal: AccountPrincipal,
  request: CloudRequest,
  engineRequest: EvaluationRequest,
  only: ReadonlySet<string>,
  cache: SummaryCache,
): CloudWhoCanPrincipal | null {
  const f: Flags = { denyMet: false, denyUnknown: false, allowMet: false, allowUnknown: false };
  for (const held of principal.held) {
    if (!applies(held, request, only) || !account.policies.has(held.policyKey)) continue;
    const s = summaryOf(account, held.policyKey, engineRequest, cache);
    f.denyMet ||= s.denyMet;
    f.denyUnknown ||= s.denyUnknown;
    f.allowMet ||= s.allowMet;
    f.allowUnknown ||= s.allowUnknown;
  }
  const boundaryPolicy = principal.boundary ? account.policies.get(principal.boundary) : undefined;
  const boundarySummary = boundaryPolicy ? summaryOf(account, boundaryPolicy.key, engineRequest, cache) : EMPTY;
  const { decision, conditional } = combine(decideFlags(f), principal.boundary ? decideFlags(boundarySummary) : null);
  const allowed = decision === 'Allow' && !conditional;
  const maybe = decision !== 'ExplicitDeny' && conditional;
  if (!allowed && !maybe) return null;
  return entry(account, principal, request, only, allowed, boundaryPolicy ? boundarySummary : null, cache);
}

function entry(
  account: CloudAccount,
  principal: AccountPrincipal,
  request: CloudRequest,
  only: ReadonlySet<string>,
  allowed: boolean,
  boundary: PolicySummary | null,
  cache: SummaryCache,
): CloudWhoCanPrincipal {
  // Every way the principal holds each policy, in the order evaluate-principal.ts reports them.
  const viaByKey = new Map<string, PathStep[][]>();
  for (const held of principal.held) {
    if (!applies(held, request, only) || !account.policies.has(held.policyKey)) continue;
    const vias = viaByKey.get(held.policyKey);
    if (vias) vias.push(held.via);
    else viaByKey.set(held.policyKey, [held.via]);
  }
  const paths: PathStep[][] = [];
  const conditions: Condition[] = [];
  for (const [key, vias] of viaByKey) {
    const s = cache.get(key) ?? EMPTY;
    if (grants(s)) for (const v of vias) paths.push(v);
    if (!allowed) conditionsOf(account, s.outcomes, conditions);
  }
  if (boundary && principal.boundary) {
    const policy = account.policies.get(principal.boundary);
    if (policy && grants(boundary)) {
      paths.push([
        { kind: principal.kind === 'user' ? 'CloudUser' : 'CloudRole', name: principal.name },
        { kind: 'CloudPolicy', type: policy.type, name: policy.name, ...(policy.version ? { version: policy.version } : {}) },
      ]);
    }
    if (!allowed) conditionsOf(account, boundary.outcomes, conditions);
  }
  return {
    kind: KIND_OUT[principal.kind],
    name: principal.name,
    ...(principal.arn ? { arn: principal.arn } : {}),
    decision: allowed ? 'Allow' : 'conditional',
    paths,
    conditions,
  };
}
