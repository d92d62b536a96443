// Every subject a snapshot knows: the Users, Groups and ServiceAccounts its bindings name
// (ServiceAccounts in a RoleBinding without a namespace take the binding's, as the authorizer
// reads them), plus every ServiceAccount object, bound or not.
import type { ClusterObjects } from '../kube/types';
import type { AuthzIndex } from '../rbac/authz-index';
import { compareSubjects } from '../rbac/match-order';
import { effectiveServiceAccountNamespace } from '../rbac/subject-matches';
import { privilegeFlags, subjectKey, type PrivilegeFlag } from './privilege-flags';

export interface InventorySubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
  /** Bindings naming this subject directly (including bindings to missing roles). */
  bindings: number;
  flags: PrivilegeFlag[];
  /** ServiceAccounts only: whether the snapshot holds the ServiceAccount object. */
  exists?: boolean;
}

type Kind = InventorySubject['kind'];

function isKind(kind: string): kind is Kind {
  return kind === 'User' || kind === 'Group' || kind === 'ServiceAccount';
}

function bindingSubjects(objects: ClusterObjects): { kind: Kind; name: string; namespace?: string }[] {
  const all = [
    ...objects.clusterRoleBindings.map((b) => ({ ns: '', subjects: b.subjects })),
    ...objects.roleBindings.map((b) => ({ ns: b.namespace, subjects: b.subjects })),
  ];
  const out: { kind: Kind; name: string; namespace?: string }[] = [];
  for (const { ns, subjects } of all) {
    // A subject named twice in one binding counts once for it.
    const seen = new Set<string>();
    for (const s of subjects) {
      if (!isKind(s.kind)) continue;
      const ref =
        s.kind === 'ServiceAccount'
          ? { kind: s.kind, name: s.name, namespace: effectiveServiceAccountNamespace(s, ns) }
          : { kind: s.kind, name: s.name };
      // A ServiceAccount without any namespace (in a ClusterRoleBinding) names nobody.
      if (ref.kind === 'ServiceAccount' && ref.namespace === '') continue;
      const key = subjectKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}

export function subjectInventory(index: AuthzIndex): InventorySubject[] {
  const { objects } = index;
  const byKey = new Map<string, InventorySubject>();
  for (const ref of bindingSubjects(objects)) {
    const key = subjectKey(ref);
    const entry = byKey.get(key);
    if (entry) entry.bindings++;
    else byKey.set(key, { ...ref, bindings: 1, flags: [] });
  }
  for (const sa of objects.serviceAccounts) {
    const key = subjectKey({ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace });
    const entry = byKey.get(key);
    if (entry) entry.exists = true;
    else byKey.set(key, { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace, bindings: 0, flags: [], exists: true });
  }
  for (const entry of byKey.values()) if (entry.kind === 'ServiceAccount') entry.exists ??= false;
  for (const [key, flags] of privilegeFlags(index)) {
    const entry = byKey.get(key);
    if (entry) entry.flags = flags;
  }
  return [...byKey.values()].sort(compareSubjects);
}
