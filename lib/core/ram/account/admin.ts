// Which users and roles of a cloud account are admin, decided by the engine rather than by reading
// policy text: a pattern match on `"Action": "*"` counts a user holding AdministratorAccess and a
// deny-all policy as admin while can-i answers ExplicitDeny.
//
// Definition. Each probe below is asked as `ram can-i` asks without --context and without
// --resource-group: evaluatePrincipal, the function behind cloudCanI, with the request context
// unknown and no resource group named. A user or role is
// - admin when every probe is an unconditional Allow;
// - conditionally admin when no probe is refused outright but some are allowed only under a
//   condition the question leaves open (an Allow whose Condition is unknown, or an Allow that a
//   conditioned Deny could take back): reported apart, as neither admin nor not admin;
// - not admin otherwise (some probe is an ExplicitDeny, or an ImplicitDeny no condition can lift).
// The probes: each action below on Resource `*` and on an ARN in the account that no policy names.
// - An action of a service no policy names (PROBE_SERVICE): only a statement that matches every
//   action matches it (`*`, `*:*`, a NotAction that does not name it), so it stands for "any action".
// - Two escalation actions that turn any grant into every grant, creating a user and attaching a
//   policy to one (lib/core/ram/ram-semantics.md A2 for RAM's identities; AWS IAM's actions in
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html):
//   RAM ram:CreateUser and ram:AttachPolicyToUser, AWS iam:CreateUser and iam:AttachUserPolicy.
// So Deny statements, NotAction/NotResource, AWS permissions boundaries, resource-group-scoped
// attachments (consulted only for a request naming their group, so never here) and conditions all
// weigh exactly as they do for can-i. "Everything but RAM" (Allow NotAction ram:* on `*`) is not
// admin: it fails the RAM probes. A Deny on `acs:ram:*` fails the ARN probes, which `*` alone would
// not show. Groups are not listed: their members are, with the group named in each grant.
import type { PolicyType } from '../model';
import { evaluatePrincipal, type OutcomeCache, type PrincipalEvaluation } from './evaluate-principal';
import type { AccountPrincipal, CloudAccount, CloudRequest, CloudStatement, PathStep } from './types';

/** A service prefix no real policy names: only statements matching every action match its action. */
export const PROBE_SERVICE = 'accessatlasprobe';
/** The name in the probes' ARNs: a user or resource no policy names. */
export const PROBE_NAME = 'access-atlas-admin-probe';

const ESCALATION_ACTIONS = {
  ram: ['ram:CreateUser', 'ram:AttachPolicyToUser'],
  aws: ['iam:CreateUser', 'iam:AttachUserPolicy'],
} as const;

/** A policy that makes a principal admin (or conditionally so), and how the principal holds it. */
export interface AdminGrant {
  policyType: PolicyType | 'Inline';
  policyName: string;
  /** The group the policy is attached to, when the principal holds it through a group. */
  viaGroup?: string;
  /** The policy's statements (0-based) the engine matched with an Allow for the probes. */
  statements?: number[];
}

/** A statement whose unknown condition decides a conditional admin, as who-can reports it. */
export interface AdminCondition {
  policy: string;
  index: number;
  effect: 'Allow' | 'Deny';
  condition?: Record<string, Record<string, string[]>>;
}

export interface CloudAdmin {
  kind: 'CloudUser' | 'CloudRole';
  name: string;
  grants: AdminGrant[];
  /** Conditional admins: the statements with conditions the probes leave unknown. */
  conditions?: AdminCondition[];
  /** Policies the principal holds whose documents did not parse: the verdict does not include them. */
  unevaluated?: string[];
}

export type AdminStatus = 'admin' | 'conditional' | 'not-admin';

export interface AdminVerdict {
  status: AdminStatus;
  grants: AdminGrant[];
  conditions: AdminCondition[];
  unevaluated: string[];
  /** The probes and the engine's answer to each: what `ram can-i` says for the same request. */
  probes: { request: CloudRequest; decision: PrincipalEvaluation['decision']; conditional: boolean }[];
}

/** The partition of the account's ARNs (`aws`, `aws-cn`, ...), from any principal's ARN. */
function awsPartition(account: CloudAccount): string {
  for (const p of [...account.users.values(), ...account.roles.values()]) {
    const match = /^arn:([^:]+):/.exec(p.arn ?? '');
    if (match?.[1]) return match[1];
  }
  return 'aws';
}

/** The probe requests of this account's provider, in the order they are asked. */
export function adminProbes(account: CloudAccount): CloudRequest[] {
  const id = account.accountId;
  const aws = account.grammar === 'aws';
  const arn = (service: string, resource: string) =>
    aws ? `arn:${awsPartition(account)}:${service}::${id}:${resource}` : `acs:${service}::${id}:${resource}`;
  const actions: [string, string][] = [
    [`${PROBE_SERVICE}:AnyAction`, arn(PROBE_SERVICE, `probe/${PROBE_NAME}`)],
    ...ESCALATION_ACTIONS[account.grammar].map((action): [string, string] => [action, arn(aws ? 'iam' : 'ram', `user/${PROBE_NAME}`)]),
  ];
  return actions.flatMap(([action, named]) => [
    { action, resource: '*' },
    { action, resource: named },
  ]);
}

