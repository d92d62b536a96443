// The RBAC graph of one snapshot: subjects -> bindings -> roles, and namespaced objects -> their
// namespace. Every binding is drawn, including one whose role is missing (it grants nothing,
// upstream's GetRoleReferenceRules skips it; an auditor still wants to see it).
//
// Subjects follow the authorizer (rbac/subject-matches.ts): a ServiceAccount subject without a
// namespace takes its RoleBinding's; in a ClusterRoleBinding it matches nobody and is not drawn;
// subject kinds other than User, Group, ServiceAccount match nobody and are not drawn either.

import type { Binding, ClusterObjects } from '../kube/types';
import { effectiveServiceAccountNamespace } from '../rbac/subject-matches';
import { bindingId, namespaceId, roleId, subjectId } from './node-id';
import { edgeId, isSystemName, type Graph, type GraphEdge, type GraphEdgeKind, type GraphNode } from './types';

/** A graph with adjacency, built once per snapshot and shared by every query on it. */
export interface GraphIndex {
  graph: Graph;
  byId: Map<string, GraphNode>;
  /** Edges touching each node, in edge-id order (so traversals are deterministic). */
  adjacency: Map<string, GraphEdge[]>;
}

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  node(node: GraphNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    return node.id;
  }

  edge(kind: GraphEdgeKind, source: string, target: string): void {
    const id = edgeId(kind, source, target);
    if (!this.edges.has(id)) this.edges.set(id, { id, source, target, kind });
  }

  namespace(name: string): string {
    return this.node({ id: namespaceId(name), kind: 'Namespace', label: name, isSystem: false });
  }

  graph(): Graph {
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { nodes: [...this.nodes.values()].sort(byId), edges: [...this.edges.values()].sort(byId) };
  }
}

function addSubjects(g: GraphBuilder, b: Binding, from: string, bindingNamespace: string): void {
  for (const s of b.subjects) {
    if (s.kind === 'User' || s.kind === 'Group') {
      const id = g.node({ id: subjectId({ kind: s.kind, name: s.name }), kind: s.kind, label: s.name, isSystem: isSystemName(s.name) });
      g.edge('subject', id, from);
    } else if (s.kind === 'ServiceAccount') {
      const ns = effectiveServiceAccountNamespace(s, bindingNamespace);
      if (ns === '') continue;
      const id = g.node({
        id: subjectId({ kind: 'ServiceAccount', name: s.name, namespace: ns }),
        kind: 'ServiceAccount',
        label: s.name,
        namespace: ns,
        isSystem: false,
      });
      g.edge('subject', id, from);
      g.edge('in-namespace', id, g.namespace(ns));
    }
  }
}

function addBinding(g: GraphBuilder, b: Binding, roleIds: Set<string>): void {
  const ns = b.kind === 'RoleBinding' ? b.namespace : '';
  const ref = b.kind === 'RoleBinding' ? { kind: b.kind, name: b.name, namespace: ns } : { kind: b.kind, name: b.name };
  const id = g.node({ id: bindingId(ref), kind: b.kind, label: b.name, ...(ns && { namespace: ns }), isSystem: isSystemName(b.name) });
  if (ns) g.edge('in-namespace', id, g.namespace(ns));
  addSubjects(g, b, id, ns);
  const { kind, name } = b.roleRef;
  // A ClusterRoleBinding cannot refer to a Role (API validation); such a ref grants nothing.
  if (kind !== 'ClusterRole' && !(kind === 'Role' && ns)) return;
  const rid = roleId({ kind, name }, ns);
  const isMissing = !roleIds.has(rid);
  g.node({
    id: rid,
    kind,
    label: name,
    ...(kind === 'Role' && { namespace: ns }),
    isSystem: isSystemName(name),
    ...(isMissing && { isMissing }),
  });
  g.edge('role-ref', id, rid);
}

/** Builds the graph of a snapshot's RBAC objects. Deterministic: nodes and edges sorted by id. */
export function buildRbacGraph(objects: ClusterObjects): Graph {
  const g = new GraphBuilder();
  for (const n of objects.namespaces) g.namespace(n.name);
  const roleIds = new Set<string>();
  for (const r of objects.roles) {
    const id = g.node({ id: roleId(r, r.namespace), kind: 'Role', label: r.name, namespace: r.namespace, isSystem: isSystemName(r.name) });
    g.edge('in-namespace', id, g.namespace(r.namespace));
    roleIds.add(id);
  }
  for (const r of objects.clusterRoles) {
    roleIds.add(g.node({ id: roleId(r, ''), kind: 'ClusterRole', label: r.name, isSystem: isSystemName(r.name) }));
  }
  for (const b of objects.clusterRoleBindings) addBinding(g, b, roleIds);
  for (const b of objects.roleBindings) addBinding(g, b, roleIds);
  return g.graph();
}

/** Adjacency over a graph (edges whose ends are both present). */
export function indexGraph(graph: Graph): GraphIndex {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const adjacency = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    const from = adjacency.get(e.source);
    const to = adjacency.get(e.target);
    if (!from || !to) continue;
    from.push(e);
    if (e.source !== e.target) to.push(e);
  }
  return { graph, byId, adjacency };
}

/**
 * Joins graphs from several builders (the RBAC one today; cloud principals later). A node id
 * present twice keeps its first definition, which is why ids are the shared contract.
 */
export function mergeGraphs(...graphs: Graph[]): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const g of graphs) {
    for (const n of g.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of g.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  }
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId) };
}
