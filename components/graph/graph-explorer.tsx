'use client';
// The graph page's interactive part: the controls (view, source, depth, filters, search, the
// who-can question), the drawing, the legend, and a list of the nodes shown for screen readers
// and keyboards. State is in the URL; expansions (nodes clicked open) live until the view changes.
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import type { GraphEdge, GraphNode } from '../../lib/core/graph/types';
import type { FindingMarks, SeverityMark } from '../../lib/server/findings/marks';
import type { GraphResponse } from '../../lib/server/graph';
import { partyPattern, roleFindingsHref, rolePattern, subjectFindingsHref } from '../findings/hrefs';
import { useFindingMarks } from '../findings/use-finding-marks';
import { GraphControls } from './graph-controls';
import { GraphLegend } from './graph-legend';
import { GraphNodeList } from './graph-node-list';
import { canonicalSearch, expansionSearch, viewOf, withParams } from './graph-params';
import { GraphView } from './graph-view';
import { useExpansions, useGraph } from './use-graph';
import styles from './graph.module.css';

export interface GraphExplorerProps {
  sources: string[];
  initial: { search: string; response: GraphResponse | null };
}

function navigate(params: URLSearchParams): void {
  // Native pushState updates useSearchParams without a server round trip; react-query fetches.
  window.history.pushState(null, '', `?${canonicalSearch(params)}`);
}

