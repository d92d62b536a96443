// Picks the two snapshots to compare: a plain GET form, so the choice lives in the URL.
export interface SnapshotChoice {
  id: number;
  label: string;
}

export function SnapshotPairForm({
  action,
  snapshots,
  from,
  to,
}: {
  action: string;
  snapshots: SnapshotChoice[];
  from: number;
  to: number;
}) {
  return (
    <form className="query-form" method="get" action={action} aria-label="Choose snapshots">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="diff-from">From snapshot</label>
          <select id="diff-from" name="from" defaultValue={String(from)}>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="diff-to">To snapshot</label>
          <select id="diff-to" name="to" defaultValue={String(to)}>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit">Compare</button>
      </div>
    </form>
  );
}
