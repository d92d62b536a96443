// A RAM account export (ram-export.ts) → the cloud-account StoredObjects of lib/core/ram/model.ts.
// The live collector, the file import and the demo all go through here, so the same account gives
// the same hashes whichever way it was read. Pure.

import type { CloudRoleBody, CloudUserBody, PolicyAttachment } from '../../core/ram/model';
import { isJsonObject, type JsonObject, type StoredObject } from '../../core/snapshot/types';
import { tooDeepMessage, valueTooDeep } from '../files/nesting-depth';
import { byTypeAndName, cloudObject, compare } from './cloud-object';
import {
  accountBody,
  principalLabel,
  scopedAttachments,
  unknownScopedPrincipalWarnings,
  withScoped,
  type AccountUnread,
} from './build-ram-account';
import type { RamAttachedPolicy, RamExport, RamExportPolicy, RamExportRole, RamExportUser } from './ram-export';

export interface RamObjects {
  objects: StoredObject[];
  warnings: string[];
}

/** A policy document that is not a JSON object; the caller names the input it came from. */
export class PolicyDocumentError extends Error {}

/** Which kinds to build; a kind the live collector could not read is left out entirely. */
export type RamKindSet = ReadonlySet<'CloudUser' | 'CloudGroup' | 'CloudRole' | 'CloudPolicy'>;

const ALL_KINDS: RamKindSet = new Set(['CloudUser', 'CloudGroup', 'CloudRole', 'CloudPolicy']);

export function buildRamObjects(account: RamExport, kinds: RamKindSet = ALL_KINDS, unread: AccountUnread = {}): RamObjects {
  const warnings: string[] = [];
  const identitiesUnread = [...(['CloudUser', 'CloudRole'] as const)].filter((k) => !kinds.has(k));
  const objects: StoredObject[] = [
    cloudObject(
      'CloudAccount',
      '',
      account.AccountId,
      accountBody(account, {
        ...unread,
        ...(identitiesUnread.length > 0 && { identities: `${identitiesUnread.join(' and ')} could not be read` }),
      }),
    ),
  ];
  const scoped = scopedAttachments(account, warnings);
  const arn = (kind: string, name: string) => `acs:ram::${account.AccountId}:${kind}/${name}`;
  if (kinds.has('CloudUser')) {
    for (const user of lastByName(account.Users, (u) => u.UserName, 'user', warnings)) {
      const body = userBody(user, arn('user', user.UserName));
      body.attachedPolicies = withScoped(body.attachedPolicies, scoped.get(`user/${user.UserName}`));
      objects.push(cloudObject('CloudUser', '', user.UserName, body));
    }
  }
  if (kinds.has('CloudGroup')) {
    for (const group of lastByName(account.Groups, (g) => g.GroupName, 'group', warnings)) {
      objects.push(
        cloudObject('CloudGroup', '', group.GroupName, {
          groupId: group.GroupId ?? undefined,
          arn: arn('group', group.GroupName),
          attachedPolicies: withScoped(attachments(group.Policies), scoped.get(`group/${group.GroupName}`)),
        }),
      );
    }
  }
  if (kinds.has('CloudRole')) {
    for (const role of lastByName(account.Roles, (r) => r.RoleName, 'role', warnings)) {
      const body = roleBody(role);
      body.attachedPolicies = withScoped(body.attachedPolicies, scoped.get(`role/${role.RoleName}`));
      objects.push(cloudObject('CloudRole', '', role.RoleName, body));
    }
  }
  warnings.push(...unknownScopedPrincipalWarnings(account, scoped, kinds));
  if (kinds.has('CloudPolicy')) {
    const policies = lastByName(account.Policies, (p) => `${p.PolicyType} policy ${p.PolicyName}`, 'policy', warnings);
    for (const policy of policies) objects.push(cloudObject('CloudPolicy', policy.PolicyType, policy.PolicyName, policyBody(policy)));
    warnings.push(...missingPolicyWarnings(account));
  }
  warnings.push(...unknownGroupWarnings(account, kinds));
  return { objects, warnings };
}

function userBody(user: RamExportUser, arn: string): CloudUserBody {
  const login = user.LoginProfile ?? null;
  return {
    userId: user.UserId,
    arn,
    displayName: user.DisplayName ?? undefined,
    createDate: user.CreateDate ?? undefined,
    groups: [...new Set(user.Groups.map((group) => group.GroupName))].sort(compare),
    attachedPolicies: attachments(user.Policies),
    accessKeys: user.AccessKeys.map((key) => ({
      accessKeyId: key.AccessKeyId,
      status: key.Status,
      createDate: key.CreateDate ?? undefined,
      // A key never used has no date (the API may send an empty string).
      lastUsedDate: key.LastUsedDate || undefined,
    })).sort((a, b) => compare(a.accessKeyId, b.accessKeyId)),
    // RAM's GetLoginProfile has no status: a profile that exists allows console login. IMS adds
    // Status (Active/Inactive); honour it when an export carries it.
    loginProfile:
      login === null
        ? null
        : {
            enabled: login.Status !== 'Inactive',
            mfaBindRequired: login.MFABindRequired ?? undefined,
            lastLoginTime: user.LastLoginDate ?? undefined,
          },
    mfaEnabled: user.MFADevice != null,
  };
}