function merge(parts: ({ nodes: GraphNode[]; edges: GraphEdge[] } | undefined)[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const part of parts) {
    if (!part) continue;
    for (const n of part.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of part.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const SUBJECT_KINDS = new Set(['User', 'Group', 'ServiceAccount']);

/** The open-finding mark of each subject and role node, keyed as the marks are (kind/namespace/name). */
function nodeMarks(nodes: readonly GraphNode[], marks: FindingMarks | null | undefined): Map<string, SeverityMark> {
  const out = new Map<string, SeverityMark>();
  if (!marks) return out;
  for (const n of nodes) {
    const party = { kind: n.kind, name: n.label, namespace: n.namespace };
    const mark = SUBJECT_KINDS.has(n.kind)
      ? marks.subjects[partyPattern(party)]
      : n.kind === 'Role' || n.kind === 'ClusterRole'
        ? marks.roles[rolePattern(party)]
        : undefined;
    if (mark) out.set(n.id, mark);
  }
  return out;
}

function nodeFindingsHref(source: string, n: GraphNode, mark: SeverityMark, snapshotId: number | undefined): string {
  const party = { kind: n.kind, name: n.label, namespace: n.namespace };
  const options = { showBuiltIn: mark.builtIn > 0, snapshotId };
  return SUBJECT_KINDS.has(n.kind) ? subjectFindingsHref(source, party, options) : roleFindingsHref(source, party, options);
}

export function GraphExplorer({ sources, initial }: GraphExplorerProps) {
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);
  const search = canonicalSearch(params);
  const view = viewOf(params);
  const focus = params.get('focus');
  const query = useGraph(search, initial);
  const [expanded, setExpanded] = useState<{ search: string; ids: string[] }>({ search, ids: [] });
  const expandedIds = useMemo(() => (expanded.search === search ? expanded.ids : []), [expanded, search]);
  const expansions = useExpansions(useMemo(() => expandedIds.map((id) => expansionSearch(params, id)), [expandedIds, params]));

  const response = query.data;
  const base = response?.ok ? response : undefined;
  const graph = useMemo(() => merge([base, ...expansions.graphs]), [base, expansions.graphs]);
  const matchIds = useMemo(() => new Set((base?.matches ?? []).map((m) => m.id)), [base]);
  const marks = useFindingMarks(base?.snapshot.id ?? null, null).data;
  const markOf = useMemo(() => nodeMarks(graph.nodes, marks), [graph.nodes, marks]);
  const severities = useMemo(() => new Map([...markOf].map(([id, m]) => [id, m.severity])), [markOf]);

  const expand = useCallback(
    (id: string) => {
      setExpanded((prev) => {
        const ids = prev.search === search ? prev.ids : [];
        return ids.includes(id) ? { search, ids } : { search, ids: [...ids, id] };
      });
    },
    [search],
  );
  const focusOn = useCallback((id: string) => navigate(withParams(params, { focus: id, view: 'neighborhood', q: null })), [params]);
  const activate = useCallback(
    (id: string) => {
      if (id.startsWith('rule:') || id.startsWith('agg:') || id.startsWith('scope:')) return;
      if (view === 'neighborhood') expand(id);
      else focusOn(id);
    },
    [view, expand, focusOn],
  );

  const failure = response && !response.ok ? response : null;
  const busy = query.isFetching || expansions.isFetching;
  const label = base
    ? `Access graph, ${view === 'whole' ? 'whole cluster by namespace' : view === 'who-can' ? 'who-can paths' : `around ${focus ?? 'nothing'}`}: ${graph.nodes.length} nodes and ${graph.edges.length} edges. The list below names every node.`
    : 'Access graph';

  return (
    <>
      <GraphControls key={search} params={params} sources={sources} view={view} busy={busy} onApply={navigate} />
      <div aria-live="polite" aria-busy={busy}>
        {failure && (
          <p className="banner banner-error" role="alert">
            <strong>Cannot draw this graph ({failure.param}):</strong> {failure.error}
          </p>
        )}
        {query.error && (
          <p className="banner banner-error" role="alert">
            {query.error.message}
          </p>
        )}
        {expansions.error && (
          <p className="banner banner-error" role="alert">
            Could not expand: {expansions.error}
          </p>
        )}
        {base && (
          <p className={styles.status}>
            {base.question && (
              <>
                <strong>Who can {base.question}</strong> ·{' '}
              </>
            )}
            {graph.nodes.length} nodes, {graph.edges.length} edges · {base.snapshot.sourceName} snapshot #{base.snapshot.seq}
            {view === 'neighborhood' && ' · click a node (or use Expand below) to open its neighbors'}
            {view === 'whole' && ' · click a namespace or role to explore around it'}
          </p>
        )}
        {base?.truncated && (
          <p className="banner banner-info" role="status">
            Cut to fit: {base.truncated.reason}. Narrow it with the filters, or focus on a node.
          </p>
        )}
        {base && base.matches.length > 0 && (
          <div className={styles.matches}>
            <span className={styles.matchesTitle}>Matches for “{params.get('q')}”:</span>
            {base.matches.map((m) => (
              <button key={m.id} type="button" className={styles.chip} onClick={() => focusOn(m.id)}>
                {m.kind} {m.namespace ? `${m.namespace}/` : ''}
                {m.label}
              </button>
            ))}
          </div>
        )}
        {base && params.get('q') && base.matches.length === 0 && view !== 'who-can' && (
          <p className="muted">No node matches “{params.get('q')}”.</p>
        )}
      </div>
      {base && view === 'neighborhood' && !focus && (
        <p className="muted">Search for a subject, binding or role above and pick it to start from it.</p>
      )}
      {/* A refused question draws nothing: an empty canvas and "Nodes shown (0)" would read as an answer. */}
      {!failure && (
        <>
          <div className={styles.layout}>
            <GraphView
              nodes={graph.nodes}
              edges={graph.edges}
              view={view}
              focus={focus}
              resetKey={search}
              matchIds={matchIds}
              onActivate={activate}
              label={label}
              severities={severities}
            />
            <GraphLegend nodes={graph.nodes} />
          </div>
          <GraphNodeList
            nodes={graph.nodes}
            view={view}
            expandedIds={expandedIds}
            onExpand={expand}
            onFocus={focusOn}
            marks={markOf}
            findingsHrefOf={(n, mark) => nodeFindingsHref(base?.snapshot.sourceName ?? '', n, mark, marks?.snapshotId)}
          />
        </>
      )}
    </>
  );
}
