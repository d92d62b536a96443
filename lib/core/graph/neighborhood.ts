// The part of the graph around one node: everything within `depth` edges, through nodes the
// filters keep, cut at a size a browser can lay out. Breadth-first in edge-id order, so the
// same question gives the same nodes, and a cut keeps the nearest ones.

import type { GraphIndex } from './build-graph';
import type { NodePredicate } from './filter-graph';
import type { GraphEdge, GraphNode, GraphResult } from './types';

export interface NeighborhoodOptions {
  depth: number;
  /** Nodes the traversal may enter (the focus itself is always shown). */
  keep?: NodePredicate;
  /** At most this many nodes; the rest is reported in `truncated`. */
  maxNodes?: number;
}

export type NeighborhoodOutcome = { ok: true; result: GraphResult } | { ok: false; error: string };

export const DEFAULT_MAX_NODES = 1500;

function reachable(index: GraphIndex, focus: string, depth: number, keep: NodePredicate): string[] {
  const order = [focus];
  const seen = new Set(order);
  let frontier = order.slice();
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of index.adjacency.get(id) ?? []) {
        const other = e.source === id ? e.target : e.source;
        if (seen.has(other)) continue;
        const node = index.byId.get(other);
        if (!node || !keep(node)) continue;
        seen.add(other);
        next.push(other);
        order.push(other);
      }
    }
    frontier = next;
  }
  return order;
}

/** The nodes with ids in `ids` and every edge between two of them. */
export function inducedSubgraph(index: GraphIndex, ids: readonly string[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const chosen = new Set(ids);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const id of ids) {
    const node = index.byId.get(id);
    if (node) nodes.push(node);
    for (const e of index.adjacency.get(id) ?? []) {
      // Each edge is listed at both ends; take it once, at its source.
      if (e.source === id && chosen.has(e.target)) edges.push(e);
    }
  }
  return { nodes, edges };
}

export function neighborhood(index: GraphIndex, focus: string, opts: NeighborhoodOptions): NeighborhoodOutcome {
  if (!index.byId.has(focus)) return { ok: false, error: `focus: no node ${focus} in this snapshot` };
  const depth = Math.max(0, Math.floor(opts.depth));
  const maxNodes = opts.maxNodes ?? DEFAULT_MAX_NODES;
  const order = reachable(index, focus, depth, opts.keep ?? (() => true));
  const shown = order.length > maxNodes ? order.slice(0, maxNodes) : order;
  const truncated =
    order.length > maxNodes
      ? { reason: `showing the ${maxNodes} nearest of ${order.length} nodes within ${depth} steps`, totalNodes: order.length }
      : null;
  return { ok: true, result: { ...inducedSubgraph(index, shown), truncated } };
}

/** One step out from a node: what a click on it adds to the view. */
export function expand(index: GraphIndex, nodeId: string, opts: Omit<NeighborhoodOptions, 'depth'> = {}): NeighborhoodOutcome {
  return neighborhood(index, nodeId, { ...opts, depth: 1 });
}
