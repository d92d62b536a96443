// The cloud account as a snapshot stores it: one StoredObject per account, user, group, role and
// policy, provider-neutral so Alibaba Cloud RAM and AWS IAM share the engine, the store, the diff
// and the UI. Collectors (lib/collect/ram) map SDK responses and file layouts to these bodies;
// lib/core/ram/account/ reads them back. Field names follow the RAM API where the two agree.
import type { CloudKind, JsonObject } from '../snapshot/types';

export type CloudProvider = 'alibaba' | 'aws';

/** Which grammar a policy document is evaluated with (ram-semantics.md A1 versus A6). */
export type PolicyGrammar = 'ram' | 'aws';

export function grammarOf(provider: CloudProvider): PolicyGrammar {
  return provider === 'aws' ? 'aws' : 'ram';
}

/**
 * Policy types. RAM: System (Alibaba-owned, versioned by Alibaba) and Custom. AWS: AWS (AWS-managed)
 * and Customer (customer-managed). Inline policies (AWS only) live on their principal, not here.
 * A CloudPolicy object's namespace is its type, so a System and a Custom policy may share a name.
 */
export type PolicyType = 'System' | 'Custom' | 'AWS' | 'Customer';

/** Where an attachment applies: the whole account, or one RAM resource group (ram-semantics.md A2). */
export type AttachmentScope = { kind: 'account' } | { kind: 'resource-group'; resourceGroupId: string };

/** A managed policy attached to a user, group or role. */
export interface PolicyAttachment {
  policyType: PolicyType;
  policyName: string;
  scope: AttachmentScope;
  /** ISO 8601 when known. */
  attachDate?: string;
}

/** An AWS inline policy: a document that belongs to one principal. */
export interface InlinePolicy {
  name: string;
  document: JsonObject;
}

/** CloudAccount body (name: the account id). Exactly one per cloud snapshot. */
export interface CloudAccountBody {
  provider: CloudProvider;
  accountId: string;
  /** RAM account alias (`<alias>.onaliyun.com`) or AWS account alias, when known. */
  alias?: string;
}

/** An access key's metadata. The secret is never read, let alone stored. */
export interface AccessKeyInfo {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createDate?: string;
  lastUsedDate?: string;
}

/** CloudUser body (name: the user name). */
export interface CloudUserBody {
  /** RAM UserId (the UID an ACK binding names) or AWS UserId. */
  userId: string;
  /** acs:ram::<uid>:user/<name> or arn:aws:iam::<acct>:user/<path><name>. */
  arn: string;
  displayName?: string;
  createDate?: string;
  groups: string[];
  attachedPolicies: PolicyAttachment[];
  /** AWS only. */
  inlinePolicies?: InlinePolicy[];
  /** AWS only: the managed policy that bounds this user's identity policies. */
  permissionsBoundary?: { policyType: PolicyType; policyName: string };
  accessKeys: AccessKeyInfo[];
  /** null: no console login profile. */
  loginProfile: { enabled: boolean; mfaBindRequired?: boolean; lastLoginTime?: string } | null;
  mfaEnabled: boolean;
  /**
   * false when the source does not report credentials (AWS get-account-authorization-details has
   * no access keys, passwords or MFA devices): accessKeys, loginProfile and mfaEnabled then say
   * nothing. Absent: they were read.
   */
  credentialsReported?: false;
}

/** CloudGroup body (name: the group name). */
export interface CloudGroupBody {
  groupId?: string;
  arn?: string;
  attachedPolicies: PolicyAttachment[];
  inlinePolicies?: InlinePolicy[];
}

/** CloudRole body (name: the role name). */
export interface CloudRoleBody {
  /** RAM RoleId (an ACK binding may name it) or AWS RoleId. */
  roleId: string;
  arn: string;
  description?: string;
  createDate?: string;
  maxSessionDuration?: number;
  /** The trust policy (AssumeRolePolicyDocument), parsed. */
  trustPolicy: JsonObject;
  attachedPolicies: PolicyAttachment[];
  inlinePolicies?: InlinePolicy[];
  permissionsBoundary?: { policyType: PolicyType; policyName: string };
}

/** CloudPolicy body (namespace: its PolicyType, name: the policy name). */
export interface CloudPolicyBody {
  policyType: PolicyType;
  /** AWS ARN, when the provider has one. */
  arn?: string;
  description?: string;
  /** The version in force (RAM DefaultVersion, AWS default VersionId), e.g. "v3". */
  defaultVersion: string;
  /** The default version's document, parsed: a system policy's document is versioned too. */
  document: JsonObject;
  updateDate?: string;
}

/** Kind → body, for typed reads of cloud StoredObjects. */
export interface CloudBodies {
  CloudAccount: CloudAccountBody;
  CloudUser: CloudUserBody;
  CloudGroup: CloudGroupBody;
  CloudRole: CloudRoleBody;
  CloudPolicy: CloudPolicyBody;
}

export type CloudBody<K extends CloudKind> = CloudBodies[K];
