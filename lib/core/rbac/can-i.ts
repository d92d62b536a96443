// Can this user do this? The upstream RBAC authorizer's decision
// (plugin/pkg/auth/authorizer/rbac/rbac.go Authorize over VisitRulesFor in
// pkg/registry/rbac/validation/rule.go), with every granting path instead of the first.

import type { AuthzIndex, Grant, IndexedBinding } from './authz-index';
import { sortGrants } from './authz-index';
import { ruleAllows } from './rule-matches';
import {
  ALL_AUTHENTICATED_GROUP,
  ALL_UNAUTHENTICATED_GROUP,
  ANONYMOUS_USER,
  parseServiceAccountUsername,
  serviceAccountGroups,
} from './subject-matches';
import type { AuthzRequest, Decision, Match, UserInfo } from './types';

/**
 * VisitRulesFor's scope: every ClusterRoleBinding; RoleBindings only when the request has a
 * namespace, and only those in that namespace. Non-resource requests carry no namespace.
 */
export function bindingAppliesToRequest(binding: IndexedBinding, request: AuthzRequest): boolean {
  if (binding.ref.kind === 'ClusterRoleBinding') return true;
  return request.kind === 'resource' && request.namespace !== '' && binding.namespace === request.namespace;
}

/** The bindings with a subject that matches the user (by name, synthesized SA name, or group). */
function bindingsForUser(index: AuthzIndex, user: UserInfo): Set<IndexedBinding> {
  const out = new Set<IndexedBinding>(index.bindingsByUserName.get(user.name) ?? []);
  for (const group of user.groups) for (const b of index.bindingsByGroup.get(group) ?? []) out.add(b);
  return out;
}

/** Allowed iff some rule of some applicable binding allows; matchedBy lists every such path. */
export function canI(index: AuthzIndex, user: UserInfo, request: AuthzRequest): Decision {
  const granting: Grant[] = [];
  for (const binding of bindingsForUser(index, user)) {
    if (!bindingAppliesToRequest(binding, request)) continue;
    for (const grant of binding.grants) if (ruleAllows(grant.rule, request)) granting.push(grant);
  }
  const matchedBy: Match[] = sortGrants(index, granting).map((g) => g.match);
  return { allowed: matchedBy.length > 0, matchedBy };
}

/**
 * The user the API server would authorize for `kubectl auth can-i --as AS --as-group G...`,
 * following the impersonation filter (kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go, WithImpersonation):
 * - AS that parses as `system:serviceaccount:NS:NAME` with no --as-group gets the groups
 *   serviceaccount.MakeGroupNames(NS): system:serviceaccounts, system:serviceaccounts:NS;
 * - a non-anonymous user gets system:authenticated appended unless system:authenticated or
 *   system:unauthenticated is already among the groups;
 * - system:anonymous gets system:unauthenticated appended unless present.
 * Our extension: an empty AS (a question about groups alone) keeps the groups exactly as given;
 * upstream rejects impersonating groups without a user.
 */
export function impersonatedUser(as: string, asGroups: string[]): UserInfo {
  if (as === '') return { name: '', groups: [...asGroups] };
  let groups = [...asGroups];
  const sa = parseServiceAccountUsername(as);
  if (sa && asGroups.length === 0) groups = serviceAccountGroups(sa.namespace);
  if (as !== ANONYMOUS_USER) {
    if (!groups.includes(ALL_AUTHENTICATED_GROUP) && !groups.includes(ALL_UNAUTHENTICATED_GROUP)) groups.push(ALL_AUTHENTICATED_GROUP);
  } else if (!groups.includes(ALL_UNAUTHENTICATED_GROUP)) {
    groups.push(ALL_UNAUTHENTICATED_GROUP);
  }
  return { name: as, groups };
}
