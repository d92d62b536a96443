// The RAM account export: one JSON layout, with the RAM API's own field names, that both the live
// collector builds from SDK responses and `collectFromRamFiles` reads from disk (written by
// scripts/export-ram-account.sh with the `aliyun` CLI). One layout means a live snapshot and a
// file import of the same account hash the same. Documented in lib/collect/README.md. Pure.
//
// Field names follow the RAM 2015-05-01 API responses (GetUser.User, ListGroupsForUser.Groups.Group,
// ListPoliciesForUser.Policies.Policy, ListAccessKeys.AccessKeys.AccessKey, GetLoginProfile.LoginProfile,
// GetUserMFAInfo.MFADevice, GetRole.Role, GetPolicy.Policy and GetPolicy.DefaultPolicyVersion,
// GetPasswordPolicy.PasswordPolicy), IMS's (GetSecurityPreference.SecurityPreference,
// GetAccountSecurityPracticeReport.AccountSecurityPracticeInfo), Resource Manager's
// (ListPolicyAttachments.PolicyAttachments.PolicyAttachment) and ACK's (ListClusterKubeconfigStates.states).
// Unknown fields are allowed (passthrough), so a CLI that adds fields breaks nothing.

import { z } from 'zod';

const name = z.string().min(1);
const optionalText = z.string().nullish();

/** A policy document: the API sends a JSON string; a hand-written export may hold the object. */
export const policyDocumentSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

/** ListPoliciesForUser/Group/Role .Policies.Policy[] (no pagination: they take only a name). */
export const attachedPolicySchema = z.looseObject({
  PolicyName: name,
  PolicyType: z.enum(['System', 'Custom']),
  DefaultVersion: optionalText,
  AttachDate: optionalText,
  Description: optionalText,
});

/** ListAccessKeys.AccessKeys.AccessKey[] plus GetAccessKeyLastUsed.AccessKeyLastUsed.LastUsedDate. */
export const accessKeySchema = z.looseObject({
  AccessKeyId: name,
  Status: z.enum(['Active', 'Inactive']),
  CreateDate: optionalText,
  LastUsedDate: optionalText,
});

export const userSchema = z.looseObject({
  UserName: name,
  UserId: name,
  DisplayName: optionalText,
  CreateDate: optionalText,
  UpdateDate: optionalText,
  /** GetUser only (ListUsers does not return it). */
  LastLoginDate: optionalText,
  /** ListGroupsForUser.Groups.Group[]. */
  Groups: z.array(z.looseObject({ GroupName: name })).default([]),
  Policies: z.array(attachedPolicySchema).default([]),
  AccessKeys: z.array(accessKeySchema).default([]),
  /** GetLoginProfile.LoginProfile; null when the call answers EntityNotExist.User.LoginProfile. */
  LoginProfile: z.looseObject({ MFABindRequired: z.boolean().nullish(), Status: optionalText }).nullish(),
  /** GetUserMFAInfo.MFADevice; null when the call answers an EntityNotExist error. */
  MFADevice: z.looseObject({ SerialNumber: optionalText }).nullish(),
});

export const groupSchema = z.looseObject({
  GroupName: name,
  GroupId: optionalText,
  CreateDate: optionalText,
  Comments: optionalText,
  Policies: z.array(attachedPolicySchema).default([]),
});

export const roleSchema = z.looseObject({
  RoleName: name,
  RoleId: name,
  Arn: name,
  Description: optionalText,
  CreateDate: optionalText,
  MaxSessionDuration: z.number().int().nullish(),
  AssumeRolePolicyDocument: policyDocumentSchema,
  Policies: z.array(attachedPolicySchema).default([]),
});

export const policySchema = z.looseObject({
  PolicyName: name,
  PolicyType: z.enum(['System', 'Custom']),
  Description: optionalText,
  DefaultVersion: name,
  CreateDate: optionalText,
  UpdateDate: optionalText,
  /** GetPolicy.DefaultPolicyVersion. */
  DefaultPolicyVersion: z.looseObject({ VersionId: optionalText, PolicyDocument: policyDocumentSchema }),
});

const optionalNumber = z.number().nullish();
const optionalFlag = z.boolean().nullish();