function isGrantType(type: string): type is PolicyType | 'Inline' {
  return type === 'System' || type === 'Custom' || type === 'AWS' || type === 'Customer' || type === 'Inline';
}

/** The grant a path principal → (group →) policy stands for. */
function grantOf(path: readonly PathStep[]): { policyType: PolicyType | 'Inline'; policyName: string; viaGroup?: string } | null {
  const policy = path[path.length - 1];
  if (policy?.kind !== 'CloudPolicy' || !isGrantType(policy.type)) return null;
  const group = path.find((s) => s.kind === 'CloudGroup');
  return { policyType: policy.type, policyName: policy.name, ...(group && 'name' in group ? { viaGroup: group.name } : {}) };
}

/** The identity Allow statements that granted (met, or unknown too for a conditional admin), per policy and group. */
function grantsOf(statements: readonly CloudStatement[], withUnknown: boolean): AdminGrant[] {
  const byKey = new Map<string, AdminGrant & { statements: number[] }>();
  for (const s of statements) {
    if (s.role !== 'identity' || s.effect !== 'Allow') continue;
    if (s.conditions !== 'met' && !(withUnknown && s.conditions === 'unknown')) continue;
    for (const via of s.via) {
      const grant = grantOf(via);
      if (!grant) continue;
      const key = `${grant.policyType}\u0000${grant.policyName}\u0000${grant.viaGroup ?? ''}`;
      const entry = byKey.get(key) ?? { ...grant, statements: [] };
      if (!entry.statements.includes(s.index)) entry.statements.push(s.index);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].map((g) => ({ ...g, statements: g.statements.sort((a, b) => a - b) }));
}

function conditionsOf(statements: readonly CloudStatement[]): AdminCondition[] {
  const seen = new Map<string, AdminCondition>();
  for (const s of statements) {
    if (s.conditions !== 'unknown') continue;
    const key = `${s.role}\u0000${s.policy}\u0000${s.index}`;
    if (!seen.has(key))
      seen.set(key, { policy: s.policy, index: s.index, effect: s.effect, ...(s.condition ? { condition: s.condition } : {}) });
  }
  return [...seen.values()];
}

/**
 * The admin verdict of one user or role. `caches`, one per probe (in adminProbes order), lets a
 * caller asking for many principals evaluate each policy once per probe.
 */
export function adminVerdict(
  account: CloudAccount,
  principal: AccountPrincipal,
  probes: readonly CloudRequest[] = adminProbes(account),
  caches: readonly OutcomeCache[] = [],
): AdminVerdict {
  const evaluations = probes.map((request, i) => ({ request, e: evaluatePrincipal(account, principal, request, undefined, caches[i]) }));
  const allowed = evaluations.every(({ e }) => e.decision === 'Allow' && !e.conditional);
  const maybe = evaluations.every(({ e }) => e.decision === 'Allow' || (e.decision === 'ImplicitDeny' && e.conditional));
  const status: AdminStatus = allowed ? 'admin' : maybe ? 'conditional' : 'not-admin';
  const statements = evaluations.flatMap(({ e }) => e.statements);
  return {
    status,
    grants: status === 'not-admin' ? [] : grantsOf(statements, status === 'conditional'),
    conditions: status === 'conditional' ? conditionsOf(statements) : [],
    unevaluated: [...new Set(evaluations.flatMap(({ e }) => e.unevaluated))],
    probes: evaluations.map(({ request, e }) => ({ request, decision: e.decision, conditional: e.conditional })),
  };
}

export interface CloudAdmins {
  /** Admin by every probe, unconditionally. */
  admins: CloudAdmin[];
  /** Admin only if conditions the probes leave unknown hold (or do not, for a conditioned Deny). */
  conditional: CloudAdmin[];
}

/** Every user, then every role, of the account, in the account's order, judged by adminVerdict. */
export function cloudAdmins(account: CloudAccount): CloudAdmins {
  const probes = adminProbes(account);
  const caches = probes.map((): OutcomeCache => new Map());
  const out: CloudAdmins = { admins: [], conditional: [] };
  const judge = (kind: CloudAdmin['kind'], principal: AccountPrincipal) => {
    const v = adminVerdict(account, principal, probes, caches);
    if (v.status === 'not-admin') return;
    const entry: CloudAdmin = {
      kind,
      name: principal.name,
      grants: v.grants,
      ...(v.status === 'conditional' ? { conditions: v.conditions } : {}),
      ...(v.unevaluated.length > 0 ? { unevaluated: v.unevaluated } : {}),
    };
    (v.status === 'admin' ? out.admins : out.conditional).push(entry);
  };
  for (const user of account.users.values()) judge('CloudUser', user);
  for (const role of account.roles.values()) judge('CloudRole', role);
  return out;
}
