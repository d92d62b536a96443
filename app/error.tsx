'use client';

// Unexpected failures (the database is unreachable, a snapshot cannot be read). Expected ones,
// such as a bad question, are answered in the page itself. Production hides the server's
// message; the digest matches the line in the server log.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = typeof error === 'object' && error !== null && 'digest' in error ? String(error.digest) : undefined;
  return (
    <div className="empty-state" role="alert">
      <h2>This page could not be loaded</h2>
      <p>The server failed while reading the store. Check the server log{digest ? ` for error ${digest}` : ''}, then try again.</p>
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
