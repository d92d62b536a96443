import Link from 'next/link';
import { CLUSTER_KINDS, type ClusterKind, type SnapshotSummary } from '../lib/core/snapshot/types';
import { formatTime, shortDigest } from './format';
import { SnapshotStatusCell } from './status-badge';

/** Column headers short enough for a dense table; the full kind is in the tooltip. */
const KIND_ABBR: Record<ClusterKind, string> = {
  Namespace: 'NS',
  ServiceAccount: 'SA',
  Role: 'Role',
  ClusterRole: 'CRole',
  RoleBinding: 'RB',
  ClusterRoleBinding: 'CRB',
  Pod: 'Pod',
  APIResourceList: 'API',
};

function whoCanHref(snapshot: SnapshotSummary): string {
  const params = new URLSearchParams({ source: snapshot.sourceName, snapshot: String(snapshot.id) });
  return `/who-can?${params.toString()}`;
}

export function SnapshotTable({ sourceName, snapshots }: { sourceName: string; snapshots: SnapshotSummary[] }) {
  if (snapshots.length === 0) return <p className="card-body muted">No snapshots yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data" aria-label={`Snapshots of ${sourceName}`}>
        <thead>
          <tr>
            <th scope="col">Snapshot</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            {CLUSTER_KINDS.map((kind) => (
              <th scope="col" key={kind} className="num">
                <abbr title={kind}>{KIND_ABBR[kind]}</abbr>
              </th>
            ))}
            <th scope="col">Digest</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => {
            const isUsable = s.status === 'complete' || s.status === 'partial';
            return (
              <tr key={s.id}>
                <th scope="row" className="nowrap">
                  {/* Only finished collections get a sequence number (0 = none). */}
                  {s.seq !== null ? `#${s.seq}` : '—'} <span className="muted">(id {s.id})</span>
                </th>
                <td>
                  <SnapshotStatusCell status={s.status} missingKinds={s.missingKinds} error={s.error} />
                </td>
                <td className="nowrap">{formatTime(s.startedAt)}</td>
                <td className="nowrap">{formatTime(s.finishedAt)}</td>
                {CLUSTER_KINDS.map((kind) => (
                  <td key={kind} className="num">
                    {s.counts[kind] ?? '—'}
                  </td>
                ))}
                <td>
                  <code title={s.digest ?? undefined}>{shortDigest(s.digest)}</code>
                </td>
                <td className="nowrap">
                  {isUsable && (
                    <Link href={whoCanHref(s)} aria-label={`Ask who can of snapshot #${s.seq}`}>
                      Who can…
                    </Link>
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
