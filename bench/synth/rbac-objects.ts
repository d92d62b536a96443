// Roles, ClusterRoles and their bindings on top of the bootstrap set, up to a tier's exact counts.
// RoleBindings point at Roles in their namespace, at ClusterRoles (often admin/edit/view), and
// sometimes at roles that do not exist; a few custom ClusterRoles carry aggregate-to-* labels.
import type { JsonObject } from '../../lib/core/snapshot/types';
import { withAggregatedRules } from '../../lib/core/rbac/aggregate-manifests';
import type { BootstrapRbac } from './bootstrap';
import type { GenContext } from './context';
import type { WeightedPicker } from './prng';
import { APP_NAMES, randomRules } from './rules';
import { randomSubjects, type IdentityPools } from './subjects';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const ROLE_KINDS = ['reader', 'editor', 'operator', 'deployer', 'admin', 'auditor', 'debugger', 'runner'];
const AGGREGATE_LABELS = ['view', 'edit', 'admin'].map((to) => `rbac.authorization.k8s.io/aggregate-to-${to}`);
const DEFAULT_CLUSTER_ROLES = ['view', 'edit', 'admin'];

export interface RbacCounts {
  roles: number;
  roleBindings: number;
  clusterRoles: number;
  clusterRoleBindings: number;
}

export interface RbacObjects {
  roles: JsonObject[];
  clusterRoles: JsonObject[];
  roleBindings: JsonObject[];
  clusterRoleBindings: JsonObject[];
}

export interface Placement {
  namespaces: readonly string[];
  picker: WeightedPicker;
}

function metaField(obj: JsonObject, field: 'name' | 'namespace'): string {
  const meta = obj.metadata;
  const value = meta && typeof meta === 'object' && !Array.isArray(meta) ? meta[field] : undefined;
  return typeof value === 'string' ? value : '';
}

function nameOf(obj: JsonObject): string {
  return metaField(obj, 'name');
}

function customClusterRole(ctx: GenContext, index: number): JsonObject {
  const { rng } = ctx;
  const name = `${rng.pick(APP_NAMES)}-${rng.pick(ROLE_KINDS)}-${index}`;
  const aggregateTo = rng.chance(0.06) ? rng.pick(AGGREGATE_LABELS) : undefined;
  // Roles meant for aggregation grant namespaced resources only, as CRD operator roles do.
  const labels: JsonObject = aggregateTo ? { [aggregateTo]: 'true' } : { 'app.kubernetes.io/managed-by': 'helm' };
  return {
    apiVersion: RBAC_V1,
    kind: 'ClusterRole',
    metadata: ctx.meta(name, undefined, { labels }),
    rules: randomRules(rng, aggregateTo === undefined),
  };
}

function customRole(ctx: GenContext, index: number, namespace: string): JsonObject {
  const name = `${ctx.rng.pick(APP_NAMES)}-${ctx.rng.pick(ROLE_KINDS)}-${index}`;
  return { apiVersion: RBAC_V1, kind: 'Role', metadata: ctx.meta(name, namespace), rules: randomRules(ctx.rng, false) };
}

function roleRefFor(ctx: GenContext, rolesByNs: Map<string, string[]>, clusterRoleNames: string[], ns: string): JsonObject {
  const { rng } = ctx;
  const local = rolesByNs.get(ns) ?? [];
  const roll = rng.float();
  let kind = 'ClusterRole';
  let name: string;
  if (roll < 0.06) {
    kind = rng.chance(0.5) && ns !== '' ? 'Role' : 'ClusterRole';
    name = `${rng.pick(APP_NAMES)}-removed-${rng.suffix(4)}`;
  } else if (ns !== '' && local.length > 0 && roll < 0.6) {
    kind = 'Role';
    name = rng.pick(local);
  } else if (ns !== '' && roll < 0.8) {
    name = rng.pick(DEFAULT_CLUSTER_ROLES);
  } else {
    name = rng.pick(clusterRoleNames);
  }
  return { apiGroup: 'rbac.authorization.k8s.io', kind, name };
}

function binding(ctx: GenContext, kind: string, index: number, ns: string, roleRef: JsonObject, pools: IdentityPools): JsonObject {
  const name = `${typeof roleRef.name === 'string' ? roleRef.name.replace(/[:]/g, '-') : 'role'}-binding-${index}`;
  const subjects = randomSubjects(ctx.rng, pools, ns);
  const out: JsonObject = {
    apiVersion: RBAC_V1,
    kind,
    metadata: ctx.meta(name, ns === '' ? undefined : ns),
    roleRef,
  };
  if (subjects.length > 0) out.subjects = subjects;
  return out;
}

export function generateRbac(
  ctx: GenContext,
  counts: RbacCounts,
  bootstrap: BootstrapRbac,
  placement: Placement,
  pools: IdentityPools,
): RbacObjects {
  const manifests = [...bootstrap.clusterRoles];
  for (let i = manifests.length; i < counts.clusterRoles; i++) manifests.push(customClusterRole(ctx, i));
  const clusterRoles = withAggregatedRules(manifests);

  const roles = [...bootstrap.roles];
  for (let i = roles.length; i < counts.roles; i++) {
    roles.push(customRole(ctx, i, placement.namespaces[placement.picker.pick(ctx.rng)] ?? 'default'));
  }
  const rolesByNs = new Map<string, string[]>();
  for (const role of roles) {
    const ns = metaField(role, 'namespace');
    rolesByNs.set(ns, [...(rolesByNs.get(ns) ?? []), nameOf(role)]);
  }
  const clusterRoleNames = clusterRoles.map(nameOf);

  const roleBindings = [...bootstrap.roleBindings];
  for (let i = roleBindings.length; i < counts.roleBindings; i++) {
    const ns = placement.namespaces[placement.picker.pick(ctx.rng)] ?? 'default';
    roleBindings.push(binding(ctx, 'RoleBinding', i, ns, roleRefFor(ctx, rolesByNs, clusterRoleNames, ns), pools));
  }
  const clusterRoleBindings = [...bootstrap.clusterRoleBindings];
  for (let i = clusterRoleBindings.length; i < counts.clusterRoleBindings; i++) {
    const ref = roleRefFor(ctx, rolesByNs, clusterRoleNames, '');
    clusterRoleBindings.push(binding(ctx, 'ClusterRoleBinding', i, '', ref, pools));
  }
  return { roles, clusterRoles, roleBindings, clusterRoleBindings };
}
