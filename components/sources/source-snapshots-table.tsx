import Link from 'next/link';
import type { SnapshotSummary } from '../../lib/core/snapshot/types';
import { formatTime, shortDigest } from '../format';
import { SnapshotStatusCell } from '../status-badge';
import { SnapshotCounts } from './snapshot-counts';

/** Uploaded files live under the data directory; their folder says nothing the source name does not. */
export function shortOrigin(origin: string): string {
  const short = origin.replace(/\/[^\s,]*\/uploads\/[^/\s,]+\//g, '');
  return short.length > 160 ? `${short.slice(0, 157)}…` : short;
}

function isUsable(s: SnapshotSummary): boolean {
  return s.status === 'complete' || s.status === 'partial';
}

/** Every snapshot of one source, newest first: failed ones too, with their reason. */
export function SourceSnapshotsTable({
  sourceName,
  kind,
  snapshots,
}: {
  sourceName: string;
  kind: 'cluster' | 'cloud-account';
  snapshots: SnapshotSummary[];
}) {
  if (snapshots.length === 0) return <p className="card-body muted">No snapshots yet. Use “Snapshot now” above to take the first one.</p>;
  const usable = snapshots.filter(isUsable);
  const source = encodeURIComponent(sourceName);
  return (
    <div className="table-wrap">
      <table className="data" aria-label={`Snapshots of ${sourceName}`}>
        <thead>
          <tr>
            <th scope="col">Snapshot</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Objects</th>
            <th scope="col">Digest</th>
            <th scope="col">Origin</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => {
            const previous = isUsable(s) ? usable[usable.indexOf(s) + 1] : undefined;
            return (
              <tr key={s.id}>
                <th scope="row" className="nowrap">
                  {s.seq !== null ? `#${s.seq}` : '—'} <span className="muted">(id {s.id})</span>
                </th>
                <td>
                  <SnapshotStatusCell status={s.status} missingKinds={s.missingKinds} error={s.error} />
                </td>
                <td className="nowrap">{formatTime(s.startedAt)}</td>
                <td className="nowrap">{formatTime(s.finishedAt)}</td>
                <td>{isUsable(s) ? <SnapshotCounts counts={s.counts} /> : <span className="muted">—</span>}</td>
                <td>
                  <code title={s.digest ?? undefined}>{shortDigest(s.digest)}</code>
                </td>
                <td className="muted origin-cell" title={s.origin}>
                  {shortOrigin(s.origin)}
                </td>
                <td className="nowrap">
                  {isUsable(s) && kind === 'cluster' && (
                    <Link href={`/who-can?source=${source}&snapshot=${s.id}`} aria-label={`Ask who can of snapshot #${s.seq}`}>
                      Who can…
                    </Link>
                  )}
                  {previous && (
                    <>
                      {' · '}
                      <Link
                        href={`/sources/${source}/diff?from=${previous.id}&to=${s.id}`}
                        aria-label={`Changes from #${previous.seq} to #${s.seq}`}
                      >
                        Changes
                      </Link>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
