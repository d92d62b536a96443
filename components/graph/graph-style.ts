// How each node kind looks: one table that the cytoscape stylesheet and the legend both read,
// so the legend can never disagree with the drawing.
import type { GraphNodeKind } from '../../lib/core/graph/types';

export interface KindLook {
  label: string;
  color: string;
  shape:
    'ellipse' | 'round-rectangle' | 'diamond' | 'hexagon' | 'round-octagon' | 'tag' | 'star' | 'rectangle' | 'round-triangle' | 'barrel';
}

export const KIND_LOOKS: Record<GraphNodeKind, KindLook> = {
  User: { label: 'User', color: '#2f6fed', shape: 'ellipse' },
  Group: { label: 'Group', color: '#7c3aed', shape: 'hexagon' },
  ServiceAccount: { label: 'ServiceAccount', color: '#0f8b7d', shape: 'round-triangle' },
  RoleBinding: { label: 'RoleBinding', color: '#ea8a1a', shape: 'diamond' },
  ClusterRoleBinding: { label: 'ClusterRoleBinding', color: '#c2410c', shape: 'diamond' },
  Role: { label: 'Role', color: '#3f9b4b', shape: 'round-rectangle' },
  ClusterRole: { label: 'ClusterRole', color: '#1d6b2c', shape: 'round-rectangle' },
  Namespace: { label: 'Namespace', color: '#64748b', shape: 'barrel' },
  Rule: { label: 'Granting rule', color: '#e8b410', shape: 'tag' },
  Scope: { label: 'Cluster scope', color: '#b91c1c', shape: 'star' },
  Aggregate: { label: 'Other (aggregated)', color: '#94a3b8', shape: 'rectangle' },
};

/** Kinds a user can filter on (aggregates and rules only exist in their own views). */
export const FILTER_KINDS: GraphNodeKind[] = [
  'User',
  'Group',
  'ServiceAccount',
  'RoleBinding',
  'ClusterRoleBinding',
  'Role',
  'ClusterRole',
  'Namespace',
];

/** Above this many elements edges are drawn as straight haystack lines (no arrows), much cheaper. */
export const HAYSTACK_ABOVE = 1200;

type StyleBlock = { selector: string; style: Record<string, string | number> };

/** The graph's halo per worst open-finding severity (the same hues as the findings page's badges). */
export const SEVERITY_HALOS = [
  { severity: 'critical', color: '#b91c1c', opacity: 0.45, label: 'critical' },
  { severity: 'high', color: '#ea580c', opacity: 0.4, label: 'high' },
  { severity: 'medium', color: '#ca8a04', opacity: 0.35, label: 'medium' },
] as const;

export function graphStylesheet(largeGraph: boolean): StyleBlock[] {
  const perKind = (Object.entries(KIND_LOOKS) as [GraphNodeKind, KindLook][]).map(([kind, look]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': look.color, shape: look.shape },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        width: 'data(size)',
        height: 'data(size)',
        'font-size': 10,
        color: '#1b1f24',
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-max-width': '140px',
        'text-wrap': 'ellipsis',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.75,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 7,
        'border-width': 1,
        'border-color': '#ffffff',
      },
    },
    ...perKind,
    { selector: 'node[?isSystem]', style: { 'background-opacity': 0.55 } },
    // Open findings: a halo under the node (borders already say focus, match and missing).
    ...SEVERITY_HALOS.map(({ severity, color, opacity }) => ({
      selector: `node[severity = "${severity}"]`,
      style: { 'underlay-color': color, 'underlay-opacity': opacity, 'underlay-padding': 7, 'underlay-shape': 'ellipse' as const },
    })),
    {
      selector: 'node[?isMissing]',
      style: { 'border-width': 2, 'border-color': '#b91c1c', 'border-style': 'dashed', 'background-opacity': 0.35 },
    },
    { selector: 'node[?isHighlighted]', style: { 'border-width': 3, 'border-color': '#8a5a00', 'font-weight': 'bold' } },
    { selector: 'node[kind = "Rule"]', style: { label: 'data(ruleLabel)', 'text-wrap': 'wrap', 'text-max-width': '220px' } },
    { selector: 'node[?isFocus]', style: { 'border-width': 4, 'border-color': '#111827', 'font-weight': 'bold', 'font-size': 12 } },
    { selector: 'node[?isMatch]', style: { 'border-width': 3, 'border-color': '#db2777' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#2456c9' } },
    {
      selector: 'edge',
      style: largeGraph
        ? { width: 0.8, 'line-color': '#9aa4b2', 'curve-style': 'haystack', 'haystack-radius': 0, opacity: 0.7 }
        : {
            width: 1.2,
            'line-color': '#9aa4b2',
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'target-arrow-color': '#9aa4b2',
            'arrow-scale': 0.8,
          },
    },
    {
      selector: 'edge[kind = "in-namespace"]',
      style: { 'line-style': 'dotted', 'line-color': '#c0c7d1', 'target-arrow-color': '#c0c7d1' },
    },
    { selector: 'edge[kind = "grants-rule"]', style: { 'line-color': '#c99a06', 'target-arrow-color': '#c99a06', width: 2 } },
    {
      selector: 'edge[kind = "aggregate"]',
      style: {
        width: 'data(weight)',
        label: 'data(countLabel)',
        'font-size': 8,
        color: '#5b6470',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': 8,
      },
    },
  ];
}
