'use client';
// The one component that owns cytoscape. It draws a plain {nodes, edges} graph, adds what an
// expansion brings without starting over, lays it out for the view (graph-layout.ts), switches
// to the WebGL renderer for large graphs, and exports PNG and SVG. cytoscape is loaded in the
// browser only (dynamic import): it touches `window` when evaluated.
import type { Core, ElementDefinition, EventObject, SingularElementArgument } from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { Severity } from '../../lib/core/findings/types';
import type { GraphEdge, GraphNode } from '../../lib/core/graph/types';
import { capFitZoom, fitDrawing, layoutFor, newNodeOffset } from './graph-layout';
import type { GraphViewName } from './graph-params';
import { graphStylesheet, HAYSTACK_ABOVE } from './graph-style';
import { nodeAtPoint } from './node-at-point';
import styles from './graph.module.css';

/** Above this many elements the WebGL renderer draws (cytoscape 3.31+, opt-in), when the browser has hardware WebGL2. */
export const WEBGL_ABOVE = 3000;

type CytoscapeFactory = typeof import('cytoscape');

/** What the benchmark and the e2e test read (harmless: counts and timings of the last draw). */
export interface GraphStats {
  /**
   * The last layout has stopped, its fit and the zoom cap are applied and a frame is painted: from
   * here on nodes stay where renderedPositionOf says until the next layout or a pan or zoom by the
   * user. A resize of the canvas or the window keeps cytoscape's pan and zoom, so it moves nothing.
   */
  ready: boolean;
  /** Layouts this drawing has settled so far (1 for the first): the next drawing has a higher number. */
  layouts: number;
  zoom: number;
  view: GraphViewName;
  renderer: 'canvas' | 'webgl';
  nodes: number;
  edges: number;
  elements: number;
  layoutMs: number;
  drawMs: number;
  /** performance.now() when the drawing was done: since navigation start on a fresh page load. */
  readyAt: number;
  /** Moves the viewport (for measuring the frame rate while panning). */
  panBy: (dx: number, dy: number) => void;
  /** Where a node is drawn, in pixels from the drawing's top left (for tests that click it); null if not drawn. */
  renderedPositionOf: (id: string) => { x: number; y: number } | null;
}

declare global {
  interface Window {
    __graphStats?: GraphStats;
  }
}

export interface GraphViewProps {
  nodes: GraphNode[];
  edges: GraphEdge[];
  view: GraphViewName;
  focus: string | null;
  /** A new key starts a fresh drawing; the same key with more elements adds them in place. */
  resetKey: string;
  matchIds: ReadonlySet<string>;
  onActivate: (nodeId: string) => void;
  label: string;
  /** Worst open-finding severity per node id: drawn as a halo, set as data so nothing is laid out again. */
  severities?: ReadonlyMap<string, Severity>;
}

let libraryPromise: Promise<CytoscapeFactory> | undefined;

function loadCytoscape(): Promise<CytoscapeFactory> {
  libraryPromise ??= Promise.all([import('cytoscape'), import('cytoscape-fcose'), import('cytoscape-svg')]).then(([cy, fcose, svg]) => {
    cy.default.use(fcose.default);
    cy.default.use(svg.default);
    return cy.default;
  });
  return libraryPromise;
}

/** Renderer names of software WebGL (Chromium's SwiftShader, Mesa's llvmpipe). */
const SOFTWARE_GL = /swiftshader|llvmpipe|software/i;

/**
 * A GPU-backed WebGL2 context. On software WebGL (e.g. Chromium with --disable-gpu) the large-tier
 * bench panned the 3,400-element whole-cluster view at ~1 fps, so the canvas renderer draws there.
 * `failIfMajorPerformanceCaveat` alone did not refuse Chromium's SwiftShader, hence the renderer name.
 */
function hasWebgl2(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    if (gl === null) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return !SOFTWARE_GL.test(renderer);
  } catch {
    return false;
  }
}

function nodeSize(n: GraphNode): number {
  if (n.count !== undefined) return Math.round(18 + 5 * Math.log2(n.count + 1));
  return n.kind === 'Rule' ? 20 : 26;
}

