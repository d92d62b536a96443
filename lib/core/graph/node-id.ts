// Node ids of the access graph. Other pages link to `/graph?focus=<id>`, so the format is a
// contract:
//
//   subject:<Kind>:<namespace>:<name>   subject:User::alice, subject:Group::system:masters,
//                                       subject:ServiceAccount:ci:deployer
//   binding:<Kind>:<namespace>:<name>   binding:RoleBinding:prod:ops, binding:ClusterRoleBinding::admins
//   role:<Kind>:<namespace>:<name>      role:ClusterRole::admin, role:Role:prod:reader
//   ns:<namespace>                      ns:prod
//   rule:<Kind>:<namespace>:<name>#<i>  rule:ClusterRole::edit#3 (rule i of the role as stored)
//   scope:cluster, agg:<what>           only in the whole-cluster view (aggregates)
//
// Namespaces are DNS labels (no `:`), so everything after the third `:` is the name, which may
// itself hold colons (`system:serviceaccounts`, `oidc:payments-devs`). The namespace part is empty
// for cluster-scoped objects and for Users and Groups.

import type { BindingRef, RoleRefOut, SubjectRef } from '../rbac/types';

/**
 * Subject kinds the graph draws. Kubernetes RBAC has three; cloud principals (RAM users, groups
 * and roles: CloudUser, CloudGroup, CloudRole) are the planned extension and get ids of the same
 * shape (`subject:CloudUser::name`) from their own builder, merged with mergeGraphs.
 */
export const RBAC_SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;
export type RbacSubjectKind = (typeof RBAC_SUBJECT_KINDS)[number];

export function subjectId(s: SubjectRef): string {
  return `subject:${s.kind}:${s.namespace ?? ''}:${s.name}`;
}

export function bindingId(b: BindingRef): string {
  return `binding:${b.kind}:${b.namespace ?? ''}:${b.name}`;
}

/** Role ids; a Role lives in its binding's namespace (roleRef kind Role resolves there). */
export function roleId(role: RoleRefOut, namespace: string): string {
  return `role:${role.kind}:${role.kind === 'Role' ? namespace : ''}:${role.name}`;
}

export function namespaceId(namespace: string): string {
  return `ns:${namespace}`;
}

export function ruleId(roleNodeId: string, ruleIndex: number): string {
  return `rule:${roleNodeId.slice('role:'.length)}#${ruleIndex}`;
}

export type ParsedNodeId =
  | { type: 'subject' | 'binding' | 'role'; kind: string; namespace: string; name: string }
  | { type: 'rule'; kind: string; namespace: string; name: string; ruleIndex: number }
  | { type: 'ns'; name: string };

const TYPED = /^(subject|binding|role|rule):([A-Za-z]+):([a-z0-9-]*):(.+)$/;

/** Parses an id of the format above; undefined when it is not one (a URL param is untrusted). */
export function parseNodeId(id: string): ParsedNodeId | undefined {
  if (id.startsWith('ns:')) return id.length > 3 ? { type: 'ns', name: id.slice(3) } : undefined;
  const m = TYPED.exec(id);
  if (!m) return undefined;
  const [, type, kind = '', namespace = '', name = ''] = m;
  if (type === 'rule') {
    const hash = name.lastIndexOf('#');
    const index = Number(name.slice(hash + 1));
    if (hash <= 0 || !Number.isInteger(index) || index < 0) return undefined;
    return { type, kind, namespace, name: name.slice(0, hash), ruleIndex: index };
  }
  return { type: type as 'subject' | 'binding' | 'role', kind, namespace, name };
}
