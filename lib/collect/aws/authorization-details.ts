// The output of `aws iam get-account-authorization-details` (IAM GetAccountAuthorizationDetails),
// validated at the edge. Field names are the API's. Policy documents are URL-encoded JSON strings
// in the API's own response and already-parsed objects in the AWS CLI's output: both are accepted.
// Unknown fields (Tags, RoleLastUsed, ...) pass through. Pure.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html

import { z } from 'zod';

const name = z.string().min(1);
const optionalText = z.string().nullish();
export const awsDocumentSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

const attachedManagedPolicy = z.looseObject({ PolicyName: name, PolicyArn: name });
const inlinePolicy = z.looseObject({ PolicyName: name, PolicyDocument: awsDocumentSchema });
const permissionsBoundary = z.looseObject({ PermissionsBoundaryArn: name, PermissionsBoundaryType: optionalText });

export const awsUserSchema = z.looseObject({
  UserName: name,
  UserId: name,
  Arn: name,
  Path: optionalText,
  CreateDate: optionalText,
  GroupList: z.array(z.string()).default([]),
  AttachedManagedPolicies: z.array(attachedManagedPolicy).default([]),
  UserPolicyList: z.array(inlinePolicy).default([]),
  PermissionsBoundary: permissionsBoundary.nullish(),
});

export const awsGroupSchema = z.looseObject({
  GroupName: name,
  GroupId: optionalText,
  Arn: optionalText,
  AttachedManagedPolicies: z.array(attachedManagedPolicy).default([]),
  GroupPolicyList: z.array(inlinePolicy).default([]),
});

export const awsRoleSchema = z.looseObject({
  RoleName: name,
  RoleId: name,
  Arn: name,
  Path: optionalText,
  Description: optionalText,
  CreateDate: optionalText,
  MaxSessionDuration: z.number().int().nullish(),
  AssumeRolePolicyDocument: awsDocumentSchema,
  InstanceProfileList: z.array(z.looseObject({ InstanceProfileName: optionalText })).default([]),
  AttachedManagedPolicies: z.array(attachedManagedPolicy).default([]),
  RolePolicyList: z.array(inlinePolicy).default([]),
  PermissionsBoundary: permissionsBoundary.nullish(),
});

export const awsPolicySchema = z.looseObject({
  PolicyName: name,
  Arn: name,
  Path: optionalText,
  Description: optionalText,
  DefaultVersionId: name,
  UpdateDate: optionalText,
  PolicyVersionList: z
    .array(z.looseObject({ VersionId: name, IsDefaultVersion: z.boolean(), Document: awsDocumentSchema.nullish() }))
    .default([]),
});

export const authorizationDetailsSchema = z.looseObject({
  UserDetailList: z.array(awsUserSchema).default([]),
  GroupDetailList: z.array(awsGroupSchema).default([]),
  RoleDetailList: z.array(awsRoleSchema).default([]),
  Policies: z.array(awsPolicySchema).default([]),
  IsTruncated: z.boolean().nullish(),
  Marker: optionalText,
});

export type AuthorizationDetails = z.infer<typeof authorizationDetailsSchema>;
export type AwsUser = z.infer<typeof awsUserSchema>;
export type AwsGroup = z.infer<typeof awsGroupSchema>;
export type AwsRole = z.infer<typeof awsRoleSchema>;
export type AwsPolicy = z.infer<typeof awsPolicySchema>;

/** The four lists a file may hold; a file with none of them is probably something else. */
export const DETAIL_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
