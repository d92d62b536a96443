// One-step privilege escalation within RAM/IAM: the edges "principal P can become Q, or gain any
// policy" of the RAM risks research of issue 14, §3 (PMapper's edges in RAM's action names), each
// asked of the engine exactly as `ram who-can` and `ram can-i` ask (Deny wins, NotAction, AWS
// boundaries, conditions left unknown and reported as conditional). Pure: the account in, a typed
// edge list out, so multi-step paths (issue 15) can walk the same edges to a fixed point.
//
// The edges, per grammar (RAM: the RAM API reference, e.g.
// https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-attachpolicytouser;
// AWS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html):
// - attach-policy: attach any policy to itself, to a group it is in, or to a role it is or can assume;
// - put-inline-policy (AWS only; RAM has no inline policies, ram-semantics.md A2): the same with a document of its own;
// - rewrite-policy: create a default version of a custom policy it holds (any permission), or set
//   another version as default (what that version grants: versions other than the default are not collected);
// - join-group: add itself to a group holding policies it lacks;
// - take-credentials: create an AccessKey or a console password for a user holding policies it lacks;
// - update-trust: rewrite the trust policy of a role holding policies it lacks, then assume it (RAM
//   needs sts:AssumeRole on the role too; AWS does not when the trust names the caller's own ARN, can-i.ts);
// - assume-role: sts:AssumeRole allowed and the trust policy admits it (canAssumeRole);
// - pass-role: pass a role whose trust admits the compute service to an instance it may start or
//   attach a role to (RAM: ecs:AttachInstanceRamRole requires ram:PassRole,
//   https://help.aliyun.com/document_detail/54244.html; AWS: iam:PassRole with ec2:RunInstances or
//   ec2:AssociateIamInstanceProfile, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html).
// "Holds more" is structural and exact: the target holds a policy (at a scope) the principal does
// not; the edge names those policies and the target's admin verdict. RAM identities belong to no
// resource group, so these requests name none and resource-group-scoped attachments never grant
// an edge (ram-semantics.md A2).
import { adminProbes, adminVerdict, PROBE_NAME, type AdminStatus } from '../ram/account/admin';
import { candidatePolicies } from '../ram/account/action-index';
import { ASSUME_ROLE_ACTION, canAssumeRole, evaluateTrust } from '../ram/account/can-i';
import { evaluatePrincipal, type OutcomeCache } from '../ram/account/evaluate-principal';
import type { AccountPrincipal, CloudAccount, CloudRequest, CloudWhoCanPrincipal, PathStep } from '../ram/account/types';
import { cloudWhoCan } from '../ram/account/who-can';
import { statementApplies } from '../ram/policy';
import type { PolicyGrammar } from '../ram/model';

export type EscalationEdgeKind =
  | 'attach-policy'
  | 'put-inline-policy'
  | 'rewrite-policy'
  | 'join-group'
  | 'take-credentials'
  | 'update-trust'
  | 'assume-role'
  | 'pass-role';

/** A statement whose unknown condition decides a conditional step, as who-can reports it. */
export interface StepCondition {
  policy: string;
  index: number;
  effect: 'Allow' | 'Deny';
  condition?: Record<string, Record<string, string[]>>;
}

/** One request an edge needs and the engine's answer: allowed, or allowed only under its conditions. */
export interface EdgeStep {
  action: string;
  resource: string;
  /** identity: the principal's policies; trust: the target role's trust policy. */
  side: 'identity' | 'trust';
  decision: 'Allow' | 'conditional';
  paths: PathStep[][];
  conditions: StepCondition[];
}

export type PrincipalName = { kind: 'user' | 'role'; name: string };

export type EscalationTarget = { kind: 'user' | 'group' | 'role'; name: string } | { kind: 'policy'; type: string; name: string };

export type EscalationReach =
  /** Any policy or permission: a document the principal writes or picks (AdministratorAccess included). */
  | { kind: 'any-policy' }
  /** Another version of the policy (versions other than the default are not collected). */
  | { kind: 'policy-version'; policy: string }
  /** The target's rights: its admin verdict and the policies it holds that the principal does not. */
  | { kind: 'principal'; admin: AdminStatus; policies: string[] };

