// The Subjects page of a cloud-account source, from what app/subjects/load-cloud-subjects.ts read
// for it: its users, groups and roles, filtered by name.
import type { SnapshotSummary } from '../../lib/core/snapshot/types';
import type { CloudPrincipalRow } from '../../lib/server/cloud-subjects';
import { SnapshotLine } from '../overview/snapshot-line';
import { CloudPrincipalsTable } from './cloud-principals-table';

export function CloudSubjects({
  source,
  snapshot,
  rows,
  q,
}: {
  source: string;
  snapshot: SnapshotSummary;
  rows: CloudPrincipalRow[];
  q: string;
}) {
  return (
    <>
      <h1>Subjects</h1>
      <SnapshotLine snapshot={snapshot} />
      <form method="get" className="toolbar" aria-label="Filter principals">
        <input type="hidden" name="source" value={source} />
        <div className="field">
          <label htmlFor="cloud-q">Name contains</label>
          <input id="cloud-q" name="q" defaultValue={q} />
        </div>
        <button type="submit" className="button-secondary">
          Filter
        </button>
      </form>
      <CloudPrincipalsTable source={source} rows={rows} q={q} />
    </>
  );
}
