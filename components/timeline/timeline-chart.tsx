'use client';

// Headline counts over a source's snapshots, one point per snapshot (uPlot, bundled locally).
// Click one point, then another, to compare the two snapshots on the diff page. The buttons
// under the chart do the same from the keyboard and name each snapshot for screen readers.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTime } from '../format';

export interface TimelinePoint {
  snapshotId: number;
  seq: number;
  at: string;
  values: Record<string, number>;
}

export interface TimelineProps {
  sourceName: string;
  series: { key: string; label: string }[];
  points: TimelinePoint[];
}

/** Totals on the left axis; the risk counts (usually small) on the right, so they are not flattened. */
const TOTALS = new Set(['subjects', 'bindings', 'principals', 'policies']);
/** Column headers short enough for the per-snapshot table; the full label is the tooltip. */
const SHORT: Record<string, string> = {
  clusterWideStar: 'Cluster-wide *',
  publicBindings: 'To all users',
  unresolvedBindings: 'Missing roles',
  principals: 'Users + roles',
  admins: 'Admins (*:*)',
};
const COLORS = ['#2f6fed', '#8a63d2', '#d64541', '#d08a00', '#1f9d6b', '#6b7785'];

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function diffHref(sourceName: string, a: TimelinePoint, b: TimelinePoint): string {
  const [from, to] = a.seq <= b.seq ? [a, b] : [b, a];
  return `/sources/${encodeURIComponent(sourceName)}/diff?from=${from.snapshotId}&to=${to.snapshotId}`;
}

export function TimelineChart({ sourceName, series, points }: TimelineProps) {
  const router = useRouter();
  const holder = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const selectedRef = useRef<number | null>(null);
  const plotRef = useRef<uPlot | null>(null);
  // Axis and grid colors come from the theme's CSS variables: redraw when the system theme flips.
  const [scheme, setScheme] = useState(0);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setScheme((n) => n + 1);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  function choose(index: number) {
    const first = selectedRef.current;
    const point = points[index];
    if (!point) return;
    if (first === null || first === index) {
      const next = first === index ? null : index;
      selectedRef.current = next;
      setSelected(next);
      plotRef.current?.redraw(false, false);
      return;
    }
    const other = points[first];
    if (other) router.push(diffHref(sourceName, other, point));
  }
  const chooseRef = useRef(choose);
  useEffect(() => {
    chooseRef.current = choose;
  });

  useEffect(() => {
    const el = holder.current;
    if (!el || points.length === 0) return;
    const muted = cssVar('--muted', '#5b6470');
    const grid = cssVar('--border', '#dcdfe5');
    const accent = cssVar('--accent', '#2456c9');
    const axis = (scale: string, side: 1 | 3): uPlot.Axis => ({
      scale,
      side,
      stroke: muted,
      grid: { stroke: grid, width: 1, show: side === 3 },
      ticks: { stroke: grid, width: 1 },
      size: 50,
    });
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: 260,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 9 } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.3, max + 0.3] },
        totals: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        risks: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.2))] },
      },
      axes: [
        {
          stroke: muted,
          grid: { show: false },
          ticks: { stroke: grid, width: 1 },
          splits: () => points.map((_p, i) => i),
          values: (_u, splits) => splits.map((i) => (points[i] ? `#${points[i].seq}` : '')),
        },
        { ...axis('totals', 3), label: 'totals', labelSize: 18 },
        { ...axis('risks', 1), label: 'findings', labelSize: 18 },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          scale: TOTALS.has(s.key) ? 'totals' : 'risks',
          stroke: COLORS[i % COLORS.length],
          width: 2,
          dash: TOTALS.has(s.key) ? undefined : [6, 3],
          points: { show: true, size: 7, fill: COLORS[i % COLORS.length] },
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            const index = selectedRef.current;
            if (index === null) return;
            const x = u.valToPos(index, 'x', true);
            u.ctx.save();
            u.ctx.strokeStyle = accent;
            u.ctx.lineWidth = 2 * devicePixelRatio;
            u.ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
            u.ctx.beginPath();
            u.ctx.moveTo(x, u.bbox.top);
            u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
            u.ctx.stroke();
            u.ctx.restore();
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [points.map((_p, i) => i), ...series.map((s) => points.map((p) => p.values[s.key] ?? null))];
    const plot = new uPlot(opts, data, el);
    plotRef.current = plot;
    const onClick = () => {
      const idx = plot.cursor.idx;
      if (typeof idx === 'number') chooseRef.current(idx);
    };
    plot.over.addEventListener('click', onClick);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 260 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.over.removeEventListener('click', onClick);
      plot.destroy();
      plotRef.current = null;
    };
  }, [points, series, scheme]);

  if (points.length === 0) {
    return <p className="card-body muted">No complete snapshot yet: take one with “Snapshot now” and its headline counts appear here.</p>;
  }
  const first = selected === null ? undefined : points[selected];
  return (
    <div className="timeline">
      <p className="timeline-hint muted" role="status">
        {first
          ? `Snapshot #${first.seq} selected: choose another to compare the two.`
          : points.length < 2
            ? 'One snapshot so far: a second one makes a line to compare.'
            : 'Click a point, then another, to compare two snapshots.'}
      </p>
      <div
        ref={holder}
        className="timeline-plot"
        role="img"
        aria-label={`Headline counts of ${sourceName} over ${points.length} snapshots`}
      />
      <ul className="timeline-legend" aria-label="Series">
        {series.map((s, i) => (
          <li key={s.key}>
            <span className="timeline-swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
            {s.label}
            {!TOTALS.has(s.key) && <span className="muted"> (right axis, dashed)</span>}
          </li>
        ))}
      </ul>
      <div className="table-wrap timeline-points">
        <table className="data" aria-label={`Headline counts per snapshot of ${sourceName}`}>
          <thead>
            <tr>
              <th scope="col">Snapshot</th>
              <th scope="col">Finished</th>
              {series.map((s) => (
                <th scope="col" className="num" key={s.key}>
                  {SHORT[s.key] ? <abbr title={s.label}>{SHORT[s.key]}</abbr> : s.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...points.keys()].reverse().map((i) => {
              const p = points[i];
              if (!p) return null;
              return (
                <tr key={p.snapshotId} className={selected === i ? 'row-selected' : undefined}>
                  <th scope="row" className="nowrap">
                    #{p.seq} <span className="muted">(id {p.snapshotId})</span>
                  </th>
                  <td className="nowrap">{formatTime(p.at)}</td>
                  {series.map((s) => (
                    <td className="num" key={s.key}>
                      {p.values[s.key] ?? '—'}
                    </td>
                  ))}
                  <td>
                    <button type="button" className="button-secondary button-small" aria-pressed={selected === i} onClick={() => choose(i)}>
                      {selected === null || selected === i ? `Select #${p.seq}` : `Compare with #${p.seq}`}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
