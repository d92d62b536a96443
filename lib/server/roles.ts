import 'server-only';
// Read models of the Roles list, a Role page and a Binding page, from one loaded snapshot.
import { z } from 'zod';
import type { ClusterRole, LabelSelector, PolicyRule, Role, Subject } from '../core/kube/types';
import { matchesLabelSelector } from '../core/kube/label-selector';
import { bindingInventory, type InventoryBinding } from '../core/inventory/binding-inventory';
import { roleInventory, type InventoryRole } from '../core/inventory/role-inventory';
import {
  aggregationDisagreements,
  effectiveServiceAccountNamespace,
  type AuthzIndex,
  type BindingRef,
  type UnresolvedBinding,
} from '../core/rbac';
import type { LoadedSnapshot } from './snapshot-index';

const roleLists = new WeakMap<AuthzIndex, { roles: InventoryRole[]; bindings: InventoryBinding[] }>();

export function listRolesAndBindings(loaded: LoadedSnapshot): { roles: InventoryRole[]; bindings: InventoryBinding[] } {
  let lists = roleLists.get(loaded.index);
  if (!lists) {
    lists = { roles: roleInventory(loaded.index), bindings: bindingInventory(loaded.index) };
    roleLists.set(loaded.index, lists);
  }
  return lists;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const roleParamsSchema = z
  .object({
    kind: z.enum(['Role', 'ClusterRole'], { error: 'kind must be Role or ClusterRole' }),
    name: z.string({ error: 'name is required' }).min(1, 'name is required'),
    namespace: z.string().regex(dnsLabel, 'namespace must be a DNS label').optional(),
  })
  .refine((p) => p.kind !== 'Role' || p.namespace !== undefined, { error: 'namespace is required for a Role', path: ['namespace'] })
  .refine((p) => p.kind !== 'ClusterRole' || p.namespace === undefined, { error: 'a ClusterRole has no namespace', path: ['namespace'] });

export const bindingParamsSchema = z
  .object({
    kind: z.enum(['RoleBinding', 'ClusterRoleBinding'], { error: 'kind must be RoleBinding or ClusterRoleBinding' }),
    name: z.string({ error: 'name is required' }).min(1, 'name is required'),
    namespace: z.string().regex(dnsLabel, 'namespace must be a DNS label').optional(),
  })
  .refine((p) => p.kind !== 'RoleBinding' || p.namespace !== undefined, {
    error: 'namespace is required for a RoleBinding',
    path: ['namespace'],
  })
  .refine((p) => p.kind !== 'ClusterRoleBinding' || p.namespace === undefined, {
    error: 'a ClusterRoleBinding has no namespace',
    path: ['namespace'],
  });

export type RoleParams = z.infer<typeof roleParamsSchema>;
export type BindingParams = z.infer<typeof bindingParamsSchema>;

export interface SubjectView {
  kind: string;
  name: string;
  /** ServiceAccounts: the effective namespace (the RoleBinding's when the subject names none). */
  namespace?: string;
  /** Why the authorizer never matches it (an unknown kind, a ServiceAccount without namespace). */
  ignored?: string;
}

export interface HolderView {
  binding: BindingRef;
  subjects: SubjectView[];
}

export interface RoleDetail {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  holders: HolderView[];
  aggregation?: {
    selectors: LabelSelector[];
    /** ClusterRoles whose labels a selector matches (what the aggregation controller would merge). */
    sources: string[];
    disagreement?: { missingFromStored: PolicyRule[]; extraInStored: PolicyRule[] };
  };
  /** Aggregated ClusterRoles that select this one. */
  aggregatedInto: string[];
}

function subjectView(s: Subject, bindingNamespace: string, isCluster: boolean): SubjectView {
  if (s.kind === 'User' || s.kind === 'Group') return { kind: s.kind, name: s.name };
  if (s.kind === 'ServiceAccount') {
    const ns = effectiveServiceAccountNamespace(s, bindingNamespace);
    if (ns === '' && isCluster)
      return { kind: s.kind, name: s.name, ignored: 'a ServiceAccount without a namespace in a ClusterRoleBinding matches nobody' };
    return { kind: s.kind, name: s.name, namespace: ns };
  }
  return { kind: s.kind, name: s.name, ignored: `kind ${s.kind} is not User, Group or ServiceAccount: it matches nobody` };
}

function holdersOf(index: AuthzIndex, p: RoleParams): HolderView[] {
  return index.bindings
    .filter((b) => b.role.kind === p.kind && b.role.name === p.name && (p.kind === 'ClusterRole' || b.namespace === p.namespace))
    .map((b) => ({ binding: b.ref, subjects: b.subjects.map((s) => subjectView(s, b.namespace, b.ref.kind === 'ClusterRoleBinding')) }));
}

function aggregationOf(index: AuthzIndex, role: ClusterRole): RoleDetail['aggregation'] {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return undefined;
  const sources = index.objects.clusterRoles
    .filter((r) => r.name !== role.name && selectors.some((sel) => matchesLabelSelector(sel, r.labels)))
    .map((r) => r.name)
    .sort();
  const d = aggregationDisagreements(index.objects).find((x) => x.role === role.name);
  return { selectors, sources, ...(d && { disagreement: { missingFromStored: d.missingFromStored, extraInStored: d.extraInStored } }) };
}

export function roleDetail(loaded: LoadedSnapshot, p: RoleParams): RoleDetail | null {
  const { index, objects } = loaded;
  // When names repeat the last object wins, as the engine resolves it (authz-index.ts).
  const role: Role | ClusterRole | undefined =
    p.kind === 'ClusterRole'
      ? objects.clusterRoles.findLast((r) => r.name === p.name)
      : objects.roles.findLast((r) => r.namespace === p.namespace && r.name === p.name);
  if (!role) return null;
  const aggregatedInto =
    role.kind === 'ClusterRole'
      ? objects.clusterRoles
          .filter(
            (r) => r.name !== role.name && r.aggregationRule?.clusterRoleSelectors.some((sel) => matchesLabelSelector(sel, role.labels)),
          )
          .map((r) => r.name)
          .sort()
      : [];
  const aggregation = role.kind === 'ClusterRole' ? aggregationOf(index, role) : undefined;
  return {
    kind: role.kind,
    name: role.name,
    ...(role.kind === 'Role' && { namespace: role.namespace }),
    labels: { ...role.labels },
    rules: role.rules,
    holders: holdersOf(index, p),
    ...(aggregation && { aggregation }),
    aggregatedInto,
  };
}

export interface BindingDetail {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string; apiGroup: string };
  /** The rules the role grants here; null when the role is missing or unsupported (it grants nothing). */
  rules: PolicyRule[] | null;
  unresolved?: UnresolvedBinding['reason'];
  subjects: SubjectView[];
}

export function bindingDetail(loaded: LoadedSnapshot, p: BindingParams): BindingDetail | null {
  const { index, objects } = loaded;
  const b =
    p.kind === 'ClusterRoleBinding'
      ? objects.clusterRoleBindings.findLast((x) => x.name === p.name)
      : objects.roleBindings.findLast((x) => x.namespace === p.namespace && x.name === p.name);
  if (!b) return null;
  const ns = b.kind === 'RoleBinding' ? b.namespace : '';
  const resolved = index.bindings.find((x) => x.ref.kind === b.kind && x.namespace === ns && x.ref.name === b.name);
  const unresolved = index.unresolvedBindings.find(
    (u) => u.binding.kind === b.kind && (u.binding.namespace ?? '') === ns && u.binding.name === b.name,
  );
  return {
    kind: b.kind,
    name: b.name,
    ...(b.kind === 'RoleBinding' && { namespace: b.namespace }),
    roleRef: { ...b.roleRef },
    rules: resolved ? resolved.rules : null,
    ...(unresolved && { unresolved: unresolved.reason }),
    subjects: b.subjects.map((s) => subjectView(s, ns, b.kind === 'ClusterRoleBinding')),
  };
}
