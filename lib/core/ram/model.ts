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

/**
 * RAM GetPasswordPolicy.PasswordPolicy: the rules RAM users' console passwords follow
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-getpasswordpolicy).
 */
export interface PasswordPolicy {
  minimumPasswordLength?: number;
  requireLowercaseCharacters?: boolean;
  requireUppercaseCharacters?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
  /** Days a password is valid; 0: never expires. */
  maxPasswordAge?: number;
  /** How many previous passwords may not be reused; 0: no check. */
  passwordReusePrevention?: number;
  /** Failed sign-ins within an hour before the login is locked for an hour; 0: never locked. */
  maxLoginAttempts?: number;
  /** An expired password locks the login until an administrator resets it. */
  hardExpiry?: boolean;
}

/**
 * How RAM users sign in: IMS GetSecurityPreference.SecurityPreference
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getsecuritypreference).
 * RAM 2015-05-01's GetSecurityPreference lacks the MFA-at-login setting, IMS's has it.
 */
export interface SecurityPreference {
  /**
   * MFA at console login for every RAM user: `mandatory` (always), `independent` (each user's own
   * setting, the default) or `adaptive` (only for unusual logins).
   */
  mfaOperationForLogin?: string;
  /** Hours a console session lasts. */
  loginSessionDuration?: number;
  /** Networks (CIDR, `;`-separated) console logins are allowed from; empty: any. */
  loginNetworkMasks?: string;
  allowUserToManageAccessKeys?: boolean;
  allowUserToManageMFADevices?: boolean;
}

/** The root account's (main account's) AccessKeys: IMS GetAccountSecurityPracticeReport RootWithAccessKey. */
export interface RootAccessKeyState {
  /** How many AccessKey pairs the root account has. */
  count: number;
}

/**
 * One kubeconfig ACK issued for a cluster: ListClusterKubeconfigStates's `states[]`
 * (https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-cs-2015-12-15-listclusterkubeconfigstates).
 * Values are ACK's own words.
 */
export interface AckKubeconfig {
  /** The root account's, RAM user's or RAM role's id (a user's UserId, a role's RoleId). */
  accountId: string;
  /** The RAM user's logon name or the role name. */
  accountName?: string;
  accountDisplayName?: string;
  /** `RootAccount`, `RamUser` or `RamRole`. */
  accountType: string;
  /** `Active`, `InActive` (frozen) or `Deleted`, as ACK sees the identity. */
  accountState?: string;
  /** `Unexpired`, `Expired` or `Unknown`. */
  certState?: string;
  /** ISO 8601: when the kubeconfig's client certificate expires. */
  certExpireTime?: string;
  /** Whether ACK can revoke it. */
  revokable?: boolean;
}

/** A linked ACK cluster's kubeconfig inventory, or why it could not be read. */
export interface AckClusterKubeconfigs {
  clusterId: string;
  /** Absent when `unread` says why. */
  kubeconfigs?: AckKubeconfig[];
  unread?: string;
}

/** Account-level inputs a source may carry, or may have failed to read. */
export type AccountInput = 'passwordPolicy' | 'securityPreference' | 'rootAccessKeys' | 'resourceGroupAttachments' | 'identities';

/** CloudAccount body (name: the account id). Exactly one per cloud snapshot. */
export interface CloudAccountBody {
  provider: CloudProvider;
  accountId: string;
  /** RAM account alias (`<alias>.onaliyun.com`) or AWS account alias, when known. */
  alias?: string;
  /** Absent: not in the source (or `unread` says why). */
  passwordPolicy?: PasswordPolicy;
  securityPreference?: SecurityPreference;
  rootAccessKeys?: RootAccessKeyState;
  /** One entry per ACK cluster linked to the account when the snapshot was taken; absent: none was read. */
  ackClusters?: AckClusterKubeconfigs[];
  /**
   * Inputs the collector asked for and could not read, each with the reason (a denied call).
   * `identities`: the users or roles could not be read, so an identity missing from the snapshot
   * may still exist.
   */
  unread?: Partial<Record<AccountInput, string>>;
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
