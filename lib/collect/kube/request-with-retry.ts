import 'server-only';
// One API request with a small, bounded retry for answers that say "try again" (429, 5xx).
// Everything else is returned at once for the caller to decide.

import { classifyError, type RequestContext, type RequestFailure } from './classify-error';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff; doubles on each retry unless the server sent Retry-After. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 500 };

/** A failure that is not worth retrying (or no longer). */
export type FinalFailure = Exclude<RequestFailure, { type: 'retryable' }>;

export type RequestOutcome<T> = { ok: true; value: T } | { ok: false; failure: FinalFailure };

export async function requestWithRetry<T>(
  call: () => Promise<T>,
  ctx: RequestContext,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<RequestOutcome<T>> {
  for (let attempt = 0; ; attempt += 1) {
    let failure: RequestFailure;
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      failure = classifyError(error, ctx);
    }
    if (failure.type !== 'retryable') return { ok: false, failure };
    if (attempt >= policy.retries) {
      const tries = attempt + 1;
      const message = `${failure.error.message} (${tries} ${tries === 1 ? 'attempt' : 'attempts'})`;
      return { ok: false, failure: { type: 'fatal', error: { ...failure.error, message } } };
    }
    await sleep(failure.retryAfterMs ?? policy.baseDelayMs * 2 ** attempt);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
