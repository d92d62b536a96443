// Noise control: findings about objects the platform itself creates are marked built-in, with
// why, and kept (the CLI hides them only when asked). A finding is built-in when
// - its object is a bootstrap role or binding of kube-apiserver (bootstrap-policy.ts), a
//   controller's ServiceAccount in kube-system, or an ACK component's object; or
// - it has no object and its subject is an ACK component's ServiceAccount, or every path of its
//   evidence runs through a bootstrap binding that names the subject by default.
// A subject someone added to a bootstrap binding, or a user bound to a vendor role, is not marked.
//
// ACK components (fixtures/real-world-rbac/README.md lists the ack-* sources): ServiceAccounts
// in kube-system named `ack` (ack-cluster-agent) or `ack-*`, and terway; roles and bindings named
// `ack-*` or `terway*`; roles ACK labels `ack/creator: ack`; and the predefined ClusterRoles
// `cs:admin`, `cs:ops`, `cs:dev`, `cs:restricted`, which ACK rewrites on upgrade
// (https://www.alibabacloud.com/help/en/ack/product-overview/product-changes-ack-updates-templates-of-predefined-rbac-roles-during-cluster-updates).

import type { Labels } from '../kube/types';
import type { AuthzIndex } from '../rbac/authz-index';
import type { BindingRef, Match, RoleRefOut, SubjectRef } from '../rbac/types';
import { defaultSubjectsOf, isBootstrapRole, sameSubject } from './bootstrap-policy';
import type { FindingDraft } from './probes';
import type { FindingParty } from './types';

export type BuiltIn = { reason: string } | null;

const KUBE_SYSTEM = 'kube-system';
const ACK_NAME = /^(ack-|terway)/;
const ACK_SERVICE_ACCOUNT = /^(ack|ack-.+|terway.*)$/;
const ACK_CLUSTER_ROLE = /^cs:/;

function partyText(p: FindingParty): string {
  return `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

function isAckServiceAccount(p: FindingParty): boolean {
  return p.kind === 'ServiceAccount' && p.namespace === KUBE_SYSTEM && ACK_SERVICE_ACCOUNT.test(p.name);
}

/** Marks drafts of one snapshot; built once per evaluation (it indexes the snapshot's roles and bindings). */
export function builtInMarker(index: AuthzIndex): (draft: FindingDraft) => BuiltIn {
  const { objects } = index;
  const roleLabels = new Map<string, Labels>();
  for (const r of objects.clusterRoles) roleLabels.set(`ClusterRole\u0000\u0000${r.name}`, r.labels);
  for (const r of objects.roles) roleLabels.set(`Role\u0000${r.namespace}\u0000${r.name}`, r.labels);
  const roleRefs = new Map<string, RoleRefOut>();
  for (const b of objects.clusterRoleBindings) roleRefs.set(`ClusterRoleBinding\u0000\u0000${b.name}`, b.roleRef);
  for (const b of objects.roleBindings) roleRefs.set(`RoleBinding\u0000${b.namespace}\u0000${b.name}`, b.roleRef);
  // Controller ServiceAccounts: the kube-system ServiceAccounts that bootstrap bindings in this snapshot name.
  const controllerAccounts = new Set<string>();
  for (const b of index.bindings) {
    for (const s of defaultSubjectsOf(b.ref, b.role) ?? []) {
      if (s.kind === 'ServiceAccount' && s.namespace === KUBE_SYSTEM) controllerAccounts.add(s.name);
    }
  }

  const isBootstrapRoleRef = (role: RoleRefOut, binding: BindingRef): boolean => {
    const ns = role.kind === 'Role' ? (binding.namespace ?? '') : '';
    const labels = roleLabels.get(`${role.kind}\u0000${ns}\u0000${role.name}`);
    return labels !== undefined && isBootstrapRole(role.name, labels);
  };
  const isBootstrapPath = (m: Match, subject: SubjectRef): boolean => {
    const defaults = defaultSubjectsOf(m.binding, m.role);
    return defaults !== undefined && defaults.some((d) => sameSubject(d, subject)) && isBootstrapRoleRef(m.role, m.binding);
  };

  const objectReason = (object: FindingParty, subject: FindingParty | null): BuiltIn => {
    const text = partyText(object);
    switch (object.kind) {
      case 'ClusterRole':
      case 'Role': {
        const labels = roleLabels.get(`${object.kind}\u0000${object.namespace ?? ''}\u0000${object.name}`) ?? {};
        if (isBootstrapRole(object.name, labels)) return { reason: `bootstrap policy: kube-apiserver creates and reconciles ${text}` };
        if (
          ACK_NAME.test(object.name) ||
          labels['ack/creator'] === 'ack' ||
          (object.kind === 'ClusterRole' && ACK_CLUSTER_ROLE.test(object.name))
        ) {
          return { reason: `ACK component: ${text}` };
        }
        return null;
      }
      case 'ClusterRoleBinding':
      case 'RoleBinding': {
        const ref: BindingRef =
          object.kind === 'RoleBinding'
            ? { kind: object.kind, name: object.name, namespace: object.namespace ?? '' }
            : { kind: object.kind, name: object.name };
        const roleRef = roleRefs.get(`${object.kind}\u0000${object.namespace ?? ''}\u0000${object.name}`);
        const defaults = roleRef ? defaultSubjectsOf(ref, { kind: roleRef.kind, name: roleRef.name }) : undefined;
        if (defaults && (subject === null || defaults.some((d) => sameSubject(d, subject)))) {
          return { reason: `bootstrap policy: kube-apiserver creates and reconciles ${text}` };
        }
        return ACK_NAME.test(object.name) ? { reason: `ACK component: ${text}` } : null;
      }
      case 'ServiceAccount':
        if (object.namespace === KUBE_SYSTEM && controllerAccounts.has(object.name)) {
          return { reason: `control-plane controller: ${text}, bound by the bootstrap policy` };
        }
        return isAckServiceAccount(object) ? { reason: `ACK component: ${text}` } : null;
      default:
        return null;
    }
  };

  return (draft) => {
    if (draft.object !== null) return objectReason(draft.object, draft.subject);
    const { subject } = draft;
    if (subject === null) return null;
    if (isAckServiceAccount(subject)) return { reason: `ACK component: ${partyText(subject)}` };
    const paths = draft.evidence.flatMap((e) => (e.kind === 'grant' ? e.matchedBy : []));
    if (paths.length === 0 || !paths.every((m) => isBootstrapPath(m, subject))) return null;
    const bindings = [
      ...new Set(paths.map((m) => partyText({ kind: m.binding.kind, name: m.binding.name, namespace: m.binding.namespace }))),
    ];
    return { reason: `bootstrap policy: kube-apiserver creates and reconciles ${bindings.join(', ')}` };
  };
}
