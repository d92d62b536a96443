import type { MissingKind, SnapshotStatus } from '../lib/core/snapshot/types';

const LABELS: Record<SnapshotStatus, string> = {
  complete: 'complete',
  partial: 'partial',
  failed: 'failed',
  running: 'running',
};

export function StatusBadge({ status }: { status: SnapshotStatus }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}

/** The badge plus why: the kinds a partial snapshot lacks, or a failed one's error. */
export function SnapshotStatusCell({
  status,
  missingKinds,
  error,
}: {
  status: SnapshotStatus;
  missingKinds: MissingKind[];
  error: string | null;
}) {
  return (
    <>
      <StatusBadge status={status} />
      {missingKinds.length > 0 && (
        <span className="status-detail">
          missing:{' '}
          {missingKinds.map((m, i) => (
            <span key={m.kind}>
              {i > 0 && ', '}
              <strong>{m.kind}</strong> ({m.reason})
            </span>
          ))}
        </span>
      )}
      {status === 'failed' && error && <span className="status-detail">{error}</span>}
    </>
  );
}
