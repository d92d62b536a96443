// Reads a cloud snapshot's objects back into a CloudAccount: every policy document parsed once,
// principals indexed with the policies they hold and how (directly or through a group), and
// every dangling reference named. RAM has no inline policies or boundaries (ram-semantics.md A2);
// AWS has both (A6), and the same reader serves both. Bodies are decoded first (decode-bodies.ts):
// a malformed one throws, naming the object and the field, before anything is built.
import type { StoredObject } from '../../snapshot/types';
import { decodeCloudObjects, type CloudObjects } from '../decode-bodies';
import { grammarOf, type CloudAccountBody, type InlinePolicy, type PolicyAttachment, type PolicyGrammar } from '../model';
import { parsePolicy } from '../policy';
import { buildActionIndex } from './action-index';
import { whoCanIndex } from './who-can-index';
import type { AccountPolicy, AccountPrincipal, CloudAccount, HeldPolicy, PathStep, PrincipalKind } from './types';

export function managedPolicyKey(type: string, name: string): string {
  return `${type}/${name}`;
}

interface Builder {
  grammar: PolicyGrammar;
  policies: Map<string, AccountPolicy>;
  errors: string[];
  warnings: string[];
}

function addDocument(b: Builder, key: string, name: string, type: string, document: unknown, version?: string): void {
  const parsed = parsePolicy(document, b.grammar);
  if (!parsed.ok) b.errors.push(`policy ${key}: ${parsed.error}; it is left out of every answer`);
  else for (const w of parsed.warnings) b.warnings.push(`policy ${key}: ${w}`);
  b.policies.set(key, { key, name, type, ...(version ? { version } : {}), parsed: parsed.ok ? parsed.policy : null });
}

function principalStep(kind: PrincipalKind, name: string): PathStep {
  return { kind: kind === 'user' ? 'CloudUser' : kind === 'group' ? 'CloudGroup' : 'CloudRole', name };
}

function policyStep(policy: AccountPolicy, attachment?: PolicyAttachment): PathStep {
  const step: PathStep = { kind: 'CloudPolicy', type: policy.type, name: policy.name };
  if (policy.version) step.version = policy.version;
  if (attachment && attachment.scope.kind === 'resource-group') step.scope = attachment.scope;
  return step;
}

/** The policies an identity holds itself: managed attachments and inline documents. */
function ownHeld(
  b: Builder,
  kind: PrincipalKind,
  name: string,
  attached: readonly PolicyAttachment[],
  inline: readonly InlinePolicy[] | undefined,
): HeldPolicy[] {
  const held: HeldPolicy[] = [];
  const self = principalStep(kind, name);
  for (const a of attached) {
    const key = managedPolicyKey(a.policyType, a.policyName);
    const policy = b.policies.get(key);
    if (!policy) {
      b.errors.push(`${kind} ${name}: attached policy ${key} is not in the snapshot; the attachment grants nothing here`);
      continue;
    }
    held.push({ policyKey: key, scope: a.scope, via: [self, policyStep(policy, a)] });
  }
  for (const p of inline ?? []) {
    const key = `Inline/${kind}/${name}/${p.name}`;
    addDocument(b, key, p.name, 'Inline', p.document);
    const policy = b.policies.get(key) as AccountPolicy;
    held.push({ policyKey: key, scope: { kind: 'account' }, via: [self, policyStep(policy)] });
  }
  return held;
}

function boundaryKey(
  b: Builder,
  kind: PrincipalKind,
  name: string,
  boundary: { policyType: string; policyName: string } | undefined,
): string | undefined {
  if (!boundary) return undefined;
  const key = managedPolicyKey(boundary.policyType, boundary.policyName);
  if (!b.policies.has(key)) {
    // A boundary that cannot be read bounds to nothing: AWS allows only what the boundary allows.
    b.errors.push(`${kind} ${name}: permissions boundary ${key} is not in the snapshot; nothing is allowed through it here`);
  }
  return key;
}

/** A cloud snapshot's stored objects → CloudAccount. Throws CloudBodyError on a body that does not decode. */
export function buildCloudAccount(objects: readonly StoredObject[]): CloudAccount {
  return accountFromCloudObjects(decodeCloudObjects(objects));
}

