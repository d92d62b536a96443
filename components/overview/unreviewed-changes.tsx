import Link from 'next/link';

/** The count of drift changes nobody has reviewed yet (countUnreviewedChanges of lib/server/reviews). */
export function UnreviewedChanges({ count }: { count: number }) {
  return (
    <p className={`banner overview-banner ${count > 0 ? 'banner-warn' : 'banner-info'}`} role="status">
      <strong>{count}</strong> unreviewed drift {count === 1 ? 'change' : 'changes'} · <Link href="/reviews">Review changes</Link>
    </p>
  );
}
