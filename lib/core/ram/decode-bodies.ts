// The trust boundary for stored cloud bodies: a CloudAccount/User/Group/Role/Policy read back from
// the store (or handed over by a collector) is decoded here, once, into the lib/core/ram/model.ts
// types, as lib/core/kube/to-cluster-objects.ts does for Kubernetes objects. Every reader (the
// engine's account, the headlines, the subject and policy pages) goes through decodeCloudObjects;
// nothing casts a body. A body that does not decode throws a CloudBodyError naming the object
// (kind, and type/name for a policy) and the field. Pure.
import { z } from 'zod';
import { isJsonObject, type CloudKind, type JsonObject, type StoredObject } from '../snapshot/types';
import type {
  AccessKeyInfo,
  AccountInput,
  AckClusterKubeconfigs,
  AckKubeconfig,
  AttachmentScope,
  CloudAccountBody,
  CloudBody,
  CloudGroupBody,
  CloudPolicyBody,
  CloudRoleBody,
  CloudUserBody,
  InlinePolicy,
  PasswordPolicy,
  PolicyAttachment,
  PolicyType,
  SecurityPreference,
} from './model';

/** A policy document or trust policy: any JSON object; the policy parser judges its grammar. */
const documentSchema = z.custom<JsonObject>((value) => isJsonObject(value), { message: 'expected a JSON object' });

const policyTypeSchema = z.enum(['System', 'Custom', 'AWS', 'Customer']) satisfies z.ZodType<PolicyType>;

const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account') }),
  z.object({ kind: z.literal('resource-group'), resourceGroupId: z.string().min(1) }),
]) satisfies z.ZodType<AttachmentScope>;

const attachmentSchema = z.object({
  policyType: policyTypeSchema,
  policyName: z.string().min(1),
  scope: scopeSchema,
  attachDate: z.string().optional(),
}) satisfies z.ZodType<PolicyAttachment>;

const inlinePolicySchema = z.object({ name: z.string().min(1), document: documentSchema }) satisfies z.ZodType<InlinePolicy>;

const boundarySchema = z.object({ policyType: policyTypeSchema, policyName: z.string().min(1) });

const passwordPolicySchema = z.object({
  minimumPasswordLength: z.number().optional(),
  requireLowercaseCharacters: z.boolean().optional(),
  requireUppercaseCharacters: z.boolean().optional(),
  requireNumbers: z.boolean().optional(),
  requireSymbols: z.boolean().optional(),
  maxPasswordAge: z.number().optional(),
  passwordReusePrevention: z.number().optional(),
  maxLoginAttempts: z.number().optional(),
  hardExpiry: z.boolean().optional(),
}) satisfies z.ZodType<PasswordPolicy>;

const securityPreferenceSchema = z.object({
  mfaOperationForLogin: z.string().optional(),
  loginSessionDuration: z.number().optional(),
  loginNetworkMasks: z.string().optional(),
  allowUserToManageAccessKeys: z.boolean().optional(),
  allowUserToManageMFADevices: z.boolean().optional(),
}) satisfies z.ZodType<SecurityPreference>;

const ackKubeconfigSchema = z.object({
  accountId: z.string().min(1),
  accountName: z.string().optional(),
  accountDisplayName: z.string().optional(),
  accountType: z.string().min(1),
  accountState: z.string().optional(),
  certState: z.string().optional(),
  certExpireTime: z.string().optional(),
  revokable: z.boolean().optional(),
}) satisfies z.ZodType<AckKubeconfig>;

const ackClusterSchema = z.object({
  clusterId: z.string().min(1),
  kubeconfigs: z.array(ackKubeconfigSchema).optional(),
  unread: z.string().optional(),
}) satisfies z.ZodType<AckClusterKubeconfigs>;

const accountInputSchema = z.enum(['passwordPolicy', 'securityPreference', 'rootAccessKeys', 'resourceGroupAttachments', 'identities']);

const accountBodySchema = z.object({
  provider: z.enum(['alibaba', 'aws']),
  accountId: z.string().min(1),
  alias: z.string().optional(),
  passwordPolicy: passwordPolicySchema.optional(),
  securityPreference: securityPreferenceSchema.optional(),
  rootAccessKeys: z.object({ count: z.number().int().min(0) }).optional(),
  ackClusters: z.array(ackClusterSchema).optional(),
  unread: z.partialRecord(accountInputSchema satisfies z.ZodType<AccountInput>, z.string()).optional(),
}) satisfies z.ZodType<CloudAccountBody>;

const accessKeySchema = z.object({
  accessKeyId: z.string().min(1),
  status: z.enum(['Active', 'Inactive']),
  createDate: z.string().optional(),
  lastUsedDate: z.string().optional(),
}) satisfies z.ZodType<AccessKeyInfo>;

const userBodySchema = z.object({
  userId: z.string(),
  arn: z.string(),
  displayName: z.string().optional(),
  createDate: z.string().optional(),
  groups: z.array(z.string().min(1)),
  attachedPolicies: z.array(attachmentSchema),
  inlinePolicies: z.array(inlinePolicySchema).optional(),
  permissionsBoundary: boundarySchema.optional(),
  accessKeys: z.array(accessKeySchema),
  loginProfile: z
    .object({ enabled: z.boolean(), mfaBindRequired: z.boolean().optional(), lastLoginTime: z.string().optional() })
    .nullable(),
  mfaEnabled: z.boolean(),
  credentialsReported: z.literal(false).optional(),
}) satisfies z.ZodType<CloudUserBody>;

