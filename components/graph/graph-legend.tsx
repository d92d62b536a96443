// The legend: every kind drawn in the current graph, with its color and shape name, plus what
// borders and halos mean. Reads the same tables as the stylesheet.
import type { GraphNode, GraphNodeKind } from '../../lib/core/graph/types';
import { KIND_LOOKS, SEVERITY_HALOS } from './graph-style';
import styles from './graph.module.css';

export function GraphLegend({ nodes }: { nodes: GraphNode[] }) {
  const present = new Set<GraphNodeKind>(nodes.map((n) => n.kind));
  const kinds = (Object.keys(KIND_LOOKS) as GraphNodeKind[]).filter((k) => present.has(k));
  return (
    <aside className={styles.legend} aria-labelledby="graph-legend-title">
      <h2 id="graph-legend-title" className={styles.legendTitle}>
        Legend
      </h2>
      <ul className={styles.legendList}>
        {kinds.map((k) => (
          <li key={k}>
            <span
              className={`${styles.swatch} ${styles[`shape-${KIND_LOOKS[k].shape}`] ?? ''}`}
              style={{ background: KIND_LOOKS[k].color }}
              aria-hidden="true"
            />
            {KIND_LOOKS[k].label}
          </li>
        ))}
        <li>
          <span className={`${styles.swatch} ${styles.swatchFocus}`} aria-hidden="true" />
          Focus (black ring)
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchMissing}`} aria-hidden="true" />
          Role that does not exist (dashed red)
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchSystem}`} aria-hidden="true" />
          Built-in <code>system:</code> object (faded)
        </li>
        {SEVERITY_HALOS.map((h) => (
          <li key={h.severity}>
            <span
              className={styles.swatch}
              style={{ background: h.color, opacity: h.opacity + 0.2, borderRadius: '50%' }}
              aria-hidden="true"
            />
            Open {h.label} finding (halo)
          </li>
        ))}
      </ul>
      <p className={styles.legendNote}>
        Arrows: subject → binding → role → rule; dotted lines join objects to their namespace. Numbers on edges count bindings.
      </p>
    </aside>
  );
}
