// Objects added, removed and changed, with their field-level changes.
import type { ObjectDiff } from '../../lib/core/diff';
import { objectText } from '../../lib/core/diff/describe';

export function ObjectDiffList({ objects }: { objects: ObjectDiff }) {
  const total = objects.added.length + objects.removed.length + objects.changed.length;
  return (
    <section className="card" aria-labelledby="object-diff-title">
      <div className="card-header">
        <h2 id="object-diff-title">
          Objects: {objects.added.length} added, {objects.removed.length} removed, {objects.changed.length} changed
        </h2>
      </div>
      <div className="card-body">
        {total === 0 && <p className="muted">No object changed.</p>}
        {objects.changed.length > 0 && (
          <>
            <h3>Changed</h3>
            <ul>
              {objects.changed.map((c) => (
                <li key={objectText(c)}>
                  <span className="mono">{objectText(c)}</span>
                  <ul>
                    {c.changes.map((x, i) => (
                      <li key={i}>{x.text}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
        {objects.added.length > 0 && (
          <>
            <h3>Added</h3>
            <ul>
              {objects.added.map((r) => (
                <li key={objectText(r)} className="mono">
                  + {objectText(r)}
                </li>
              ))}
            </ul>
          </>
        )}
        {objects.removed.length > 0 && (
          <>
            <h3>Removed</h3>
            <ul>
              {objects.removed.map((r) => (
                <li key={objectText(r)} className="mono">
                  − {objectText(r)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