const groupBodySchema = z.object({
  groupId: z.string().optional(),
  arn: z.string().optional(),
  attachedPolicies: z.array(attachmentSchema),
  inlinePolicies: z.array(inlinePolicySchema).optional(),
}) satisfies z.ZodType<CloudGroupBody>;

const roleBodySchema = z.object({
  roleId: z.string(),
  arn: z.string(),
  description: z.string().optional(),
  createDate: z.string().optional(),
  maxSessionDuration: z.number().optional(),
  trustPolicy: documentSchema,
  attachedPolicies: z.array(attachmentSchema),
  inlinePolicies: z.array(inlinePolicySchema).optional(),
  permissionsBoundary: boundarySchema.optional(),
}) satisfies z.ZodType<CloudRoleBody>;

const policyBodySchema = z.object({
  policyType: policyTypeSchema,
  arn: z.string().optional(),
  description: z.string().optional(),
  defaultVersion: z.string(),
  document: documentSchema,
  updateDate: z.string().optional(),
}) satisfies z.ZodType<CloudPolicyBody>;

const SCHEMAS: { [K in CloudKind]: z.ZodType<CloudBody<K>> } = {
  CloudAccount: accountBodySchema,
  CloudUser: userBodySchema,
  CloudGroup: groupBodySchema,
  CloudRole: roleBodySchema,
  CloudPolicy: policyBodySchema,
};

/** The parts of a stored object the decoder reads. */
export type StoredCloudObject = Pick<StoredObject, 'kind' | 'namespace' | 'name' | 'body'>;

/** A stored body that is not what lib/core/ram/model.ts says: names the object and the field. */
export class CloudBodyError extends Error {
  readonly object: string;
  readonly field: string;
  constructor(object: string, field: string, detail: string) {
    super(`malformed ${object}: field ${field}: ${detail}`);
    this.name = 'CloudBodyError';
    this.object = object;
    this.field = field;
  }
}

/** `CloudUser alice`, `CloudPolicy Custom/ops-admin` (a policy's namespace is its type). */
export function cloudObjectLabel(o: Pick<StoredObject, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind} ${o.namespace === '' ? '' : `${o.namespace}/`}${o.name}`;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** One stored body as its kind's model type, or a CloudBodyError. */
export function decodeCloudBody<K extends CloudKind>(kind: K, object: StoredCloudObject): CloudBody<K> {
  if (object.kind !== kind) throw new CloudBodyError(cloudObjectLabel(object), '(kind)', `expected a ${kind}`);
  const result = SCHEMAS[kind].safeParse(object.body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CloudBodyError(cloudObjectLabel(object), fieldOf(issue?.path ?? []), issue?.message ?? 'invalid');
  }
  const body = result.data;
  // The store keys a policy by its namespace; a body that says another type would be looked up under one and evaluated as the other.
  if (kind === 'CloudPolicy') {
    const policyType = (body as CloudPolicyBody).policyType;
    if (policyType !== object.namespace) {
      throw new CloudBodyError(
        cloudObjectLabel(object),
        'policyType',
        `${policyType} differs from the object's namespace "${object.namespace}"`,
      );
    }
  }
  return body;
}

/** A decoded cloud object: where it is stored, and its typed body. */
export interface CloudObject<K extends CloudKind> {
  kind: K;
  namespace: string;
  name: string;
  body: CloudBody<K>;
}

/** A cloud snapshot's objects decoded, per kind, in the order they were given. */
export interface CloudObjects {
  accounts: CloudObject<'CloudAccount'>[];
  users: CloudObject<'CloudUser'>[];
  groups: CloudObject<'CloudGroup'>[];
  roles: CloudObject<'CloudRole'>[];
  policies: CloudObject<'CloudPolicy'>[];
}

function decoded<K extends CloudKind>(kind: K, o: StoredCloudObject): CloudObject<K> {
  return { kind, namespace: o.namespace, name: o.name, body: decodeCloudBody(kind, o) };
}

/** Decodes every cloud object; other kinds are ignored (the caller filters). Throws CloudBodyError. */
export function decodeCloudObjects(objects: readonly StoredCloudObject[]): CloudObjects {
  const out: CloudObjects = { accounts: [], users: [], groups: [], roles: [], policies: [] };
  for (const o of objects) {
    switch (o.kind) {
      case 'CloudAccount':
        out.accounts.push(decoded('CloudAccount', o));
        break;
      case 'CloudUser':
        out.users.push(decoded('CloudUser', o));
        break;
      case 'CloudGroup':
        out.groups.push(decoded('CloudGroup', o));
        break;
      case 'CloudRole':
        out.roles.push(decoded('CloudRole', o));
        break;
      case 'CloudPolicy':
        out.policies.push(decoded('CloudPolicy', o));
        break;
      default:
        break;
    }
  }
  return out;
}