function toElements(nodes: GraphNode[], edges: GraphEdge[], focus: string | null, matches: ReadonlySet<string>): ElementDefinition[] {
  const out: ElementDefinition[] = nodes.map((n) => ({
    group: 'nodes',
    data: {
      id: n.id,
      kind: n.kind,
      label: n.namespace && n.kind !== 'Namespace' ? `${n.namespace}/${n.label}` : n.label,
      ruleLabel: `${n.label}: ${n.detail ?? ''}`,
      size: nodeSize(n),
      isSystem: n.isSystem,
      isMissing: n.isMissing === true,
      isHighlighted: n.isHighlighted === true,
      isFocus: n.id === focus,
      isMatch: matches.has(n.id),
    },
  }));
  for (const e of edges) {
    const count = e.count ?? 1;
    out.push({
      group: 'edges',
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        kind: e.kind,
        weight: Math.min(8, 0.8 + Math.log2(count)),
        countLabel: e.count === undefined ? '' : String(e.count),
      },
    });
  }
  return out;
}

/**
 * The node a tap means: the one cytoscape hit, else the one whose box holds the tap. cytoscape's
 * own test misses a diamond on its vertical axis (see node-at-point.ts); the tap then reaches the
 * core or the edge beside it.
 */
function tappedNode(cy: Core, event: EventObject): string | null {
  const target = event.target as Core | SingularElementArgument;
  if (target !== cy && (target as SingularElementArgument).isNode()) return (target as SingularElementArgument).id();
  const boxes = cy.nodes().map((n) => ({ id: n.id(), ...n.boundingBox({ includeLabels: false, includeOverlays: false }) }));
  return nodeAtPoint(boxes, event.position);
}

/**
 * Resolves once the drawing is on screen. The canvas renderer emits 'render' after a frame; in
 * WebGL mode (3.34) no 'render' event came in the large-tier bench, so two animation frames (the
 * renderer draws in its own requestAnimationFrame, which runs before our second one) also end it.
 */
function nextPaint(cy: Core): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    cy.one('render', () => requestAnimationFrame(finish));
    requestAnimationFrame(() => requestAnimationFrame(finish));
    cy.forceRender();
  });
}

