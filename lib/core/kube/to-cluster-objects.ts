// Maps plain Kubernetes JSON objects (what `kubectl get -o json` prints, or a normalized
// StoredObject body) to our own types. This is the trust boundary for object bodies: every
// known kind is validated with zod, and a malformed object throws an Error that names it.

import { z } from 'zod';
import type { JsonObject } from '../snapshot/types';
import type {
  ApiResource,
  ClusterObjects,
  ClusterRole,
  ClusterRoleBinding,
  LabelSelector,
  Namespace,
  PodSummary,
  Role,
  RoleBinding,
  ServiceAccount,
} from './types';
import { emptyClusterObjects } from './types';

// Lists the API allows to be absent or null decode to [] (Go's nil slice), maps to {}.
const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
const stringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});
const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const metadataSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().nullish(),
  labels: stringMap,
  annotations: stringMap,
});

const policyRuleSchema = z.object({
  verbs: stringList,
  apiGroups: stringList,
  resources: stringList,
  resourceNames: stringList,
  nonResourceURLs: stringList,
});

const labelSelectorSchema = z.object({
  matchLabels: stringMap,
  matchExpressions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: stringList,
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});

const subjectSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: optionalString,
  apiGroup: optionalString,
});

const roleRefSchema = z.object({ kind: z.string(), name: z.string(), apiGroup: optionalString });

const rulesField = z
  .array(policyRuleSchema)
  .nullish()
  .transform((v) => v ?? []);
const subjectsField = z
  .array(subjectSchema)
  .nullish()
  .transform((v) => v ?? []);

const roleSchema = z.object({ metadata: metadataSchema, rules: rulesField });
const clusterRoleSchema = z.object({
  metadata: metadataSchema,
  rules: rulesField,
  aggregationRule: z
    .object({
      clusterRoleSelectors: z
        .array(labelSelectorSchema)
        .nullish()
        .transform((v) => v ?? []),
    })
    .nullish(),
});
const bindingSchema = z.object({ metadata: metadataSchema, subjects: subjectsField, roleRef: roleRefSchema });
const namespaceSchema = z.object({ metadata: metadataSchema });
const serviceAccountSchema = z.object({
  metadata: metadataSchema,
  automountServiceAccountToken: z.boolean().nullish(),
});
const podSchema = z.object({
  metadata: metadataSchema.extend({
    ownerReferences: z
      .array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() }))
      .nullish()
      .transform((v) => v ?? []),
  }),
  spec: z
    .object({
      serviceAccountName: z.string().nullish(),
      serviceAccount: z.string().nullish(),
      automountServiceAccountToken: z.boolean().nullish(),
    })
    .nullish(),
});
const apiResourceListSchema = z.object({
  groupVersion: z.string().min(1),
  resources: z
    .array(z.object({ name: z.string().min(1), namespaced: z.boolean(), kind: z.string(), verbs: stringList }))
    .nullish()
    .transform((v) => v ?? []),
});

export interface ToClusterObjectsOptions {
  /**
   * Namespace for namespaced objects that carry none (manifests meant for `kubectl apply -n NS`).
   * Without it such an object is an error: placing it in namespace '' would silently grant nothing.
   */
  defaultNamespace?: string;
}