function roleBody(role: RamExportRole): CloudRoleBody {
  return {
    roleId: role.RoleId,
    arn: role.Arn,
    description: role.Description || undefined,
    createDate: role.CreateDate ?? undefined,
    maxSessionDuration: role.MaxSessionDuration ?? undefined,
    trustPolicy: parseDocument(role.AssumeRolePolicyDocument, `role ${role.RoleName}: AssumeRolePolicyDocument`),
    attachedPolicies: attachments(role.Policies),
  };
}

function policyBody(policy: RamExportPolicy) {
  return {
    policyType: policy.PolicyType,
    description: policy.Description || undefined,
    defaultVersion: policy.DefaultVersion,
    document: parseDocument(
      policy.DefaultPolicyVersion.PolicyDocument,
      `${policy.PolicyType} policy ${policy.PolicyName}: DefaultPolicyVersion.PolicyDocument`,
    ),
    updateDate: policy.UpdateDate ?? undefined,
  };
}

/** RAM attachments listed by ListPoliciesFor*: account scope (resource-group grants live in Resource Manager). */
function attachments(policies: RamAttachedPolicy[]): PolicyAttachment[] {
  return policies
    .map((policy) => ({
      policyType: policy.PolicyType,
      policyName: policy.PolicyName,
      scope: { kind: 'account' as const },
      attachDate: policy.AttachDate ?? undefined,
    }))
    .sort(byTypeAndName);
}

/** The API sends documents as JSON strings; an export may hold them parsed. */
export function parseDocument(document: string | Record<string, unknown>, what: string): JsonObject {
  let value: unknown = document;
  if (typeof document === 'string') {
    try {
      value = JSON.parse(document);
    } catch {
      throw new PolicyDocumentError(`${what} is not valid JSON`);
    }
  }
  if (!isJsonObject(value)) throw new PolicyDocumentError(`${what} is not a JSON object`);
  // A document sent as a string was not part of the file's own depth check; hashing and the
  // policy parser recurse over it.
  if (valueTooDeep(value)) throw new PolicyDocumentError(tooDeepMessage(what));
  return value;
}

/** Keeps the last of items with the same key, warning once per repeat. */
function lastByName<T>(items: T[], keyOf: (item: T) => string, what: string, warnings: string[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (byKey.has(key)) warnings.push(`${what} ${key} appears more than once; the last copy is kept`);
    byKey.set(key, item);
  }
  return [...byKey.values()];
}

/** An attachment to a policy the export lacks (GetPolicy said EntityNotExist.Policy, or it was not exported). */
function missingPolicyWarnings(account: RamExport): string[] {
  const known = new Set(account.Policies.map((p) => `${p.PolicyType}/${p.PolicyName}`));
  const holders = new Map<string, string[]>();
  const note = (policies: RamAttachedPolicy[], holder: string) => {
    for (const p of policies) {
      const key = `${p.PolicyType}/${p.PolicyName}`;
      if (!known.has(key)) holders.set(key, [...(holders.get(key) ?? []), holder]);
    }
  };
  account.Users.forEach((u) => note(u.Policies, `user ${u.UserName}`));
  account.Groups.forEach((g) => note(g.Policies, `group ${g.GroupName}`));
  account.Roles.forEach((r) => note(r.Policies, `role ${r.RoleName}`));
  for (const a of account.PolicyAttachments ?? []) {
    if (a.ResourceGroupId !== account.AccountId)
      note([a], `${principalLabel(a.PrincipalType)} ${a.PrincipalName.split('@')[0] ?? ''} in resource group ${a.ResourceGroupId}`);
  }
  return [...holders].map(
    ([key, who]) =>
      `${key.replace('/', ' policy ')} is attached to ${who.join(', ')} but was not found in the account; what it grants is unknown`,
  );
}

function unknownGroupWarnings(account: RamExport, kinds: RamKindSet): string[] {
  if (!kinds.has('CloudGroup') || !kinds.has('CloudUser')) return [];
  const groups = new Set(account.Groups.map((g) => g.GroupName));
  return account.Users.flatMap((u) =>
    u.Groups.filter((g) => !groups.has(g.GroupName)).map(
      (g) => `user ${u.UserName} is a member of group ${g.GroupName}, which is not in the account`,
    ),
  );
}
