// Our own shapes for the Kubernetes objects Access Atlas reasons about.
// Collectors map vendor objects (client-node models, kubectl dumps) to these;
// nothing past lib/collect sees a vendor type.

export type Labels = Readonly<Record<string, string>>;

/** rbac.authorization.k8s.io/v1 PolicyRule, with absent lists as []. */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: LabelSelectorRequirement[];
}

export interface Role {
  kind: 'Role';
  namespace: string;
  name: string;
  labels: Labels;
  rules: PolicyRule[];
}

export interface ClusterRole {
  kind: 'ClusterRole';
  name: string;
  labels: Labels;
  /** The rules stored on the object: what the authorizer evaluates. */
  rules: PolicyRule[];
  /** Present only on aggregated ClusterRoles. */
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
}

/** rbac Subject as written in a binding; kind is kept verbatim (unknown kinds match nothing). */
export interface Subject {
  kind: string;
  name: string;
  /** '' when absent. */
  namespace: string;
  apiGroup: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup: string;
}

export interface RoleBinding {
  kind: 'RoleBinding';
  namespace: string;
  name: string;
  subjects: Subject[];
  roleRef: RoleRef;
}

export interface ClusterRoleBinding {
  kind: 'ClusterRoleBinding';
  name: string;
  subjects: Subject[];
  roleRef: RoleRef;
}

export type Binding = RoleBinding | ClusterRoleBinding;

export interface Namespace {
  name: string;
  labels: Labels;
  annotations: Labels;
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  automountServiceAccountToken?: boolean;
}

/** Only what RBAC questions need from a Pod; never its spec beyond the identity it runs as. */
export interface PodSummary {
  namespace: string;
  name: string;
  labels: Labels;
  owner?: { kind: string; name: string };
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
}

/** One resource from API discovery (`kubectl api-resources`). name may be `pods/log`. */
export interface ApiResource {
  group: string;
  version: string;
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** Everything one cluster snapshot holds, in our types. */
export interface ClusterObjects {
  namespaces: Namespace[];
  serviceAccounts: ServiceAccount[];
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
  pods: PodSummary[];
  apiResources: ApiResource[];
}

export function emptyClusterObjects(): ClusterObjects {
  return {
    namespaces: [],
    serviceAccounts: [],
    roles: [],
    clusterRoles: [],
    roleBindings: [],
    clusterRoleBindings: [],
    pods: [],
    apiResources: [],
  };
}
