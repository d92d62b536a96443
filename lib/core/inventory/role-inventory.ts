// Every Role and ClusterRole of a snapshot with how many bindings hold it (resolved ones) and
// a few facts a list shows: rule count, aggregation, wildcards.
import type { AuthzIndex } from '../rbac/authz-index';
import { compareStrings } from '../rbac/match-order';

export interface InventoryRole {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  rules: number;
  /** Resolved bindings referring to it. */
  bindings: number;
  isAggregated: boolean;
  /** Some rule says `*` for verbs, resources or apiGroups. */
  hasWildcard: boolean;
}

export function roleInventory(index: AuthzIndex): InventoryRole[] {
  const held = new Map<string, number>();
  for (const b of index.bindings) {
    const key = b.role.kind === 'Role' ? `Role\u0000${b.namespace}\u0000${b.role.name}` : `ClusterRole\u0000\u0000${b.role.name}`;
    held.set(key, (held.get(key) ?? 0) + 1);
  }
  const wild = (rules: { verbs: string[]; resources: string[]; apiGroups: string[] }[]) =>
    rules.some((r) => r.verbs.includes('*') || r.resources.includes('*') || r.apiGroups.includes('*'));
  const roles: InventoryRole[] = [
    ...index.objects.clusterRoles.map((r) => ({
      kind: 'ClusterRole' as const,
      name: r.name,
      rules: r.rules.length,
      bindings: held.get(`ClusterRole\u0000\u0000${r.name}`) ?? 0,
      isAggregated: r.aggregationRule !== undefined,
      hasWildcard: wild(r.rules),
    })),
    ...index.objects.roles.map((r) => ({
      kind: 'Role' as const,
      name: r.name,
      namespace: r.namespace,
      rules: r.rules.length,
      bindings: held.get(`Role\u0000${r.namespace}\u0000${r.name}`) ?? 0,
      isAggregated: false,
      hasWildcard: wild(r.rules),
    })),
  ];
  return roles.sort(
    (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name),
  );
}
