// Every RoleBinding and ClusterRoleBinding of a snapshot with what a list needs to show:
// whether its role resolved (a binding to a missing role grants nothing, as upstream
// GetRoleReferenceRules skips it) and whether it opens access to everyone.
import type { AuthzIndex } from '../rbac/authz-index';
import { compareStrings } from '../rbac/match-order';
import { ALL_AUTHENTICATED_GROUP, ALL_UNAUTHENTICATED_GROUP } from '../rbac/subject-matches';
import type { UnresolvedBinding } from '../rbac/types';

export interface InventoryBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: number;
  /** 'resolved', or why the role grants nothing. */
  role: 'resolved' | UnresolvedBinding['reason'];
  /**
   * Names the group system:authenticated or system:unauthenticated: every caller (or every
   * anonymous one) holds the role (kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles).
   */
  isPublic: boolean;
}

const PUBLIC_GROUPS = new Set([ALL_AUTHENTICATED_GROUP, ALL_UNAUTHENTICATED_GROUP]);

export function isPublicSubject(s: { kind: string; name: string }): boolean {
  return s.kind === 'Group' && PUBLIC_GROUPS.has(s.name);
}

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

export function bindingInventory(index: AuthzIndex): InventoryBinding[] {
  const unresolved = new Map(
    index.unresolvedBindings.map((u) => [refKey(u.binding.kind, u.binding.namespace ?? '', u.binding.name), u.reason]),
  );
  const { objects } = index;
  const all = [
    ...objects.clusterRoleBindings.map((b) => ({ b, namespace: undefined })),
    ...objects.roleBindings.map((b) => ({ b, namespace: b.namespace })),
  ];
  const out = all.map(({ b, namespace }): InventoryBinding => ({
    kind: b.kind,
    name: b.name,
    ...(namespace !== undefined && { namespace }),
    roleRef: { kind: b.roleRef.kind, name: b.roleRef.name },
    subjects: b.subjects.length,
    role: unresolved.get(refKey(b.kind, namespace ?? '', b.name)) ?? 'resolved',
    isPublic: b.subjects.some(isPublicSubject),
  }));
  return out.sort(
    (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name),
  );
}
