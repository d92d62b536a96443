// The access graph as plain, serializable data: what the API sends and the graph view draws.
// Built and filtered by the pure functions of this folder; nothing here knows cytoscape.

import type { RbacSubjectKind } from './node-id';

export type GraphNodeKind =
  | RbacSubjectKind
  | 'RoleBinding'
  | 'ClusterRoleBinding'
  | 'Role'
  | 'ClusterRole'
  | 'Namespace'
  | 'Rule'
  /** Whole-cluster view: the cluster scope (ClusterRoleBindings) and "N other ..." aggregates. */
  | 'Scope'
  | 'Aggregate';

export const GRAPH_NODE_KINDS: readonly GraphNodeKind[] = [
  'User',
  'Group',
  'ServiceAccount',
  'RoleBinding',
  'ClusterRoleBinding',
  'Role',
  'ClusterRole',
  'Namespace',
  'Rule',
  'Scope',
  'Aggregate',
];

export function isGraphNodeKind(kind: string): kind is GraphNodeKind {
  return (GRAPH_NODE_KINDS as readonly string[]).includes(kind);
}

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** The object's namespace (a ServiceAccount's effective one); absent when cluster-scoped. */
  namespace?: string;
  /** Built-in: the name starts with `system:` (Kubernetes reserves that prefix for its own objects). */
  isSystem: boolean;
  /** A role a binding refers to that the snapshot does not hold (it grants nothing). */
  isMissing?: boolean;
  /** Part of the answer being shown (the granting rules of a who-can answer). */
  isHighlighted?: boolean;
  /** Aggregates: how many objects the node stands for. */
  count?: number;
  /** One more line of text (a rule's verbs and resources, an aggregate's breakdown). */
  detail?: string;
}

export type GraphEdgeKind = 'subject' | 'role-ref' | 'in-namespace' | 'grants-rule' | 'aggregate';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  /** Aggregated edges: how many bindings the edge stands for. */
  count?: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Set when a result was cut to a size a browser can draw; says how much there was. */
export interface Truncation {
  reason: string;
  totalNodes: number;
}

export interface GraphResult extends Graph {
  truncated: Truncation | null;
}

/** What filters keep. Absent fields keep everything. */
export interface GraphFilters {
  namespace?: string;
  kinds?: readonly GraphNodeKind[];
  hideSystem?: boolean;
}

export function edgeId(kind: GraphEdgeKind, source: string, target: string): string {
  return `${kind}|${source}|${target}`;
}

export function isSystemName(name: string): boolean {
  return name.startsWith('system:');
}
