// Filters over the graph: by namespace, by node kind, and "hide built-in system: objects".
// They decide which nodes a traversal may enter; edges follow their nodes.

import { indexGraph, type GraphIndex } from './build-graph';
import type { Graph, GraphFilters, GraphNode } from './types';
import { namespaceId } from './node-id';

export type NodePredicate = (node: GraphNode) => boolean;

/**
 * What the filters keep. A namespace filter keeps the namespace, the objects in it, and the
 * cluster-scoped nodes directly linked to them (the ClusterRole a RoleBinding there refers to,
 * a User it names, a ClusterRoleBinding naming one of its ServiceAccounts and that binding's
 * ClusterRole): without them a
 * namespace's bindings would lose the roles and people that make them mean something.
 */
export function nodePredicate(index: GraphIndex, filters: GraphFilters): NodePredicate {
  const kinds = filters.kinds && filters.kinds.length > 0 ? new Set(filters.kinds) : undefined;
  const ns = filters.namespace;
  const inNamespace = (n: GraphNode | undefined) => n !== undefined && (n.namespace === ns || n.id === namespaceId(ns ?? ''));
  const linked = new Map<string, boolean>();
  const linkedToNamespace = (n: GraphNode): boolean => {
    let yes = linked.get(n.id);
    if (yes === undefined) {
      yes = (index.adjacency.get(n.id) ?? []).some((e) => inNamespace(index.byId.get(e.source === n.id ? e.target : e.source)));
      linked.set(n.id, yes);
    }
    return yes;
  };
  // A ClusterRole is also kept when a kept ClusterRoleBinding refers to it: a binding without
  // its role says nothing.
  const viaClusterBinding = (n: GraphNode): boolean =>
    n.kind === 'ClusterRole' &&
    (index.adjacency.get(n.id) ?? []).some((e) => {
      const b = index.byId.get(e.source);
      return e.kind === 'role-ref' && b?.kind === 'ClusterRoleBinding' && linkedToNamespace(b);
    });
  return (n) => {
    if (kinds && !kinds.has(n.kind)) return false;
    if (filters.hideSystem === true && n.isSystem) return false;
    if (ns === undefined) return true;
    if (inNamespace(n)) return true;
    return n.namespace === undefined && n.kind !== 'Namespace' && (linkedToNamespace(n) || viaClusterBinding(n));
  };
}

/** The subgraph the filters keep. */
export function filterGraph(graph: Graph, filters: GraphFilters): Graph {
  const index = indexGraph(graph);
  const keep = nodePredicate(index, filters);
  const nodes = graph.nodes.filter(keep);
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

export interface SearchHit {
  id: string;
  kind: GraphNode['kind'];
  label: string;
  namespace?: string;
}

/**
 * Nodes whose name (or namespace/name) contains the query, case-insensitively: exact names
 * first, then prefixes, then the rest, each by id, so the same query always lists the same hits.
 */
export function searchNodes(graph: Graph, query: string, limit = 20, keep: NodePredicate = () => true): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const scored: { n: GraphNode; score: number }[] = [];
  for (const n of graph.nodes) {
    const label = n.label.toLowerCase();
    const full = n.namespace ? `${n.namespace}/${label}` : label;
    const score = label === q || full === q ? 0 : label.startsWith(q) ? 1 : full.includes(q) ? 2 : -1;
    if (score >= 0 && keep(n)) scored.push({ n, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.n.id < b.n.id ? -1 : a.n.id > b.n.id ? 1 : 0));
  return scored
    .slice(0, limit)
    .map(({ n }) => ({ id: n.id, kind: n.kind, label: n.label, ...(n.namespace !== undefined && { namespace: n.namespace }) }));
}
