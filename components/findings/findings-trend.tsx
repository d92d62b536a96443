import Link from 'next/link';
import { SEVERITIES } from '../../lib/core/findings/types';
import type { FindingsFilter } from '../../lib/server/findings/filter';
import type { TrendPoint } from '../../lib/server/findings/trend';
import { formatTime } from '../format';
import { findingsHref } from './hrefs';
import './findings.css';

function total(point: TrendPoint): number {
  return SEVERITIES.reduce((n, s) => n + point.counts[s], 0);
}

function describe(point: TrendPoint): string {
  const parts = SEVERITIES.filter((s) => point.counts[s] > 0).map((s) => `${point.counts[s]} ${s}`);
  return `snapshot #${point.seq}: ${total(point)} findings${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Counts by severity over the source's last usable snapshots, under the page's filter (severity
 * aside): one stacked bar per snapshot, worst at the bottom, each opening that snapshot's findings.
 * The table under it holds the same numbers for reading and for screen readers.
 */
export function FindingsTrend({
  sourceName,
  points,
  filter,
  currentSnapshotId,
}: {
  sourceName: string;
  points: TrendPoint[];
  filter: FindingsFilter;
  currentSnapshotId: number;
}) {
  if (points.length === 0) return <p className="card-body muted">No usable snapshot to draw a trend from.</p>;
  const max = Math.max(1, ...points.map(total));
  const latest = points[points.length - 1];
  return (
    <div className="trend">
      <div className="trend-bars" role="img" aria-label={`Findings by severity of ${sourceName} over ${points.length} snapshots`}>
        {points.map((p) => (
          <Link
            key={p.snapshotId}
            className="trend-bar"
            href={findingsHref({ ...filter, snapshotId: p.snapshotId === latest?.snapshotId ? undefined : p.snapshotId })}
            title={describe(p)}
            aria-label={describe(p)}
            aria-current={p.snapshotId === currentSnapshotId ? 'true' : undefined}
          >
            {SEVERITIES.map((s) =>
              p.counts[s] > 0 ? (
                <span key={s} className={`trend-seg trend-seg-${s}`} style={{ height: `${(p.counts[s] / max) * 100}%` }} />
              ) : null,
            )}
          </Link>
        ))}
      </div>
      <div className="trend-labels" aria-hidden="true">
        {points.map((p) => (
          <span key={p.snapshotId}>#{p.seq}</span>
        ))}
      </div>
      <ul className="trend-legend" aria-label="Severities">
        {SEVERITIES.map((s) => (
          <li key={s}>
            <span className={`trend-seg trend-seg-${s}`} aria-hidden="true" />
            {s}
          </li>
        ))}
      </ul>
      <details className="section-gap">
        <summary>Counts per snapshot</summary>
        <div className="table-wrap">
          <table className="data" aria-label={`Findings by severity per snapshot of ${sourceName}`}>
            <thead>
              <tr>
                <th scope="col">Snapshot</th>
                <th scope="col">Finished</th>
                {SEVERITIES.map((s) => (
                  <th scope="col" className="num" key={s}>
                    {s}
                  </th>
                ))}
                <th scope="col" className="num">
                  total
                </th>
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((p) => (
                <tr key={p.snapshotId}>
                  <th scope="row" className="nowrap">
                    #{p.seq} <span className="muted">(id {p.snapshotId})</span>
                  </th>
                  <td className="nowrap">{formatTime(p.at)}</td>
                  {SEVERITIES.map((s) => (
                    <td className="num" key={s}>
                      {p.counts[s]}
                    </td>
                  ))}
                  <td className="num">{total(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
