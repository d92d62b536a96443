// The whole cluster at a glance, collapsed by namespace: one node per namespace (its bindings,
// roles and bound service accounts counted in it), one node for the cluster scope (its
// ClusterRoleBindings), the most-bound ClusterRoles by name and the rest as one aggregate, and
// aggregated edges with counts:
//   namespace -> ClusterRole       RoleBindings in the namespace that refer to the ClusterRole
//   cluster scope -> ClusterRole   ClusterRoleBindings that refer to it
//   namespace A -> namespace B     RoleBindings in B that name a ServiceAccount of A
//   namespace A -> cluster scope   ClusterRoleBindings that name a ServiceAccount of A
// Drawing every object of a large cluster (tens of thousands) tells nobody anything.

import type { GraphIndex } from './build-graph';
import type { NodePredicate } from './filter-graph';
import { namespaceId } from './node-id';
import { edgeId, type GraphEdge, type GraphNode, type GraphResult } from './types';

export const SCOPE_NODE_ID = 'scope:cluster';
export const OTHER_CLUSTER_ROLES_ID = 'agg:ClusterRole';
export const DEFAULT_TOP_CLUSTER_ROLES = 40;

interface NamespaceTally {
  bindings: number;
  roles: number;
  serviceAccounts: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts per namespace and the aggregated edges, keyed `source\0target`. */
function tally(index: GraphIndex, keep: NodePredicate) {
  const namespaces = new Map<string, NamespaceTally>();
  const tallyOf = (ns: string) => {
    let t = namespaces.get(ns);
    if (!t) namespaces.set(ns, (t = { bindings: 0, roles: 0, serviceAccounts: 0 }));
    return t;
  };
  const pairs = new Map<string, number>();
  const roleUse = new Map<string, number>();
  for (const n of index.graph.nodes) {
    if (n.kind === 'Namespace') tallyOf(n.label);
    else if (n.namespace !== undefined && keep(n)) {
      const t = tallyOf(n.namespace);
      if (n.kind === 'RoleBinding') t.bindings++;
      else if (n.kind === 'Role') t.roles++;
      else if (n.kind === 'ServiceAccount') t.serviceAccounts++;
    }
  }
  for (const e of index.graph.edges) {
    const from = index.byId.get(e.source);
    const to = index.byId.get(e.target);
    if (!from || !to || !keep(from) || !keep(to)) continue;
    const bindingScope =
      from.kind === 'ClusterRoleBinding' ? SCOPE_NODE_ID : from.namespace !== undefined ? namespaceId(from.namespace) : undefined;
    if (e.kind === 'role-ref' && to.kind === 'ClusterRole' && bindingScope) {
      increment(pairs, `${bindingScope}\u0000${to.id}`);
      increment(roleUse, to.id);
    } else if (e.kind === 'subject' && from.kind === 'ServiceAccount' && from.namespace !== undefined) {
      const target = to.kind === 'ClusterRoleBinding' ? SCOPE_NODE_ID : to.namespace !== undefined ? namespaceId(to.namespace) : undefined;
      const source = namespaceId(from.namespace);
      if (target && target !== source) increment(pairs, `${source}\u0000${target}`);
    }
  }
  return { namespaces, pairs, roleUse };
}

/** Ids of the ClusterRoles drawn by name: the most referred to, ties by id. */
function topRoles(roleUse: Map<string, number>, top: number): Set<string> {
  const ranked = [...roleUse.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(ranked.slice(0, top).map(([id]) => id));
}

export function wholeClusterView(index: GraphIndex, keep: NodePredicate = () => true, top = DEFAULT_TOP_CLUSTER_ROLES): GraphResult {
  const { namespaces, pairs, roleUse } = tally(index, keep);
  const named = topRoles(roleUse, top);
  // Cluster scope and ClusterRoles first, then namespaces busiest first: a cut to a size a
  // browser can draw keeps what matters most.
  const nodes: GraphNode[] = [];
  const clusterBindings = index.graph.nodes.filter((n) => n.kind === 'ClusterRoleBinding' && keep(n)).length;
  nodes.push({
    id: SCOPE_NODE_ID,
    kind: 'Scope',
    label: 'cluster scope',
    isSystem: false,
    count: clusterBindings,
    detail: plural(clusterBindings, 'ClusterRoleBinding'),
  });
  for (const id of [...named].sort()) {
    const role = index.byId.get(id);
    const uses = roleUse.get(id) ?? 0;
    if (role) nodes.push({ ...role, count: uses, detail: `${plural(uses, 'binding')} ${uses === 1 ? 'refers' : 'refer'} to it` });
  }
  const others = [...roleUse.keys()].filter((id) => !named.has(id));
  if (others.length > 0) {
    nodes.push({
      id: OTHER_CLUSTER_ROLES_ID,
      kind: 'Aggregate',
      label: `${others.length} other ClusterRoles`,
      isSystem: false,
      count: others.length,
    });
  }
  const byCount = [...namespaces.entries()].map(([ns, t]) => ({ ns, t, total: t.bindings + t.roles + t.serviceAccounts }));
  byCount.sort((a, b) => b.total - a.total || (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  for (const { ns, t, total } of byCount) {
    const detail = [plural(t.bindings, 'RoleBinding'), plural(t.roles, 'Role'), plural(t.serviceAccounts, 'bound ServiceAccount')].join(
      ' · ',
    );
    nodes.push({ id: namespaceId(ns), kind: 'Namespace', label: ns, isSystem: false, count: total, detail });
  }
  const merged = new Map<string, GraphEdge>();
  for (const [key, count] of pairs) {
    const [source = '', rawTarget = ''] = key.split('\u0000');
    const target = rawTarget.startsWith('role:') && !named.has(rawTarget) ? OTHER_CLUSTER_ROLES_ID : rawTarget;
    const id = edgeId('aggregate', source, target);
    const prior = merged.get(id);
    merged.set(id, { id, source, target, kind: 'aggregate', count: (prior?.count ?? 0) + count });
  }
  const edges = [...merged.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges, truncated: null };
}
