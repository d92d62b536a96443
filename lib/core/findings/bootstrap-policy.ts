// The RBAC objects kube-apiserver creates and reconciles on start (the bootstrap policy,
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy upstream; fixtures/k8s-bootstrap holds its golden
// files), as far as noise control needs them: which bindings are the defaults, with the role they
// reference and the subjects they name. Reconciliation adds missing subjects but keeps extra ones,
// so a subject someone added to a default binding is not the default, and is not marked.

import type { Labels } from '../kube/types';
import type { BindingRef, RoleRefOut, SubjectRef } from '../rbac/types';

/** Set on every bootstrap role and binding (bootstrappolicy's addDefaultMetadata). */
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';

interface DefaultBinding {
  binding: BindingRef;
  role: RoleRefOut;
  subjects: SubjectRef[];
}

const user = (name: string): SubjectRef => ({ kind: 'User', name });
const group = (name: string): SubjectRef => ({ kind: 'Group', name });
const kubeSystemSA = (name: string): SubjectRef => ({ kind: 'ServiceAccount', name, namespace: 'kube-system' });
const crb = (name: string, subjects: SubjectRef[]): DefaultBinding => ({
  binding: { kind: 'ClusterRoleBinding', name },
  role: { kind: 'ClusterRole', name },
  subjects,
});
const rb = (namespace: string, name: string, role: string, subjects: SubjectRef[]): DefaultBinding => ({
  binding: { kind: 'RoleBinding', name, namespace },
  role: { kind: 'Role', name: role },
  subjects,
});

/**
 * The default bindings other than the controllers' (CONTROLLER_PREFIX), from
 * fixtures/k8s-bootstrap/cluster-role-bindings.yaml and namespace-role-bindings.yaml, plus the two
 * that newer releases add (system:monitoring, system:service-account-issuer-discovery; see
 * fixtures/k8s-bootstrap/README.md).
 */
export const DEFAULT_BINDINGS: readonly DefaultBinding[] = [
  crb('cluster-admin', [group('system:masters')]),
  crb('system:basic-user', [group('system:authenticated')]),
  crb('system:discovery', [group('system:authenticated')]),
  crb('system:kube-controller-manager', [user('system:kube-controller-manager')]),
  crb('system:kube-dns', [kubeSystemSA('kube-dns')]),
  crb('system:kube-scheduler', [user('system:kube-scheduler')]),
  crb('system:node', []),
  crb('system:node-proxier', [user('system:kube-proxy')]),
  crb('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  crb('system:volume-scheduler', [user('system:kube-scheduler')]),
  crb('system:monitoring', [group('system:monitoring')]),
  crb('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  rb('kube-system', 'system::extension-apiserver-authentication-reader', 'extension-apiserver-authentication-reader', [
    user('system:kube-controller-manager'),
    user('system:kube-scheduler'),
  ]),
  rb('kube-system', 'system::leader-locking-kube-controller-manager', 'system::leader-locking-kube-controller-manager', [
    user('system:kube-controller-manager'),
    kubeSystemSA('kube-controller-manager'),
    kubeSystemSA('leader-election-controller'),
  ]),
  rb('kube-system', 'system::leader-locking-kube-scheduler', 'system::leader-locking-kube-scheduler', [
    user('system:kube-scheduler'),
    kubeSystemSA('kube-scheduler'),
  ]),
];

/**
 * Controller bindings follow one pattern (bootstrappolicy controller_policy.go and
 * namespace_policy.go): binding, role and ServiceAccount share the controller's name, the role
 * is `system:controller:<name>` and the ServiceAccount is kube-system/<name>; namespaced ones live
 * in kube-system or kube-public.
 */
export const CONTROLLER_PREFIX = 'system:controller:';
const CONTROLLER_NAMESPACES = new Set(['kube-system', 'kube-public']);

/** Bootstrap roles whose names do not start with `system:`. */
const UNPREFIXED_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view', 'extension-apiserver-authentication-reader']);

const bindingKey = (b: BindingRef) => `${b.kind}\u0000${b.namespace ?? ''}\u0000${b.name}`;
const DEFAULTS = new Map(DEFAULT_BINDINGS.map((d) => [bindingKey(d.binding), d]));

/** The default subjects of a bootstrap binding with this role reference, or undefined when it is not one. */
export function defaultSubjectsOf(binding: BindingRef, role: RoleRefOut): SubjectRef[] | undefined {
  const known = DEFAULTS.get(bindingKey(binding));
  if (known) return known.role.kind === role.kind && known.role.name === role.name ? known.subjects : undefined;
  if (!binding.name.startsWith(CONTROLLER_PREFIX) || role.name !== binding.name) return undefined;
  const expectedKind = binding.kind === 'ClusterRoleBinding' ? 'ClusterRole' : 'Role';
  if (role.kind !== expectedKind) return undefined;
  if (binding.kind === 'RoleBinding' && !CONTROLLER_NAMESPACES.has(binding.namespace ?? '')) return undefined;
  return [kubeSystemSA(binding.name.slice(CONTROLLER_PREFIX.length))];
}

/** A bootstrap Role or ClusterRole: the bootstrapping label and a bootstrap name. */
export function isBootstrapRole(name: string, labels: Labels): boolean {
  if (labels[BOOTSTRAPPING_LABEL] !== BOOTSTRAPPING_VALUE) return false;
  return name.startsWith('system:') || UNPREFIXED_ROLES.has(name);
}

export function sameSubject(a: SubjectRef, b: SubjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}
