// AWS IAM authorization details (merged pages) → the provider-neutral cloud objects of
// lib/core/ram/model.ts, provider 'aws'. Pure.

import type { CloudUserBody, InlinePolicy, PolicyAttachment, PolicyType } from '../../core/ram/model';
import { isJsonObject, type JsonObject, type StoredObject } from '../../core/snapshot/types';
import { tooDeepMessage, valueTooDeep } from '../files/nesting-depth';
import { byTypeAndName, cloudObject, compare } from '../ram/cloud-object';
import type { AuthorizationDetails, AwsPolicy, AwsRole, AwsUser } from './authorization-details';

/** A document that is neither JSON nor URL-encoded JSON; the caller names the file. */
export class AwsDocumentError extends Error {}

export interface AwsObjects {
  objects: StoredObject[];
  warnings: string[];
}

/** AWS managed policies live in the `aws` account of each partition (arn:aws:iam::aws:policy/...). */
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

export function policyTypeOfArn(arn: string): PolicyType {
  return AWS_MANAGED.test(arn) ? 'AWS' : 'Customer';
}

export function buildAwsObjects(details: AuthorizationDetails, accountId: string): AwsObjects {
  const warnings: string[] = [];
  const objects: StoredObject[] = [cloudObject('CloudAccount', '', accountId, { provider: 'aws', accountId })];
  for (const user of details.UserDetailList) objects.push(cloudObject('CloudUser', '', user.UserName, userBody(user)));
  for (const group of details.GroupDetailList) {
    objects.push(
      cloudObject('CloudGroup', '', group.GroupName, {
        groupId: group.GroupId ?? undefined,
        arn: group.Arn ?? undefined,
        attachedPolicies: attachments(group.AttachedManagedPolicies),
        inlinePolicies: inline(group.GroupPolicyList, `group ${group.GroupName}`),
      }),
    );
  }
  for (const role of details.RoleDetailList) objects.push(cloudObject('CloudRole', '', role.RoleName, roleBody(role)));
  for (const policy of details.Policies) {
    const built = policyObject(policy);
    if (typeof built === 'string') warnings.push(built);
    else objects.push(built);
  }
  warnings.push(...missingPolicyWarnings(details));
  return { objects, warnings };
}

function userBody(user: AwsUser): CloudUserBody {
  return {
    userId: user.UserId,
    arn: user.Arn,
    createDate: user.CreateDate ?? undefined,
    groups: [...new Set(user.GroupList)].sort(compare),
    attachedPolicies: attachments(user.AttachedManagedPolicies),
    inlinePolicies: inline(user.UserPolicyList, `user ${user.UserName}`),
    permissionsBoundary: boundary(user.PermissionsBoundary),
    // GetAccountAuthorizationDetails reports no access keys, login profiles or MFA devices.
    accessKeys: [],
    loginProfile: null,
    mfaEnabled: false,
    credentialsReported: false,
  };
}

function roleBody(role: AwsRole) {
  return {
    roleId: role.RoleId,
    arn: role.Arn,
    description: role.Description || undefined,
    createDate: role.CreateDate ?? undefined,
    maxSessionDuration: role.MaxSessionDuration ?? undefined,
    trustPolicy: decodeDocument(role.AssumeRolePolicyDocument, `role ${role.RoleName}: AssumeRolePolicyDocument`),
    attachedPolicies: attachments(role.AttachedManagedPolicies),
    inlinePolicies: inline(role.RolePolicyList, `role ${role.RoleName}`),
    permissionsBoundary: boundary(role.PermissionsBoundary),
  };
}

