import type { Metadata } from 'next';
import Link from 'next/link';
import { formatTime } from '../../components/format';
import { StartReviewForm, type SourcePeriod } from '../../components/review/start-review-form';
import '../../components/review/review.css';
import { usableSnapshots } from '../../lib/server/drift';
import { defaultReviewPeriod, listReviews } from '../../lib/server/reviews';
import { pageStore } from '../../lib/server/auth/page-access';

export const metadata: Metadata = { title: 'Reviews' };
export const dynamic = 'force-dynamic';

async function sourcePeriods(): Promise<SourcePeriod[]> {
  const store = await pageStore();
  const out: SourcePeriod[] = [];
  for (const source of await store.listSources()) {
    const snapshots = await usableSnapshots(store, source);
    if (snapshots.length === 0) continue;
    const period = await defaultReviewPeriod(store, source.name);
    out.push({
      source: source.name,
      snapshots: snapshots.map((s) => ({ id: s.id, label: `#${s.id} · ${formatTime(s.startedAt)}` })),
      defaultFrom: period.from.id,
      defaultTo: period.to.id,
      reason: period.reason,
    });
  }
  return out;
}

export default async function ReviewsPage() {
  const store = await pageStore();
  const [reviews, periods] = await Promise.all([listReviews(store), sourcePeriods()]);
  return (
    <>
      <h1>Reviews</h1>
      <p className="page-lede">
        A review covers a period of one source&apos;s drift: the findings gained and resolved, highest severity first, and every permission
        gained or lost, by subject, highest impact first. Mark each change, then sign the review off; the next review starts where it ended.
      </p>
      <section className="card">
        <div className="card-header">
          <h2>Start a review</h2>
        </div>
        <div className="card-body">
          <StartReviewForm periods={periods} />
        </div>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Past and open reviews</h2>
        </div>
        <div className="card-body table-wrap">
          {reviews.length === 0 ? (
            <p className="muted">No review yet.</p>
          ) : (
            <table className="data">
              <caption className="visually-hidden">Reviews, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Review</th>
                  <th scope="col">Source</th>
                  <th scope="col">Snapshots</th>
                  <th scope="col">Started</th>
                  <th scope="col">Marked</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {reviews.map(({ review, sourceName, total, marked }) => (
                  <tr key={review.id}>
                    <th scope="row">
                      <Link href={`/reviews/${review.id}`}>Review {review.id}</Link>
                    </th>
                    <td>{sourceName}</td>
                    <td className="nowrap">
                      #{review.fromSnapshotId} → #{review.toSnapshotId}
                    </td>
                    <td className="nowrap">
                      {formatTime(review.createdAt)} by {review.createdBy}
                    </td>
                    <td className="num">
                      {marked} / {total}
                    </td>
                    <td>
                      {review.status === 'open' ? (
                        <span className="badge badge-running">open</span>
                      ) : (
                        <span className="badge badge-complete">
                          signed off by {review.signedOffBy} {formatTime(review.signedOffAt)}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
    </>
  );
}
