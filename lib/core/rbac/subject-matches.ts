// Binding subjects against a user, as upstream appliesToUser does
// (kubernetes/kubernetes pkg/registry/rbac/validation/rule.go), and the service-account
// identity helpers of k8s.io/apiserver/pkg/authentication/serviceaccount/util.go.

import type { Subject } from '../kube/types';
import type { UserInfo } from './types';

export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';
export const ALL_AUTHENTICATED_GROUP = 'system:authenticated';
export const ALL_UNAUTHENTICATED_GROUP = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';

/** serviceaccount.MakeUsername: `system:serviceaccount:NS:NAME`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.MakeGroupNames: the groups a service-account token authenticates with. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${namespace}`];
}

// apimachinery validation: a namespace name is a DNS-1123 label, a ServiceAccount name a
// DNS-1123 subdomain.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * serviceaccount.SplitUsername: the namespace and name in `system:serviceaccount:NS:NAME`,
 * or undefined when the string is not such a username (exactly two parts after the prefix,
 * a valid namespace name and a valid ServiceAccount name).
 */
export function parseServiceAccountUsername(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = user.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/**
 * The namespace a ServiceAccount subject refers to: its own, else the binding's
 * (RoleBindings only; a ClusterRoleBinding passes ''). '' means the subject matches nobody.
 */
export function effectiveServiceAccountNamespace(subject: Subject, bindingNamespace: string): string {
  return subject.namespace !== '' ? subject.namespace : bindingNamespace;
}

/**
 * appliesToUser: User by exact name, Group by exact membership, ServiceAccount by the
 * synthesized username (groups are irrelevant to it). subject.apiGroup is not examined;
 * `*` is not a wildcard; any other kind matches nothing.
 * bindingNamespace is the RoleBinding's namespace, or '' for a ClusterRoleBinding.
 */
export function subjectMatchesUser(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = effectiveServiceAccountNamespace(subject, bindingNamespace);
      if (ns === '') return false;
      // serviceaccount.MatchesUsername is an allocation-free form of this comparison.
      return user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}