/** The default version's document, or a warning when the page holds no document for it. */
function policyObject(policy: AwsPolicy): StoredObject | string {
  const type = policyTypeOfArn(policy.Arn);
  const version =
    policy.PolicyVersionList.find((v) => v.VersionId === policy.DefaultVersionId) ??
    policy.PolicyVersionList.find((v) => v.IsDefaultVersion);
  if (version?.Document == null) {
    return `${type} policy ${policy.PolicyName}: no document for its default version ${policy.DefaultVersionId}; left out, so what it grants is unknown`;
  }
  return cloudObject('CloudPolicy', type, policy.PolicyName, {
    policyType: type,
    arn: policy.Arn,
    description: policy.Description || undefined,
    defaultVersion: policy.DefaultVersionId,
    document: decodeDocument(version.Document, `${type} policy ${policy.PolicyName} ${version.VersionId}: Document`),
    updateDate: policy.UpdateDate ?? undefined,
  });
}

function attachments(policies: { PolicyName: string; PolicyArn: string }[]): PolicyAttachment[] {
  return policies
    .map((p) => ({ policyType: policyTypeOfArn(p.PolicyArn), policyName: p.PolicyName, scope: { kind: 'account' as const } }))
    .sort(byTypeAndName);
}

function inline(policies: { PolicyName: string; PolicyDocument: string | Record<string, unknown> }[], owner: string): InlinePolicy[] {
  return policies
    .map((p) => ({ name: p.PolicyName, document: decodeDocument(p.PolicyDocument, `${owner}: inline policy ${p.PolicyName}`) }))
    .sort((a, b) => compare(a.name, b.name));
}

function boundary(value: { PermissionsBoundaryArn: string } | null | undefined): CloudUserBody['permissionsBoundary'] {
  if (!value) return undefined;
  return { policyType: policyTypeOfArn(value.PermissionsBoundaryArn), policyName: value.PermissionsBoundaryArn.split('/').pop() ?? '' };
}

/**
 * The API returns documents URL-encoded (RFC 3986); the AWS CLI and SDKs decode them to objects.
 * A string that already starts with `{` is plain JSON.
 */
export function decodeDocument(document: string | Record<string, unknown>, what: string): JsonObject {
  let value: unknown = document;
  if (typeof document === 'string') {
    let text = document.trimStart();
    try {
      if (!text.startsWith('{')) text = decodeURIComponent(text);
      value = JSON.parse(text);
    } catch {
      throw new AwsDocumentError(`${what} is neither JSON nor URL-encoded JSON`);
    }
  }
  if (!isJsonObject(value)) throw new AwsDocumentError(`${what} is not a JSON object`);
  // A document sent as a string was not part of the file's own depth check; hashing and the
  // policy parser recurse over it.
  if (valueTooDeep(value)) throw new AwsDocumentError(tooDeepMessage(what));
  return value;
}

/** Attached managed policies (and boundaries) whose document the export does not hold. */
function missingPolicyWarnings(details: AuthorizationDetails): string[] {
  const known = new Set(details.Policies.map((p) => p.Arn));
  const holders = new Map<string, string[]>();
  const note = (arn: string, holder: string) => {
    if (!known.has(arn)) holders.set(arn, [...(holders.get(arn) ?? []), holder]);
  };
  for (const u of details.UserDetailList) {
    u.AttachedManagedPolicies.forEach((p) => note(p.PolicyArn, `user ${u.UserName}`));
    if (u.PermissionsBoundary) note(u.PermissionsBoundary.PermissionsBoundaryArn, `user ${u.UserName} (permissions boundary)`);
  }
  for (const g of details.GroupDetailList) g.AttachedManagedPolicies.forEach((p) => note(p.PolicyArn, `group ${g.GroupName}`));
  for (const r of details.RoleDetailList) {
    r.AttachedManagedPolicies.forEach((p) => note(p.PolicyArn, `role ${r.RoleName}`));
    if (r.PermissionsBoundary) note(r.PermissionsBoundary.PermissionsBoundaryArn, `role ${r.RoleName} (permissions boundary)`);
  }
  return [...holders].map(
    ([arn, who]) =>
      `${arn} is attached to ${who.join(', ')} but its document is not in the input (was --filter used?); what it grants is unknown`,
  );
}

/** `arn:aws:iam::<12 digits>:...` → the account; AWS-managed policy ARNs name `aws` and are skipped. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
}
