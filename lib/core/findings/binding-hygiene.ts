// Hygiene rules read off the stored bindings (and ServiceAccounts), per object:
// - k8s.dangling-role-ref: a binding whose role does not resolve (GetRoleReferenceRules in
//   pkg/registry/rbac/validation/rule.go skips it): whoever later creates a role of that name
//   grants its rights to the binding's subjects.
// - k8s.missing-service-account: a binding names a ServiceAccount that does not exist; whoever
//   creates one of that name inherits the rights ([GP] "Periodic review",
//   https://kubernetes.io/docs/concepts/security/rbac-good-practices/#periodic-review).
// - k8s.default-sa-bound (CIS 5.1.5): a binding grants rights to a namespace's `default`
//   ServiceAccount, which every Pod that names no ServiceAccount runs as.

import type { Binding, ClusterObjects, ServiceAccount, Subject } from '../kube/types';
import type { AuthzIndex } from '../rbac/authz-index';
import { effectiveServiceAccountNamespace } from '../rbac/subject-matches';
import type { BindingRef } from '../rbac/types';
import { CLUSTER_SCOPE, type FindingDraft } from './probes';
import type { Evidence, FindingParty } from './types';

export function bindingParty(b: BindingRef | Binding): FindingParty {
  return b.kind === 'RoleBinding' ? { kind: b.kind, name: b.name, namespace: b.namespace ?? '' } : { kind: b.kind, name: b.name };
}

export function serviceAccountParty(namespace: string, name: string): FindingParty {
  return { kind: 'ServiceAccount', name, namespace };
}

export function saKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function bindingScope(b: Binding): string {
  return b.kind === 'RoleBinding' ? b.namespace : CLUSTER_SCOPE;
}

function bindingNamespace(b: Binding): string {
  return b.kind === 'RoleBinding' ? b.namespace : '';
}

function allBindings(objects: ClusterObjects): Binding[] {
  return [...objects.clusterRoleBindings, ...objects.roleBindings];
}

/** The subject as written in the binding: what an admin finds in the YAML. */
function subjectEvidence(b: Binding, i: number, s: Subject): Evidence {
  const value = s.namespace === '' ? { kind: s.kind, name: s.name } : { kind: s.kind, name: s.name, namespace: s.namespace };
  return { kind: 'object', object: bindingParty(b), field: `subjects[${i}]`, value };
}

function roleRefEvidence(b: Binding): Evidence {
  return { kind: 'object', object: bindingParty(b), field: 'roleRef', value: { kind: b.roleRef.kind, name: b.roleRef.name } };
}

export function danglingRoleRefDrafts(index: AuthzIndex): FindingDraft[] {
  return index.unresolvedBindings.map((u) => {
    const object = bindingParty(u.binding);
    const field = u.reason === 'missing-role' ? 'roleRef' : 'roleRef.kind';
    return {
      subject: null,
      object,
      scope: u.binding.kind === 'RoleBinding' ? (u.binding.namespace ?? '') : CLUSTER_SCOPE,
      evidence: [{ kind: 'object', object, field, value: { kind: u.roleRef.kind, name: u.roleRef.name } }],
    };
  });
}

/** Each ServiceAccount subject, with its effective namespace (the RoleBinding's when it names none); ones that match nobody are left out. */
function serviceAccountSubjects(b: Binding): { i: number; s: Subject; namespace: string }[] {
  const out: { i: number; s: Subject; namespace: string }[] = [];
  b.subjects.forEach((s, i) => {
    if (s.kind !== 'ServiceAccount') return;
    const namespace = effectiveServiceAccountNamespace(s, bindingNamespace(b));
    if (namespace !== '') out.push({ i, s, namespace });
  });
  return out;
}

export function missingServiceAccountDrafts(objects: ClusterObjects): FindingDraft[] {
  const existing = new Set(objects.serviceAccounts.map((sa) => saKey(sa.namespace, sa.name)));
  const out: FindingDraft[] = [];
  for (const b of allBindings(objects)) {
    for (const { i, s, namespace } of serviceAccountSubjects(b)) {
      if (existing.has(saKey(namespace, s.name))) continue;
      out.push({
        subject: serviceAccountParty(namespace, s.name),
        object: bindingParty(b),
        scope: bindingScope(b),
        evidence: [subjectEvidence(b, i, s), roleRefEvidence(b)],
      });
    }
  }
  return out;
}

export function automountEvidence(sa: ServiceAccount): Evidence {
  return {
    kind: 'object',
    object: serviceAccountParty(sa.namespace, sa.name),
    field: 'automountServiceAccountToken',
    value: sa.automountServiceAccountToken ?? null,
  };
}

/** Bindings (with a role that resolves: they grant something) naming a `default` ServiceAccount. */
export function defaultServiceAccountDrafts(index: AuthzIndex): FindingDraft[] {
  const accounts = new Map(index.objects.serviceAccounts.map((sa) => [saKey(sa.namespace, sa.name), sa]));
  const resolved = new Set(index.bindings.map((b) => `${b.ref.kind}\u0000${b.namespace}\u0000${b.ref.name}`));
  const out: FindingDraft[] = [];
  for (const b of allBindings(index.objects)) {
    if (!resolved.has(`${b.kind}\u0000${bindingNamespace(b)}\u0000${b.name}`)) continue;
    for (const { i, s, namespace } of serviceAccountSubjects(b)) {
      if (s.name !== 'default') continue;
      const sa = accounts.get(saKey(namespace, s.name));
      const evidence = [subjectEvidence(b, i, s), roleRefEvidence(b)];
      if (sa) evidence.push(automountEvidence(sa));
      out.push({ subject: serviceAccountParty(namespace, s.name), object: bindingParty(b), scope: bindingScope(b), evidence });
    }
  }
  return out;
}
