// The RAM account export: one JSON layout, with the RAM API's own field names, that both the live
// collector builds from SDK responses and `collectFromRamFiles` reads from disk (written by
// scripts/export-ram-account.sh with the `aliyun` CLI). One layout means a live snapshot and a
// file import of the same account hash the same. Documented in lib/collect/README.md. Pure.
//
// Field names follow the RAM 2015-05-01 API responses (GetUser.User, ListGroupsForUser.Groups.Group,
// ListPoliciesForUser.Policies.Policy, ListAccessKeys.AccessKeys.AccessKey, GetLoginProfile.LoginProfile,
// GetUserMFAInfo.MFADevice, GetRole.Role, GetPolicy.Policy and GetPolicy.DefaultPolicyVersion).
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

export const ramExportSchema = z.looseObject({
  AccountId: name,
  AccountAlias: optionalText,
  Users: z.array(userSchema).default([]),
  Groups: z.array(groupSchema).default([]),
  Roles: z.array(roleSchema).default([]),
  Policies: z.array(policySchema).default([]),
});

export type RamExport = z.infer<typeof ramExportSchema>;
export type RamExportUser = z.infer<typeof userSchema>;
export type RamExportGroup = z.infer<typeof groupSchema>;
export type RamExportRole = z.infer<typeof roleSchema>;
export type RamExportPolicy = z.infer<typeof policySchema>;
export type RamAttachedPolicy = z.infer<typeof attachedPolicySchema>;
/** What goes into a file: the input shape (arrays may be left out). */
export type RamExportInput = z.input<typeof ramExportSchema>;