function objectLabel(body: JsonObject): string {
  const kind = typeof body.kind === 'string' ? body.kind : '?';
  const meta = body.metadata;
  let where = '';
  if (meta !== null && typeof meta === 'object' && !Array.isArray(meta)) {
    const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/` : '';
    where = typeof meta.name === 'string' ? ` ${ns}${meta.name}` : ' (no metadata.name)';
  }
  if (kind === 'APIResourceList' && typeof body.groupVersion === 'string') where = ` ${body.groupVersion}`;
  return `${kind}${where}`;
}

function parse<T extends z.ZodType>(schema: T, body: JsonObject): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') || '(root)' : '(root)';
  throw new Error(`malformed ${objectLabel(body)}: field ${field}: ${issue?.message ?? 'invalid'}`);
}

function namespaceOf(meta: { namespace?: string | null }, body: JsonObject, opts: ToClusterObjectsOptions): string {
  // An empty metadata.namespace means "not set", as kubectl reads it.
  const ns = meta.namespace || opts.defaultNamespace || '';
  if (ns === '') throw new Error(`malformed ${objectLabel(body)}: field metadata.namespace: required for a namespaced object`);
  return ns;
}

function toRole(body: JsonObject, opts: ToClusterObjectsOptions): Role {
  const o = parse(roleSchema, body);
  return { kind: 'Role', namespace: namespaceOf(o.metadata, body, opts), name: o.metadata.name, labels: o.metadata.labels, rules: o.rules };
}

function toClusterRole(body: JsonObject): ClusterRole {
  // metadata.namespace is ignored: ClusterRoles are cluster-scoped (see fixtures/real-world-rbac/terway.yaml).
  const o = parse(clusterRoleSchema, body);
  const role: ClusterRole = { kind: 'ClusterRole', name: o.metadata.name, labels: o.metadata.labels, rules: o.rules };
  if (o.aggregationRule) {
    const selectors: LabelSelector[] = o.aggregationRule.clusterRoleSelectors.map((s) => ({
      matchLabels: s.matchLabels,
      matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: e.values })),
    }));
    role.aggregationRule = { clusterRoleSelectors: selectors };
  }
  return role;
}

function toRoleBinding(body: JsonObject, opts: ToClusterObjectsOptions): RoleBinding {
  const o = parse(bindingSchema, body);
  return {
    kind: 'RoleBinding',
    namespace: namespaceOf(o.metadata, body, opts),
    name: o.metadata.name,
    subjects: o.subjects,
    roleRef: { kind: o.roleRef.kind, name: o.roleRef.name, apiGroup: o.roleRef.apiGroup },
  };
}

function toClusterRoleBinding(body: JsonObject): ClusterRoleBinding {
  // metadata.namespace is ignored, as for ClusterRoles.
  const o = parse(bindingSchema, body);
  return {
    kind: 'ClusterRoleBinding',
    name: o.metadata.name,
    subjects: o.subjects,
    roleRef: { kind: o.roleRef.kind, name: o.roleRef.name, apiGroup: o.roleRef.apiGroup },
  };
}

function toNamespace(body: JsonObject): Namespace {
  const o = parse(namespaceSchema, body);
  return { name: o.metadata.name, labels: o.metadata.labels, annotations: o.metadata.annotations };
}

function toServiceAccount(body: JsonObject, opts: ToClusterObjectsOptions): ServiceAccount {
  const o = parse(serviceAccountSchema, body);
  const sa: ServiceAccount = {
    namespace: namespaceOf(o.metadata, body, opts),
    name: o.metadata.name,
    labels: o.metadata.labels,
    annotations: o.metadata.annotations,
  };
  if (typeof o.automountServiceAccountToken === 'boolean') sa.automountServiceAccountToken = o.automountServiceAccountToken;
  return sa;
}

function toPod(body: JsonObject, opts: ToClusterObjectsOptions): PodSummary {
  const o = parse(podSchema, body);
  const owners = o.metadata.ownerReferences;
  const owner = owners.find((r) => r.controller === true) ?? owners[0];
  // The ServiceAccount admission plugin sets an empty serviceAccountName to "default";
  // `serviceAccount` is its deprecated alias.
  const spec = o.spec ?? {};
  const pod: PodSummary = {
    namespace: namespaceOf(o.metadata, body, opts),
    name: o.metadata.name,
    labels: o.metadata.labels,
    serviceAccountName: spec.serviceAccountName || spec.serviceAccount || 'default',
  };
  if (owner) pod.owner = { kind: owner.kind, name: owner.name };
  if (typeof spec.automountServiceAccountToken === 'boolean') pod.automountServiceAccountToken = spec.automountServiceAccountToken;
  return pod;
}

function toApiResources(body: JsonObject): ApiResource[] {
  const o = parse(apiResourceListSchema, body);
  // groupVersion is "v1" for the core group and "GROUP/VERSION" otherwise.
  const slash = o.groupVersion.indexOf('/');
  const group = slash < 0 ? '' : o.groupVersion.slice(0, slash);
  const version = slash < 0 ? o.groupVersion : o.groupVersion.slice(slash + 1);
  return o.resources.map((r) => ({ group, version, name: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs }));
}

/**
 * Maps object bodies to ClusterObjects. Objects of other kinds are ignored (the caller filters);
 * a malformed object of a known kind throws an Error naming kind, namespace/name and the field.
 */
export function toClusterObjects(bodies: JsonObject[], opts: ToClusterObjectsOptions = {}): ClusterObjects {
  const out = emptyClusterObjects();
  for (const body of bodies) {
    switch (body.kind) {
      case 'Namespace':
        out.namespaces.push(toNamespace(body));
        break;
      case 'ServiceAccount':
        out.serviceAccounts.push(toServiceAccount(body, opts));
        break;
      case 'Role':
        out.roles.push(toRole(body, opts));
        break;
      case 'ClusterRole':
        out.clusterRoles.push(toClusterRole(body));
        break;
      case 'RoleBinding':
        out.roleBindings.push(toRoleBinding(body, opts));
        break;
      case 'ClusterRoleBinding':
        out.clusterRoleBindings.push(toClusterRoleBinding(body));
        break;
      case 'Pod':
        out.pods.push(toPod(body, opts));
        break;
      case 'APIResourceList':
        out.apiResources.push(...toApiResources(body));
        break;
      default:
        break;
    }
  }
  return out;
}
