// Request and answer shapes of the RBAC engine. They mirror the upstream authorizer's
// Attributes (k8s.io/apiserver authorizer.Attributes) and the CLI's public JSON.

import type { PolicyRule } from '../kube/types';

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** '' for cluster-scoped requests. */
  namespace: string;
  /** '' for requests without a name (list, watch, create, deletecollection). */
  name: string;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type AuthzRequest = ResourceRequest | NonResourceRequest;

export interface BindingRef {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Present for RoleBindings only. */
  namespace?: string;
}

export interface RoleRefOut {
  kind: string;
  name: string;
}

/** One path that grants: binding → role → rule index (index into the role's evaluated rules). */
export interface Match {
  binding: BindingRef;
  role: RoleRefOut;
  ruleIndex: number;
}

export interface Decision {
  allowed: boolean;
  matchedBy: Match[];
}

export interface SubjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

// ---- Added by the RBAC engine (H1): answer shapes of who-can, effective rules and index problems. ----

/** A subject that a who-can answer reports, with every path that grants it the request. */
export interface WhoCanSubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** ServiceAccounts only: the effective namespace (the RoleBinding's when the subject names none). */
  namespace?: string;
  matchedBy: Match[];
}

export interface WhoCanAnswer {
  subjects: WhoCanSubject[];
}

/** One rule a subject holds, where it applies ('' = cluster-wide, via a ClusterRoleBinding) and how it got it. */
export interface EffectiveRule {
  namespace: string;
  rule: PolicyRule;
  match: Match;
  /** The binding subject that matched (for a ServiceAccount subject, namespace is the effective one). */
  via: SubjectRef;
}

/** A binding whose roleRef grants nothing, as the upstream resolver reports it (skipped, never fatal). */
export interface UnresolvedBinding {
  binding: BindingRef;
  roleRef: RoleRefOut;
  reason: 'missing-role' | 'unsupported-kind';
}