export interface EscalationEdge {
  kind: EscalationEdgeKind;
  from: PrincipalName;
  target: EscalationTarget;
  /** Every request the edge needs, in order. */
  steps: EdgeStep[];
  reaches: EscalationReach;
  /** True when some step holds only under conditions the question leaves unknown. */
  conditional: boolean;
}

interface GrammarActions {
  attach: { user: string; group: string; role: string };
  put?: { user: string; group: string; role: string };
  createVersion: string;
  setDefaultVersion: string;
  addToGroup: string;
  credentials: readonly string[];
  updateTrust: string;
  passRole: string;
  compute: readonly string[];
  computeService: string;
}

export const ESCALATION_ACTIONS: Readonly<Record<PolicyGrammar, GrammarActions>> = {
  ram: {
    attach: { user: 'ram:AttachPolicyToUser', group: 'ram:AttachPolicyToGroup', role: 'ram:AttachPolicyToRole' },
    createVersion: 'ram:CreatePolicyVersion',
    setDefaultVersion: 'ram:SetDefaultPolicyVersion',
    addToGroup: 'ram:AddUserToGroup',
    credentials: ['ram:CreateAccessKey', 'ram:CreateLoginProfile', 'ram:UpdateLoginProfile'],
    updateTrust: 'ram:UpdateRole',
    passRole: 'ram:PassRole',
    compute: ['ecs:RunInstances', 'ecs:AttachInstanceRamRole'],
    computeService: 'ecs.aliyuncs.com',
  },
  aws: {
    attach: { user: 'iam:AttachUserPolicy', group: 'iam:AttachGroupPolicy', role: 'iam:AttachRolePolicy' },
    put: { user: 'iam:PutUserPolicy', group: 'iam:PutGroupPolicy', role: 'iam:PutRolePolicy' },
    createVersion: 'iam:CreatePolicyVersion',
    setDefaultVersion: 'iam:SetDefaultPolicyVersion',
    addToGroup: 'iam:AddUserToGroup',
    credentials: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
    updateTrust: 'iam:UpdateAssumeRolePolicy',
    passRole: 'iam:PassRole',
    compute: ['ec2:RunInstances', 'ec2:AssociateIamInstanceProfile'],
    computeService: 'ec2.amazonaws.com',
  },
};

export interface EscalationOptions {
  /** `CloudUser/name`, `CloudRole/name`: principals left out as sources (account-wide admins hold everything already). */
  skip?: ReadonlySet<string>;
  /** Policy key (`Customer/name`) → its ARN, when the snapshot has one (AWS customer-managed policies). */
  policyArns?: ReadonlyMap<string, string>;
  /** Each user's and role's admin verdict, when the caller has them (admin.ts; computed here otherwise). */
  adminStatus?: ReadonlyMap<AccountPrincipal, AdminStatus>;
  /** User name → whether it has a console login profile, when the source reports it: the password edge is then CreateLoginProfile or UpdateLoginProfile, not both. */
  loginProfiles?: ReadonlyMap<string, boolean>;
}

/** The ARNs of the account's RAM/IAM resources, as the engine is asked about them. */
function arns(account: CloudAccount): { group: (name: string) => string; policy: (name: string) => string; instance: string } {
  if (account.grammar === 'ram') {
    const base = `acs:ram::${account.accountId}`;
    return {
      group: (name) => `${base}:group/${name}`,
      policy: (name) => `${base}:policy/${name}`,
      instance: `acs:ecs::${account.accountId}:instance/${PROBE_NAME}`,
    };
  }
  let partition = 'aws';
  for (const p of [...account.users.values(), ...account.roles.values()]) {
    const match = /^arn:([^:]+):/.exec(p.arn ?? '');
    if (match?.[1]) {
      partition = match[1];
      break;
    }
  }
  const base = `arn:${partition}:iam::${account.accountId}`;
  return {
    group: (name) => account.groups.get(name)?.arn ?? `${base}:group/${name}`,
    policy: (name) => `${base}:policy/${name}`,
    instance: `arn:${partition}:ec2:*:${account.accountId}:instance/${PROBE_NAME}`,
  };
}

const sourceKey = (p: PrincipalName) => `${p.kind === 'user' ? 'CloudUser' : 'CloudRole'}/${p.name}`;

