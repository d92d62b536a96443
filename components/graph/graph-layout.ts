// How each view is laid out: a tree from the focus for a small neighbourhood, fcose for larger
// ones and for expansions, breadthfirst for who-can paths, concentric rings for the collapsed
// cluster. Every layout here runs without animation, and every one but fcose's first pass is
// deterministic, so the same graph is drawn the same way each time it opens.
import type { BoundingBoxWH, Core, LayoutOptions, NodeSingular } from 'cytoscape';
import type { GraphViewName } from './graph-params';

/** fcose's spectral-only "draft" quality above this many nodes: the full quality pass costs seconds there. */
const DRAFT_LAYOUT_ABOVE = 500;
/** Up to this many nodes a neighbourhood is a tree from its focus; above it a tree gets too wide to read. */
export const TREE_LAYOUT_UPTO = 25;
/** The closest a layout's fit may zoom: beyond it a small graph's labels overlap and its nodes fill the canvas. */
export const MAX_FIT_ZOOM = 1.25;
/** Model-space distances of the tree: between depths, between nodes of one depth, around it (also the fit padding). */
const LEVEL_GAP = 110;
const SIBLING_GAP = 130;
export const PADDING = 30;
/** The largest node (see nodeSize in graph-view.tsx for the plain kinds). */
const NODE_SIZE = 26;

/** How many nodes are at each hop from the root, following edges either way. */
function nodesPerDepth(cy: Core, root: NodeSingular): number[] {
  const counts: number[] = [];
  cy.elements().bfs({
    roots: root,
    directed: false,
    visit: (_node, _edge, _previous, _index, depth) => {
      counts[depth] = (counts[depth] ?? 0) + 1;
    },
  });
  return counts;
}

/**
 * A tree from the focus, one depth per hop, in a box sized for its depths and its widest depth.
 * Without the box, breadthfirst spreads any graph over the whole canvas, so two nodes end up far apart.
 */
function treeFrom(cy: Core, focus: NodeSingular): LayoutOptions {
  const counts = nodesPerDepth(cy, focus);
  const box: BoundingBoxWH = {
    x1: 0,
    y1: 0,
    w: 2 * PADDING + NODE_SIZE + (Math.max(1, ...counts) - 1) * SIBLING_GAP,
    h: 2 * PADDING + NODE_SIZE + (counts.length - 1) * LEVEL_GAP,
  };
  return {
    name: 'breadthfirst',
    directed: false,
    roots: [focus.id()],
    boundingBox: box,
    spacingFactor: 1,
    animate: false,
    fit: false,
    padding: PADDING,
  };
}

export function layoutFor(view: GraphViewName, cy: Core, incremental: boolean, focus: string | null): LayoutOptions {
  // The view is fitted after the layout stops, by fitDrawing: cytoscape's own fit would count the
  // finding halos (underlays), which arrive on their own schedule, and move the drawing when they do.
  const base = { animate: false, fit: false, padding: PADDING };
  if (view === 'who-can') {
    const roots = cy.nodes('[kind = "User"], [kind = "Group"], [kind = "ServiceAccount"]');
    return { name: 'breadthfirst', directed: true, roots, spacingFactor: 0.85, ...base } as LayoutOptions;
  }
  if (view === 'whole') {
    return {
      name: 'concentric',
      // Cluster scope in the middle, ClusterRoles around it, namespaces outside, busiest nearest.
      concentric: (n: { data(key: string): unknown }) =>
        n.data('kind') === 'Scope' ? 100 : n.data('kind') === 'Namespace' ? Math.log2(Number(n.data('size'))) : 50,
      levelWidth: () => 1,
      minNodeSpacing: 8,
      ...base,
    };
  }
  const root = focus === null ? cy.collection() : cy.getElementById(focus);
  if (!incremental && root.nonempty() && root.isNode() && cy.nodes().length <= TREE_LAYOUT_UPTO) return treeFrom(cy, root);
  const draft = !incremental && cy.nodes().length > DRAFT_LAYOUT_ABOVE;
  return {
    name: 'fcose',
    quality: draft ? 'draft' : 'default',
    // An expansion keeps what is drawn and only places the new nodes (seeded by newNodeOffset).
    randomize: !incremental,
    nodeRepulsion: () => 9000,
    idealEdgeLength: () => 70,
    nodeSeparation: 70,
    numIter: 1500,
    ...base,
  } as LayoutOptions;
}

/**
 * After a layout's fit: zooms out to MAX_FIT_ZOOM, about the drawing's centre, if the fit zoomed in
 * closer. Fitting two or three nodes otherwise zooms in until their labels collide.
 */
export function capFitZoom(cy: Core): void {
  if (cy.zoom() <= MAX_FIT_ZOOM) return;
  cy.zoom(MAX_FIT_ZOOM);
  centerOn(cy, drawingBox(cy));
}

/** What is drawn, without halos and tap overlays: those come and go without anything moving. */
function drawingBox(cy: Core): { x1: number; y1: number; x2: number; y2: number; w: number; h: number } {
  return cy.elements().boundingBox({ includeUnderlays: false, includeOverlays: false });
}

function centerOn(cy: Core, box: { x1: number; y1: number; x2: number; y2: number }): void {
  const zoom = cy.zoom();
  cy.pan({ x: cy.width() / 2 - (zoom * (box.x1 + box.x2)) / 2, y: cy.height() / 2 - (zoom * (box.y1 + box.y2)) / 2 });
}

/** Fits the drawing in the canvas with `padding` pixels around it (cy.fit's rule, on drawingBox). */
export function fitDrawing(cy: Core, padding = PADDING): void {
  if (cy.elements().empty()) return;
  const box = drawingBox(cy);
  const w = cy.width() - 2 * padding;
  const h = cy.height() - 2 * padding;
  if (w <= 0 || h <= 0 || box.w <= 0 || box.h <= 0) {
    centerOn(cy, box);
    return;
  }
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(w / box.w, h / box.h)));
  cy.zoom(zoom);
  centerOn(cy, box);
}

/**
 * Where a node an expansion adds starts, relative to the node that was expanded: a point on a
 * circle of the given radius, its angle a hash (FNV-1a) of the id, so an expansion is laid out the
 * same way each time and two new nodes rarely start on top of each other.
 */
export function newNodeOffset(id: string, radius = 20): { x: number; y: number } {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  const angle = ((hash >>> 0) / 2 ** 32) * 2 * Math.PI;
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}
