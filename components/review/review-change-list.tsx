// The changes of a review, grouped by subject (highest impact first), then the object changes
// that moved no permission. Server-rendered; only the mark controls are client components.
import type { FrozenChanges } from '../../lib/server/reviews';
import { MarkControl, type MarkValue } from './mark-control';

const SHOWN_GRANTS = 8;

function Grants({ grants }: { grants: string[] }) {
  const shown = grants.slice(0, SHOWN_GRANTS);
  const rest = grants.slice(SHOWN_GRANTS);
  return (
    <>
      <ul className="review-grants">
        {shown.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>{rest.length} more</summary>
          <ul className="review-grants">
            {rest.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

interface Props {
  reviewId: number;
  changes: FrozenChanges;
  marks: Map<string, MarkValue>;
  closed: boolean;
}

export function ReviewChangeList({ reviewId, changes, marks, closed }: Props) {
  if (changes.subjects.length === 0 && changes.objects.length === 0) {
    return <p className="empty-state">Nothing changed between these snapshots.</p>;
  }
  return (
    <>
      {changes.subjects.map((s) => (
        <section key={s.label} className="card review-subject" aria-label={s.label}>
          <div className="card-header">
            <h2>{s.label}</h2>
          </div>
          <div className="card-body">
            {s.items.map((item) => {
              const label = `${s.label} ${item.direction} ${item.grants[0] ?? ''}${item.grants.length > 1 ? ` and ${item.grants.length - 1} more` : ''}`;
              return (
                <article key={item.key} className="review-item">
                  <div className="review-item-head">
                    <span className={`badge direction-${item.direction}`}>{item.direction}</span>
                    <span>{item.grants.length === 1 ? '1 grant' : `${item.grants.length} grants`}</span>
                    {item.impact.map((i) => (
                      <span key={i} className="badge impact-tag">
                        {i}
                      </span>
                    ))}
                  </div>
                  <Grants grants={item.grants} />
                  <p className="review-causes">because {item.causes.join('; ') || 'no single object change explains it'}</p>
                  <MarkControl reviewId={reviewId} changeKey={item.key} label={label} mark={marks.get(item.key) ?? null} closed={closed} />
                </article>
              );
            })}
          </div>
        </section>
      ))}
      {changes.objects.length > 0 && (
        <section className="card review-subject" aria-label="Objects without a permission effect">
          <div className="card-header">
            <h2>Objects without a permission effect</h2>
          </div>
          <div className="card-body">
            {changes.objects.map((o) => (
              <article key={o.key} className="review-item">
                <div className="review-item-head">
                  <span className="badge badge-neutral">{o.status}</span>
                  <span className="mono">{o.label}</span>
                </div>
                {o.changes.length > 0 && <Grants grants={o.changes} />}
                <MarkControl
                  reviewId={reviewId}
                  changeKey={o.key}
                  label={`${o.label} ${o.status}`}
                  mark={marks.get(o.key) ?? null}
                  closed={closed}
                />
              </article>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