function stepOf(
  action: string,
  resource: string,
  side: EdgeStep['side'],
  entry: Pick<CloudWhoCanPrincipal, 'decision' | 'paths' | 'conditions'>,
): EdgeStep {
  return { action, resource, side, decision: entry.decision, paths: entry.paths, conditions: entry.conditions };
}

/** evaluatePrincipal's answer as a step, or null when the request is refused whatever the conditions. */
function askStep(account: CloudAccount, principal: AccountPrincipal, request: CloudRequest, only?: ReadonlySet<string>): EdgeStep | null {
  const e = evaluatePrincipal(account, principal, request, only);
  const allowed = e.decision === 'Allow' && !e.conditional;
  const maybe = e.decision !== 'ExplicitDeny' && e.conditional;
  if (!allowed && !maybe) return null;
  return {
    action: request.action,
    resource: request.resource,
    side: 'identity',
    decision: allowed ? 'Allow' : 'conditional',
    paths: e.paths,
    conditions: maybe ? conditionsOf(e.statements) : [],
  };
}

function conditionsOf(
  statements: readonly {
    conditions: string;
    policy: string;
    index: number;
    effect: 'Allow' | 'Deny';
    condition?: StepCondition['condition'];
  }[],
): StepCondition[] {
  return statements
    .filter((s) => s.conditions === 'unknown')
    .map((s) => ({ policy: s.policy, index: s.index, effect: s.effect, ...(s.condition ? { condition: s.condition } : {}) }));
}

/** Builds the edges of one account; each method adds the edges of one kind. */
class EdgeFinder {
  readonly edges: EscalationEdge[] = [];
  private readonly actions: GrammarActions;
  private readonly arn: ReturnType<typeof arns>;
  private readonly heldSets = new Map<AccountPrincipal, Set<string>>();
  private readonly candidateSets = new Map<string, Set<string>>();
  private readonly probes: CloudRequest[];
  private readonly probeCaches: OutcomeCache[];
  /** Users and roles admin-equivalent account-wide (admin or conditionally): the principals worth becoming. */
  private readonly adminTargets: { principal: AccountPrincipal; status: AdminStatus }[] = [];

  constructor(
    private readonly account: CloudAccount,
    private readonly options: EscalationOptions,
  ) {
    this.actions = ESCALATION_ACTIONS[account.grammar];
    this.arn = arns(account);
    this.probes = adminProbes(account);
    this.probeCaches = this.probes.map((): OutcomeCache => new Map());
    for (const p of [...account.users.values(), ...account.roles.values()]) {
      const status = options.adminStatus?.get(p) ?? this.admin(p);
      if (status !== 'not-admin') this.adminTargets.push({ principal: p, status });
    }
  }

  /** The sources: users and roles not skipped. */
  private sources(): { principal: AccountPrincipal; ref: PrincipalName }[] {
    const out: { principal: AccountPrincipal; ref: PrincipalName }[] = [];
    for (const p of [...this.account.users.values(), ...this.account.roles.values()]) {
      const ref: PrincipalName = { kind: p.kind === 'role' ? 'role' : 'user', name: p.name };
      if (!this.options.skip?.has(sourceKey(ref))) out.push({ principal: p, ref });
    }
    return out;
  }

  /** Policies that could match the action (action-index.ts): a principal holding none is refused it. */
  private candidates(action: string): Set<string> {
    let set = this.candidateSets.get(action);
    if (!set) {
      set = candidatePolicies(this.account.actionIndex, action);
      this.candidateSets.set(action, set);
    }
    return set;
  }

  /** The principal's own request, asked only when it holds a policy that could match. */
  private ownStep(p: AccountPrincipal, action: string, resource: string): EdgeStep | null {
    const candidates = this.candidates(action);
    if (!p.held.some((h) => candidates.has(h.policyKey))) return null;
    return askStep(this.account, p, { action, resource }, candidates);
  }

