import type { SnapshotSummary } from '../../lib/core/snapshot/types';
import { formatTime } from '../format';

/** Which snapshot a page shows, in one muted line. */
export function SnapshotLine({ snapshot }: { snapshot: SnapshotSummary }) {
  return (
    <p className="page-lede">
      {snapshot.sourceName}, snapshot #{snapshot.seq} (id {snapshot.id}), {snapshot.status}, finished {formatTime(snapshot.finishedAt)}
      {snapshot.missingKinds.length > 0 && <> · lacks {snapshot.missingKinds.map((m) => m.kind).join(', ')}</>}
    </p>
  );
}
