// Users as the API server's authenticators hand them to the authorizer, for the fixture tests.

import { toClusterObjects } from '../../kube/to-cluster-objects';
import type { ClusterObjects } from '../../kube/types';
import { serviceAccountGroups, serviceAccountUsername } from '../subject-matches';
import type { AuthzRequest, UserInfo } from '../types';

/** A user authenticated by a token or certificate: AuthenticatedGroupAdder appends system:authenticated. */
export function authenticated(name: string, ...groups: string[]): UserInfo {
  return { name, groups: [...groups, 'system:authenticated'] };
}

/** A ServiceAccount token: system:serviceaccount:NS:NAME with its two groups, plus system:authenticated. */
export function serviceAccount(namespace: string, name: string): UserInfo {
  return { name: serviceAccountUsername(namespace, name), groups: [...serviceAccountGroups(namespace), 'system:authenticated'] };
}

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

export function res(verb: string, apiGroup: string, resource: string, namespace = '', name = '', subresource = ''): AuthzRequest {
  return { kind: 'resource', verb, apiGroup, resource, subresource, namespace, name };
}

export function url(verb: string, path: string): AuthzRequest {
  return { kind: 'nonResource', verb, path };
}

/** RoleBindings of users to ClusterRoles in one namespace, as a test adds them to a fixture cluster. */
export function userRoleBindings(namespace: string, grants: Record<string, string>): ClusterObjects {
  return toClusterObjects(
    Object.entries(grants).map(([user, clusterRole]) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { namespace, name: `${user}-${clusterRole}` },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    })),
  );
}

/** Concatenates ClusterObjects (objects keep their order). */
export function mergeObjects(...parts: ClusterObjects[]): ClusterObjects {
  const out = toClusterObjects([]);
  for (const p of parts) {
    out.namespaces.push(...p.namespaces);
    out.serviceAccounts.push(...p.serviceAccounts);
    out.roles.push(...p.roles);
    out.clusterRoles.push(...p.clusterRoles);
    out.roleBindings.push(...p.roleBindings);
    out.clusterRoleBindings.push(...p.clusterRoleBindings);
    out.pods.push(...p.pods);
    out.apiResources.push(...p.apiResources);
  }
  return out;
}