  /**
   * Which candidate statements apply to the request (Action, Resource: the engine's own test), as a
   * key: who-can's answer depends on nothing else when the context is unknown, so two resources with
   * the same key get the same answer (asked once per action for the many targets a `*` covers alike).
   */
  private applicableKey(action: string, resource: string): string {
    const lower = action.toLowerCase();
    const bits: number[] = [];
    let i = 0;
    for (const key of this.candidates(action)) {
      for (const st of this.account.policies.get(key)?.parsed?.statements ?? []) {
        if (statementApplies(st, lower, { action, resource })) bits.push(i);
        i++;
      }
    }
    return bits.join(',');
  }

  private readonly whoCanAnswers = new Map<string, CloudWhoCanPrincipal[]>();

  /** The users and roles who-can lists for a request, skipped ones left out, with their account principal. */
  private whoCan(action: string, resource: string): { principal: AccountPrincipal; ref: PrincipalName; entry: CloudWhoCanPrincipal }[] {
    const out: { principal: AccountPrincipal; ref: PrincipalName; entry: CloudWhoCanPrincipal }[] = [];
    const memo = `${action}\u0000${this.applicableKey(action, resource)}`;
    let principals = this.whoCanAnswers.get(memo);
    if (!principals) {
      principals = cloudWhoCan(this.account, { action, resource }).principals;
      this.whoCanAnswers.set(memo, principals);
    }
    for (const entry of principals) {
      const ref: PrincipalName | null =
        entry.kind === 'CloudUser'
          ? { kind: 'user', name: entry.name }
          : entry.kind === 'CloudRole'
            ? { kind: 'role', name: entry.name }
            : null;
      if (!ref || this.options.skip?.has(sourceKey(ref))) continue;
      const principal = ref.kind === 'user' ? this.account.users.get(ref.name) : this.account.roles.get(ref.name);
      if (principal) out.push({ principal, ref, entry });
    }
    return out;
  }

  /** `type/name` of each policy held, with ` in resource group <id>` for a scoped attachment. */
  private held(p: AccountPrincipal): Set<string> {
    let set = this.heldSets.get(p);
    if (!set) {
      set = new Set(
        p.held.map((h) => {
          const policy = this.account.policies.get(h.policyKey);
          const scope = h.scope.kind === 'resource-group' ? ` in resource group ${h.scope.resourceGroupId}` : '';
          return `${policy?.type ?? ''}/${policy?.name ?? h.policyKey}${scope}`;
        }),
      );
      this.heldSets.set(p, set);
    }
    return set;
  }

  /** The target's policies the principal does not hold (empty: the target holds nothing more). */
  private gained(from: AccountPrincipal, target: AccountPrincipal): string[] {
    const mine = this.held(from);
    return [...this.held(target)].filter((k) => !mine.has(k)).sort();
  }

  private admin(p: AccountPrincipal): AdminStatus {
    return adminVerdict(this.account, p, this.probes, this.probeCaches).status;
  }

  private push(kind: EscalationEdgeKind, from: PrincipalName, target: EscalationTarget, steps: EdgeStep[], reaches: EscalationReach): void {
    this.edges.push({ kind, from, target, steps, reaches, conditional: steps.some((s) => s.decision === 'conditional') });
  }

  /** Steps for assuming `role` as `from` (identity and trust, canAssumeRole), or null when refused. */
  private assumeSteps(from: PrincipalName, role: AccountPrincipal): EdgeStep[] | null {
    if (from.kind === 'role' && from.name === role.name) return null;
    const answer = canAssumeRole(this.account, from, role.name);
    if ('error' in answer || answer.decision === 'ExplicitDeny' || (answer.decision !== 'Allow' && !answer.conditional)) return null;
    const resource = role.arn ?? role.name;
    const steps: EdgeStep[] = [];
    for (const [side, s] of [
      ['identity', answer.identity],
      ['trust', answer.trust],
    ] as const) {
      if (s.decision !== 'Allow' && !s.conditional) continue;
      steps.push({
        action: ASSUME_ROLE_ACTION,
        resource,
        side,
        decision: s.decision === 'Allow' && !s.conditional ? 'Allow' : 'conditional',
        paths: s.statements.filter((st) => st.effect === 'Allow' && st.conditions !== 'not-met').flatMap((st) => st.via),
        conditions: conditionsOf(s.statements),
      });
    }
    if (answer.conditional && steps.every((s) => s.decision === 'Allow')) for (const s of steps) s.decision = 'conditional';
    return steps;
  }

