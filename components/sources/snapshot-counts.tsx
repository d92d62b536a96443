import type { SnapshotSummary } from '../../lib/core/snapshot/types';

/** Every kind a snapshot counted, cluster or cloud, in a compact line. */
export function SnapshotCounts({ counts }: { counts: SnapshotSummary['counts'] }) {
  const entries = Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number');
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="kind-counts">
      {entries.map(([kind, n]) => (
        <span key={kind} className={n === 0 ? 'muted' : undefined}>
          {kind} <strong>{n}</strong>
        </span>
      ))}
    </span>
  );
}
