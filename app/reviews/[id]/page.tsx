import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FindingsDiffList } from '../../../components/diff/findings-diff-list';
import { formatTime, plural } from '../../../components/format';
import { ReviewChangeList } from '../../../components/review/review-change-list';
import { SignOffForm } from '../../../components/review/sign-off-form';
import type { MarkValue } from '../../../components/review/mark-control';
import '../../../components/review/review.css';
import { getReviewView } from '../../../lib/server/reviews';
import { pageStore } from '../../../lib/server/auth/page-access';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Review ${(await params).id}` };
}

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9][0-9]*$/.test(id)) notFound();
  const view = await getReviewView(await pageStore(), Number(id));
  if (!view) notFound();
  const { review, changes, sourceName } = view;
  const marks = new Map<string, MarkValue>(
    view.marks.map((m) => [m.changeKey, { verdict: m.verdict, note: m.note, markedBy: m.markedBy, markedAt: m.markedAt.toISOString() }]),
  );
  const closed = review.status !== 'open';
  const marked = [...marks.keys()].length;
  const diffHref = `/sources/${encodeURIComponent(sourceName)}/diff?from=${review.fromSnapshotId}&to=${review.toSnapshotId}`;
  return (
    <>
      <h1>Review {review.id}</h1>
      <p className="page-lede">
        <strong>{sourceName}</strong>: snapshot #{changes.from.id} ({formatTime(changes.from.startedAt)}) → snapshot #{changes.to.id} (
        {formatTime(changes.to.startedAt)}). Started {formatTime(review.createdAt)} by {review.createdBy}.{' '}
        <Link href={diffHref}>Full diff</Link>
      </p>
      {closed ? (
        <p className="banner banner-info" role="status">
          Signed off by <strong>{review.signedOffBy}</strong> on {formatTime(review.signedOffAt)}
          {review.signOffComment ? <> · “{review.signOffComment}”</> : null}. This review is closed and reads as it was signed.
        </p>
      ) : null}
      {changes.notices.map((n) => (
        <p key={n} className="banner banner-info" role="note">
          {n}
        </p>
      ))}
      {changes.findings ? (
        <FindingsDiffList findings={changes.findings} sourceName={sourceName} from={changes.from.id} to={changes.to.id} />
      ) : (
        <p className="banner banner-info" role="note">
          This review was started before findings were recorded with reviews; the <Link href={diffHref}>full diff</Link> shows the findings
          gained and resolved.
        </p>
      )}
      <p className="review-progress" role="status" aria-label="Review progress">
        {marked} of {plural(view.total, 'change')} marked
      </p>
      <ReviewChangeList reviewId={review.id} changes={changes} marks={marks} closed={closed} />
      {!closed && (
        <section className="card">
          <div className="card-header">
            <h2>Sign off</h2>
          </div>
          <div className="card-body">
            <SignOffForm reviewId={review.id} unmarked={view.total - marked} />
          </div>
        </section>
      )}
    </>
  );
}