/** RAM GetPasswordPolicy.PasswordPolicy (MaxLoginAttemps is the API's spelling). */
export const passwordPolicySchema = z.looseObject({
  MinimumPasswordLength: optionalNumber,
  RequireLowercaseCharacters: optionalFlag,
  RequireUppercaseCharacters: optionalFlag,
  RequireNumbers: optionalFlag,
  RequireSymbols: optionalFlag,
  MaxPasswordAge: optionalNumber,
  PasswordReusePrevention: optionalNumber,
  MaxLoginAttemps: optionalNumber,
  HardExpiry: optionalFlag,
});

/** IMS GetSecurityPreference.SecurityPreference (RAM's own lacks MFAOperationForLogin). */
export const securityPreferenceSchema = z.looseObject({
  LoginProfilePreference: z
    .looseObject({ MFAOperationForLogin: optionalText, LoginSessionDuration: optionalNumber, LoginNetworkMasks: optionalText })
    .nullish(),
  AccessKeyPreference: z.looseObject({ AllowUserToManageAccessKeys: optionalFlag }).nullish(),
  MFAPreference: z.looseObject({ AllowUserToManageMFADevices: optionalFlag }).nullish(),
});

/** IMS GetAccountSecurityPracticeReport.AccountSecurityPracticeInfo. */
export const securityPracticeSchema = z.looseObject({
  AccountSecurityPracticeUserInfo: z.looseObject({ RootWithAccessKey: z.number().int().min(0).nullish() }).nullish(),
});

/**
 * Resource Manager ListPolicyAttachments.PolicyAttachments.PolicyAttachment[]: every attachment of
 * the account, each with its scope (ResourceGroupId: a resource group, or the account id itself).
 * PrincipalName is `name@<alias>.onaliyun.com` (users), `name@group.<alias>.onaliyun.com` (groups).
 */
export const scopedAttachmentSchema = z.looseObject({
  PrincipalName: name,
  PrincipalType: z.enum(['IMSUser', 'IMSGroup', 'ServiceRole']),
  PolicyName: name,
  PolicyType: z.enum(['System', 'Custom']),
  ResourceGroupId: name,
  AttachDate: optionalText,
});

/** ACK ListClusterKubeconfigStates `states[]`: the CS API's snake_case names. */
export const kubeconfigStateSchema = z.looseObject({
  account_id: name,
  account_name: optionalText,
  account_display_name: optionalText,
  account_type: name,
  account_state: optionalText,
  cert_state: optionalText,
  cert_expire_time: optionalText,
  revokable: optionalFlag,
});

/** A cluster's inventory, or (`Unread`) why the export could not read it: its kubeconfig rules are then not evaluated. */
export const ackClusterSchema = z.looseObject({
  ClusterId: name,
  KubeconfigStates: z.array(kubeconfigStateSchema).default([]),
  Unread: optionalText,
});

export const ramExportSchema = z.looseObject({
  AccountId: name,
  AccountAlias: optionalText,
  Users: z.array(userSchema).default([]),
  Groups: z.array(groupSchema).default([]),
  Roles: z.array(roleSchema).default([]),
  Policies: z.array(policySchema).default([]),
  // The account-level inputs below are optional: an export without one leaves the rules that need it not evaluated.
  PasswordPolicy: passwordPolicySchema.nullish(),
  SecurityPreference: securityPreferenceSchema.nullish(),
  AccountSecurityPracticeInfo: securityPracticeSchema.nullish(),
  /** Absent: not read (every attachment is then taken from ListPoliciesFor*, at account scope). */
  PolicyAttachments: z.array(scopedAttachmentSchema).nullish(),
  /** One entry per ACK cluster of the account whose kubeconfig inventory was read. */
  AckClusters: z.array(ackClusterSchema).nullish(),
});

export type RamExport = z.infer<typeof ramExportSchema>;
export type RamExportUser = z.infer<typeof userSchema>;
export type RamExportGroup = z.infer<typeof groupSchema>;
export type RamExportRole = z.infer<typeof roleSchema>;
export type RamExportPolicy = z.infer<typeof policySchema>;
export type RamAttachedPolicy = z.infer<typeof attachedPolicySchema>;
export type RamScopedAttachment = z.infer<typeof scopedAttachmentSchema>;
export type RamKubeconfigState = z.infer<typeof kubeconfigStateSchema>;
/** What goes into a file: the input shape (arrays may be left out). */
export type RamExportInput = z.input<typeof ramExportSchema>;