  /** attach-policy and put-inline-policy: to itself, or to a group it is in. */
  addPolicyGrants(): void {
    const sets: [EscalationEdgeKind, { user: string; group: string; role: string }][] = [['attach-policy', this.actions.attach]];
    if (this.actions.put) sets.push(['put-inline-policy', this.actions.put]);
    for (const { principal, ref } of this.sources()) {
      for (const [kind, act] of sets) {
        const own = this.ownStep(principal, ref.kind === 'user' ? act.user : act.role, principal.arn ?? principal.name);
        if (own) this.push(kind, ref, { kind: ref.kind, name: ref.name }, [own], { kind: 'any-policy' });
        for (const group of principal.groups) {
          const step = this.ownStep(principal, act.group, this.arn.group(group));
          if (step) this.push(kind, ref, { kind: 'group', name: group }, [step], { kind: 'any-policy' });
        }
      }
    }
  }

  /** rewrite-policy: a new default version, or another version set as default, of a custom policy the principal holds. */
  addPolicyRewrites(): void {
    for (const { principal, ref } of this.sources()) {
      const keys = new Set(principal.held.map((h) => h.policyKey));
      for (const key of keys) {
        const policy = this.account.policies.get(key);
        if (!policy || (policy.type !== 'Custom' && policy.type !== 'Customer')) continue;
        const resource = this.options.policyArns?.get(policy.key) ?? this.arn.policy(policy.name);
        const target: EscalationTarget = { kind: 'policy', type: policy.type, name: policy.name };
        const create = this.ownStep(principal, this.actions.createVersion, resource);
        if (create) this.push('rewrite-policy', ref, target, [create], { kind: 'any-policy' });
        const setDefault = this.ownStep(principal, this.actions.setDefaultVersion, resource);
        if (setDefault) this.push('rewrite-policy', ref, target, [setDefault], { kind: 'policy-version', policy: policy.name });
      }
    }
  }

  /** join-group: a user adding itself to a group whose policies alone make a member admin. */
  addGroupJoins(): void {
    for (const group of this.account.groups.values()) {
      const member: AccountPrincipal = { kind: 'user', name: `(member of ${group.name})`, groups: [group.name], held: group.held };
      const status = this.admin(member);
      if (status === 'not-admin') continue;
      const resource = this.arn.group(group.name);
      const members = new Set(this.account.members.get(group.name) ?? []);
      for (const { principal, ref, entry } of this.whoCan(this.actions.addToGroup, resource)) {
        if (ref.kind !== 'user' || members.has(ref.name)) continue;
        const reaches: EscalationReach = { kind: 'principal', admin: status, policies: this.gained(principal, group) };
        this.push(
          'join-group',
          ref,
          { kind: 'group', name: group.name },
          [stepOf(this.actions.addToGroup, resource, 'identity', entry)],
          reaches,
        );
      }
    }
  }

  /** take-credentials, update-trust, assume-role, pass-role: ways into an admin-equivalent user or role. */
  addAdminTakeovers(): void {
    for (const { principal: target, status } of this.adminTargets) {
      const resource = target.arn ?? target.name;
      // One reach per source: the same object for each of its edges to this target.
      const reaches = new Map<AccountPrincipal, EscalationReach>();
      const reach = (from: AccountPrincipal): EscalationReach => {
        let r = reaches.get(from);
        if (!r) reaches.set(from, (r = { kind: 'principal', admin: status, policies: this.gained(from, target) }));
        return r;
      };
      if (target.kind === 'user') {
        for (const action of this.credentialActions(target)) {
          for (const { principal, ref, entry } of this.whoCan(action, resource)) {
            if (principal === target) continue;
            this.push(
              'take-credentials',
              ref,
              { kind: 'user', name: target.name },
              [stepOf(action, resource, 'identity', entry)],
              reach(principal),
            );
          }
        }
        continue;
      }
      this.addTrustUpdates(target, resource, reach);
      for (const { principal, ref } of this.assumeCandidates(target)) {
        const steps = this.assumeSteps(ref, target);
        if (steps) this.push('assume-role', ref, { kind: 'role', name: target.name }, steps, reach(principal));
      }
      this.addPassRoles(target, resource, reach);
    }
  }