/** The account of objects already decoded (a caller that keeps the bodies decodes once). */
export function accountFromCloudObjects(cloud: CloudObjects): CloudAccount {
  const accounts = cloud.accounts;
  const errors: string[] = [];
  if (accounts.length !== 1) errors.push(`a cloud snapshot holds exactly one CloudAccount; this one holds ${accounts.length}`);
  const account = accounts[0]?.body ?? { provider: 'alibaba', accountId: '' };
  const b: Builder = { grammar: grammarOf(account.provider), policies: new Map(), errors, warnings: [] };

  for (const { name, body } of cloud.policies) {
    addDocument(b, managedPolicyKey(body.policyType, name), name, body.policyType, body.document, body.defaultVersion);
  }

  const groups = new Map<string, AccountPrincipal>();
  for (const { name, body } of cloud.groups) {
    groups.set(name, {
      kind: 'group',
      name,
      ...(body.arn ? { arn: body.arn } : {}),
      ...(body.groupId ? { id: body.groupId } : {}),
      groups: [],
      held: ownHeld(b, 'group', name, body.attachedPolicies, body.inlinePolicies),
    });
  }

  const members = new Map<string, string[]>();
  const users = new Map<string, AccountPrincipal>();
  for (const { name, body } of cloud.users) {
    const held = ownHeld(b, 'user', name, body.attachedPolicies, body.inlinePolicies);
    const inGroups: string[] = [];
    for (const groupName of body.groups) {
      const group = groups.get(groupName);
      if (!group) {
        b.errors.push(`user ${name}: group ${groupName} is not in the snapshot; its policies are not counted`);
        continue;
      }
      inGroups.push(groupName);
      const list = members.get(groupName) ?? [];
      list.push(name);
      members.set(groupName, list);
      // Path user → group → policy (RAM: users inherit their groups' policies).
      for (const h of group.held) held.push({ ...h, via: [principalStep('user', name), ...h.via] });
    }
    const boundary = boundaryKey(b, 'user', name, body.permissionsBoundary);
    users.set(name, { kind: 'user', name, arn: body.arn, id: body.userId, groups: inGroups, held, ...(boundary ? { boundary } : {}) });
  }

  const roles = new Map<string, AccountPrincipal>();
  for (const { name, body } of cloud.roles) {
    const trust = parsePolicy(body.trustPolicy, b.grammar);
    if (!trust.ok) b.errors.push(`role ${name}: trust policy: ${trust.error}; nobody can be shown to assume it`);
    const boundary = boundaryKey(b, 'role', name, body.permissionsBoundary);
    roles.set(name, {
      kind: 'role',
      name,
      arn: body.arn,
      id: body.roleId,
      groups: [],
      held: ownHeld(b, 'role', name, body.attachedPolicies, body.inlinePolicies),
      trust: trust.ok ? trust.policy : null,
      ...(boundary ? { boundary } : {}),
    });
  }

  return finish(account, b, users, groups, roles, members);
}

function finish(
  account: CloudAccountBody,
  b: Builder,
  users: Map<string, AccountPrincipal>,
  groups: Map<string, AccountPrincipal>,
  roles: Map<string, AccountPrincipal>,
  members: Map<string, string[]>,
): CloudAccount {
  const byId = new Map<string, { kind: 'user' | 'role'; name: string }>();
  for (const u of users.values()) if (u.id) byId.set(u.id, { kind: 'user', name: u.name });
  for (const r of roles.values()) if (r.id) byId.set(r.id, { kind: 'role', name: r.name });
  const roleByArn = new Map<string, string>();
  for (const r of roles.values()) if (r.arn) roleByArn.set(r.arn, r.name);
  // Holders count each principal's own attachments only: group members are reached through the group.
  const holders = new Map<string, { kind: PrincipalKind; name: string }[]>();
  for (const p of [...users.values(), ...groups.values(), ...roles.values()]) {
    const own = new Set<string>();
    for (const h of p.held) if (h.via.length === 2) own.add(h.policyKey);
    if (p.boundary) own.add(p.boundary);
    for (const key of own) {
      const list = holders.get(key) ?? [];
      list.push({ kind: p.kind, name: p.name });
      holders.set(key, list);
    }
  }
  const { reach, rank } = whoCanIndex(users, groups, roles, members, holders);
  return {
    provider: account.provider,
    grammar: b.grammar,
    accountId: account.accountId,
    ...(account.alias ? { alias: account.alias } : {}),
    users,
    groups,
    roles,
    policies: b.policies,
    members,
    byId,
    roleByArn,
    actionIndex: buildActionIndex(b.policies.values()),
    holders,
    reach,
    rank,
    errors: b.errors,
    warnings: b.warnings,
  };
}