function download(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function GraphView({ nodes, edges, view, focus, resetKey, matchIds, onActivate, label, severities }: GraphViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<{ cy: Core; key: string; webgl: boolean } | null>(null);
  const activateRef = useRef(onActivate);
  const anchor = useRef<string | null>(null);
  /** Counts layouts started; a layout settles into the stats only if none started after it. */
  const generation = useRef(0);
  const [library, setLibrary] = useState<CytoscapeFactory | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    activateRef.current = onActivate;
  }, [onActivate]);

  useEffect(() => {
    loadCytoscape().then(
      // The library is a function: wrapped, so React stores it instead of calling it as an updater.
      (lib) => setLibrary(() => lib),
      (error: unknown) => setLoadError(`The graph library could not load: ${String(error)}`),
    );
    return () => {
      cyRef.current?.cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (!library || !container.current) return;
    const elements = toElements(nodes, edges, focus, matchIds);
    const webgl = elements.length > WEBGL_ABOVE && hasWebgl2();
    const started = performance.now();
    const current = cyRef.current;
    const incremental = current !== null && current.key === resetKey && current.webgl === webgl;
    let cy: Core;
    if (incremental) {
      cy = current.cy;
      const fresh = elements.filter((el) => cy.getElementById(String(el.data.id)).empty());
      const at = anchor.current ? cy.getElementById(anchor.current) : cy.collection();
      const origin = at.nonempty() ? at.position() : { x: 0, y: 0 };
      cy.batch(() => {
        for (const el of fresh) {
          if (el.group !== 'nodes') continue;
          const offset = newNodeOffset(String(el.data.id));
          el.position = { x: origin.x + offset.x, y: origin.y + offset.y };
        }
        cy.add(fresh);
        // Flags (focus, search matches) may have changed on nodes already drawn.
        for (const el of elements) if (el.group === 'nodes') cy.getElementById(String(el.data.id)).data(el.data);
      });
      if (fresh.length === 0) return;
    } else {
      current?.cy.destroy();
      cy = library({
        container: container.current,
        elements,
        style: graphStylesheet(elements.length > HAYSTACK_ABOVE),
        minZoom: 0.02,
        maxZoom: 4,
        ...(webgl && { renderer: { name: 'canvas', webgl: true } }),
      });
      cy.on('tap', (event: EventObject) => {
        const id = tappedNode(cy, event);
        if (id === null) return;
        anchor.current = id;
        activateRef.current(id);
      });
      cyRef.current = { cy, key: resetKey, webgl };
    }
    const mine = ++generation.current;
    const isLatest = () => mine === generation.current && !cy.destroyed();
    window.__graphStats = { ...(window.__graphStats as GraphStats), ready: false };
    const layoutStart = performance.now();
    const layout = cy.layout(layoutFor(view, cy, incremental, focus));
    const stopped = layout.promiseOn('layoutstop');
    layout.run();
    void stopped.then(async () => {
      if (!isLatest()) return;
      // The fit, then the cap, are the last changes of the viewport: `ready` below comes after them.
      fitDrawing(cy);
      capFitZoom(cy);
      const layoutMs = performance.now() - layoutStart;
      const drawn = performance.now();
      await nextPaint(cy);
      if (!isLatest()) return;
      window.__graphStats = {
        ready: true,
        layouts: mine,
        zoom: cy.zoom(),
        view,
        renderer: webgl ? 'webgl' : 'canvas',
        nodes: cy.nodes().length,
        edges: cy.edges().length,
        elements: cy.elements().length,
        layoutMs: Math.round(layoutMs + (layoutStart - started)),
        drawMs: Math.round(performance.now() - drawn),
        readyAt: Math.round(performance.now()),
        panBy: (dx, dy) => cy.panBy({ x: dx, y: dy }),
        renderedPositionOf: (id) => {
          const node = cy.getElementById(id);
          return node.nonempty() ? node.renderedPosition() : null;
        },
      };
    });
  }, [library, nodes, edges, view, focus, resetKey, matchIds]);

  // Marks arrive after the drawing (their own request): only node data changes, so no layout runs
  // and no node moves (the e2e tests click nodes where __graphStats says they are).
  useEffect(() => {
    const cy = cyRef.current?.cy;
    if (!cy || cy.destroyed()) return;
    cy.batch(() => {
      cy.nodes().forEach((node) => {
        const severity = severities?.get(node.id()) ?? null;
        if (node.data('severity') !== severity) node.data('severity', severity);
      });
    });
  }, [library, nodes, edges, resetKey, severities]);

  // The Fit button fits as a layout does, with the same cap on how close it zooms.
  const fitCapped = (cy: Core) => {
    fitDrawing(cy, 30);
    capFitZoom(cy);
  };
  const withCy = (fn: (cy: Core) => void) => () => {
    if (cyRef.current) fn(cyRef.current.cy);
  };
  const exportPng = withCy((cy) => {
    const blob = cy.png({ output: 'blob', full: true, bg: '#ffffff', scale: 2, maxWidth: 6000, maxHeight: 6000 });
    const url = URL.createObjectURL(blob);
    download(url, 'access-graph.png');
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  const exportSvg = withCy((cy) => {
    const svg = (cy as Core & { svg(opts: { full: boolean; bg: string }): string }).svg({ full: true, bg: '#ffffff' });
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    download(url, 'access-graph.svg');
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });

  return (
    <div className={styles.canvasCard}>
      <div className={styles.toolbar} role="toolbar" aria-label="Graph view">
        <button type="button" className={styles.toolButton} onClick={withCy(fitCapped)}>
          Fit
        </button>
        <button
          type="button"
          className={styles.toolButton}
          onClick={withCy((cy) => cy.zoom({ level: cy.zoom() * 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }))}
        >
          Zoom in
        </button>
        <button
          type="button"
          className={styles.toolButton}
          onClick={withCy((cy) => cy.zoom({ level: cy.zoom() / 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }))}
        >
          Zoom out
        </button>
        <span className={styles.toolbarSpacer} />
        <button type="button" className={styles.toolButton} onClick={exportPng}>
          Export PNG
        </button>
        <button type="button" className={styles.toolButton} onClick={exportSvg}>
          Export SVG
        </button>
      </div>
      {loadError && (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      )}
      <div ref={container} className={styles.canvas} role="img" aria-label={label} data-testid="graph-canvas" />
    </div>
  );
}