  /** AccessKey, and the password edge that applies: creating a login profile for a user without one, updating an existing one. */
  private credentialActions(user: AccountPrincipal): readonly string[] {
    const [accessKey, createLogin, updateLogin] = this.actions.credentials;
    const hasLogin = this.options.loginProfiles?.get(user.name);
    if (hasLogin === undefined || !accessKey || !createLogin || !updateLogin) return this.actions.credentials;
    return [accessKey, hasLogin ? updateLogin : createLogin];
  }

  private addTrustUpdates(role: AccountPrincipal, resource: string, reach: (from: AccountPrincipal) => EscalationReach): void {
    for (const { principal, ref, entry } of this.whoCan(this.actions.updateTrust, resource)) {
      if (principal === role) continue;
      const steps = [stepOf(this.actions.updateTrust, resource, 'identity', entry)];
      if (this.account.grammar === 'ram') {
        const assume = this.ownStep(principal, ASSUME_ROLE_ACTION, resource);
        if (!assume) continue;
        steps.push(assume);
      }
      this.push('update-trust', ref, { kind: 'role', name: role.name }, steps, reach(principal));
    }
  }

  private addPassRoles(role: AccountPrincipal, resource: string, reach: (from: AccountPrincipal) => EscalationReach): void {
    const trust = evaluateTrust(this.account, role, { type: 'Service', id: this.actions.computeService }, undefined);
    if (trust.decision !== 'Allow' && !trust.conditional) return;
    const trustStep: EdgeStep = {
      action: ASSUME_ROLE_ACTION,
      resource,
      side: 'trust',
      decision: trust.decision === 'Allow' && !trust.conditional ? 'Allow' : 'conditional',
      paths: [[{ kind: 'CloudRole', name: role.name }]],
      conditions: conditionsOf(trust.statements),
    };
    for (const { principal, ref, entry } of this.whoCan(this.actions.passRole, resource)) {
      if (principal === role) continue;
      const compute = this.computeStep(principal);
      if (compute)
        this.push(
          'pass-role',
          ref,
          { kind: 'role', name: role.name },
          [stepOf(this.actions.passRole, resource, 'identity', entry), compute, trustStep],
          reach(principal),
        );
    }
  }

  /** Starting an instance, or attaching a role to one, on every instance (`*` or one no policy names). */
  private computeStep(principal: AccountPrincipal): EdgeStep | null {
    let conditional: EdgeStep | null = null;
    for (const action of this.actions.compute) {
      for (const resource of ['*', this.arn.instance]) {
        const step = this.ownStep(principal, action, resource);
        if (step?.decision === 'Allow') return step;
        conditional ??= step;
      }
    }
    return conditional;
  }

  /** Who may ask to assume the role: identity grants (who-can), and on AWS the ARNs its trust names (enough alone, can-i.ts). */
  private assumeCandidates(role: AccountPrincipal): { principal: AccountPrincipal; ref: PrincipalName }[] {
    const out = new Map<AccountPrincipal, PrincipalName>();
    for (const { principal, ref } of this.whoCan(ASSUME_ROLE_ACTION, role.arn ?? role.name)) out.set(principal, ref);
    if (this.account.grammar === 'aws' && role.trust) {
      const named = new Set(
        role.trust.statements.flatMap((s) => s.principal?.entries.filter((e) => e.type === 'AWS').map((e) => e.id) ?? []),
      );
      for (const { principal, ref } of this.sources()) if (principal.arn && named.has(principal.arn)) out.set(principal, ref);
    }
    out.delete(role);
    return [...out].map(([principal, ref]) => ({ principal, ref }));
  }
}

/**
 * Every one-step escalation edge of the account, from each user and role not in `options.skip`:
 * what it must be allowed (each step with the engine's paths and, when conditional, the conditions
 * left unknown), what it targets and what it reaches.
 */
export function escalationEdges(account: CloudAccount, options: EscalationOptions = {}): EscalationEdge[] {
  const finder = new EdgeFinder(account, options);
  finder.addPolicyGrants();
  finder.addPolicyRewrites();
  finder.addGroupJoins();
  finder.addAdminTakeovers();
  return finder.edges;
}
