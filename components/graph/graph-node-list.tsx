'use client';
// The text alternative of the drawing: every node shown, by kind, with keyboard-usable Expand
// and Focus buttons (the canvas itself only takes pointer input).
import { useState } from 'react';
import type { GraphNode } from '../../lib/core/graph/types';
import type { SeverityMark } from '../../lib/server/findings/marks';
import { SeverityMarkLink } from '../findings/severity';
import { KIND_LOOKS } from './graph-style';
import type { GraphViewName } from './graph-params';
import styles from './graph.module.css';

const FIRST_ROWS = 300;

export interface GraphNodeListProps {
  nodes: GraphNode[];
  view: GraphViewName;
  expandedIds: readonly string[];
  onExpand: (id: string) => void;
  onFocus: (id: string) => void;
  /** Open findings of subject and role nodes, by node id. */
  marks: ReadonlyMap<string, SeverityMark>;
  findingsHrefOf: (node: GraphNode, mark: SeverityMark) => string;
}

const isNavigable = (id: string) => !id.startsWith('rule:') && !id.startsWith('agg:') && !id.startsWith('scope:');

function NodeMark({
  node,
  mark,
  hrefOf,
}: {
  node: GraphNode;
  mark: SeverityMark | undefined;
  hrefOf: GraphNodeListProps['findingsHrefOf'];
}) {
  if (!mark) return null;
  return <SeverityMarkLink mark={mark} href={hrefOf(node, mark)} />;
}

export function GraphNodeList({ nodes, view, expandedIds, onExpand, onFocus, marks, findingsHrefOf }: GraphNodeListProps) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? nodes : nodes.slice(0, FIRST_ROWS);
  return (
    <section className="card" aria-labelledby="graph-nodes-title">
      <div className="card-header">
        <h2 id="graph-nodes-title">Nodes shown ({nodes.length})</h2>
        <span className="muted">The same nodes as the drawing, as a list.</span>
      </div>
      <div className="table-wrap">
        <table className="data" aria-labelledby="graph-nodes-title">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">Namespace</th>
              <th scope="col">Detail</th>
              <th scope="col">Findings</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((n) => (
              <tr key={n.id} data-node-id={n.id}>
                <td className="nowrap">
                  <span className={styles.swatch} style={{ background: KIND_LOOKS[n.kind].color }} aria-hidden="true" />{' '}
                  {KIND_LOOKS[n.kind].label}
                </td>
                <th scope="row" className="mono">
                  {n.label}
                  {n.isMissing && ' (missing)'}
                </th>
                <td className="mono">{n.namespace ?? ''}</td>
                <td>
                  {[n.detail, n.count !== undefined && n.kind !== 'Aggregate' ? `${n.count} objects` : ''].filter(Boolean).join(' · ')}
                </td>
                <td className="nowrap">
                  <NodeMark node={n} mark={marks.get(n.id)} hrefOf={findingsHrefOf} />
                </td>
                <td className="nowrap">
                  {view === 'neighborhood' && isNavigable(n.id) && (
                    <button
                      type="button"
                      className={styles.rowButton}
                      disabled={expandedIds.includes(n.id)}
                      onClick={() => onExpand(n.id)}
                      aria-label={`Expand ${n.label}`}
                    >
                      Expand
                    </button>
                  )}
                  {isNavigable(n.id) && (
                    <button type="button" className={styles.rowButton} onClick={() => onFocus(n.id)} aria-label={`Focus on ${n.label}`}>
                      Focus
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nodes.length > shown.length && (
        <div className="card-body">
          <button type="button" onClick={() => setShowAll(true)}>
            Show all {nodes.length} nodes
          </button>
        </div>
      )}
    </section>
  );
}
