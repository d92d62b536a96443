import 'server-only';
// Reads a whole collection with limit/continue paging
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks).
// A 410 Gone means the continue token expired: the server can no longer give a consistent
// list, so the listing restarts from the beginning and what was read is thrown away.

import type { RequestContext } from './classify-error';
import { requestWithRetry, type FinalFailure, type RetryPolicy } from './request-with-retry';

export interface Page<T> {
  items: T[];
  /** metadata.continue; absent or '' on the last page. */
  continueToken: string | undefined;
}

export type FetchPage<T> = (continueToken: string | undefined) => Promise<Page<T>>;

/** Restarts after 410 Gone before the listing is given up. */
export const MAX_LIST_RESTARTS = 3;

export type ListOutcome<T> = { ok: true; items: T[]; restarts: number } | { ok: false; failure: Exclude<FinalFailure, { type: 'gone' }> };

export async function listAllPages<T>(fetchPage: FetchPage<T>, ctx: RequestContext, policy?: RetryPolicy): Promise<ListOutcome<T>> {
  for (let restarts = 0; ; restarts += 1) {
    const items: T[] = [];
    let token: string | undefined;
    let gone = false;
    do {
      const page = await requestWithRetry(() => fetchPage(token), ctx, policy);
      if (!page.ok) {
        if (page.failure.type !== 'gone') return { ok: false, failure: page.failure };
        gone = true;
        break;
      }
      for (const item of page.value.items) items.push(item);
      token = page.value.continueToken || undefined;
    } while (token !== undefined);
    if (!gone) return { ok: true, items, restarts };
    if (restarts >= MAX_LIST_RESTARTS) {
      const message = `${ctx.what} at ${ctx.url}: the continue token kept expiring (410 Gone) after ${MAX_LIST_RESTARTS} restarts of the list`;
      return { ok: false, failure: { type: 'fatal', error: { code: 'server', message } } };
    }
  }
}
