// Small constructors for the demo tenant layer: plain Kubernetes JSON, exactly as
// `kubectl get -o json` would print it, so the demo flows through the same
// normalization and storage as a real cluster.
import type { JsonObject } from '../../core/snapshot/types';

const RBAC = 'rbac.authorization.k8s.io';

export interface RuleSpec {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export type SubjectSpec = { kind: 'User' | 'Group'; name: string } | { kind: 'ServiceAccount'; name: string; namespace: string };

function rulesJson(rules: RuleSpec[]): JsonObject[] {
  return rules.map((rule) => {
    const out: JsonObject = { verbs: rule.verbs };
    if (rule.apiGroups) out.apiGroups = rule.apiGroups;
    if (rule.resources) out.resources = rule.resources;
    if (rule.resourceNames) out.resourceNames = rule.resourceNames;
    if (rule.nonResourceURLs) out.nonResourceURLs = rule.nonResourceURLs;
    return out;
  });
}

function subjectsJson(subjects: SubjectSpec[]): JsonObject[] {
  return subjects.map((s): JsonObject =>
    s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace } : { kind: s.kind, name: s.name, apiGroup: RBAC },
  );
}

export function namespace(name: string, labels: Record<string, string> = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

export function serviceAccount(ns: string, name: string, annotations: Record<string, string> = {}): JsonObject {
  const metadata: JsonObject = { name, namespace: ns };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
}

export function role(ns: string, name: string, rules: RuleSpec[]): JsonObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules: rulesJson(rules) };
}

export function clusterRole(name: string, rules: RuleSpec[], labels: Record<string, string> = {}): JsonObject {
  const metadata: JsonObject = { name };
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  return { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata, rules: rulesJson(rules) };
}

export function roleBinding(
  ns: string,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: SubjectSpec[],
): JsonObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: RBAC, kind: roleRef.kind, name: roleRef.name },
    subjects: subjectsJson(subjects),
  };
}

export function clusterRoleBinding(name: string, clusterRoleName: string, subjects: SubjectSpec[]): JsonObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: clusterRoleName },
    subjects: subjectsJson(subjects),
  };
}

/** A pod as owned by a ReplicaSet of a Deployment; only identity fields matter to us. */
export function pod(ns: string, name: string, serviceAccountName: string, app: string, owner = `${app}-7d9f8c6b5`): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: { app },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, controller: true, uid: `uid-${owner}` }],
    },
    spec: { serviceAccountName, containers: [{ name: app, image: `registry.example.com/${app}:1.0` }] },
  };
}

export function user(name: string): SubjectSpec {
  return { kind: 'User', name };
}
export function group(name: string): SubjectSpec {
  return { kind: 'Group', name };
}
export function sa(ns: string, name: string): SubjectSpec {
  return { kind: 'ServiceAccount', name, namespace: ns };
}
