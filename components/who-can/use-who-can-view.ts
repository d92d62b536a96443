'use client';

import { useQuery } from '@tanstack/react-query';
import type { WhoCanViewResponse } from '../../lib/server/questions/who-can-view';
import { readApiError } from '../api-error';

/** Query keys for who-can answers; the canonical search string identifies the question. */
export const whoCanKeys = {
  all: ['who-can'] as const,
  view: (search: string) => [...whoCanKeys.all, 'view', search] as const,
};

async function fetchWhoCanView(search: string, signal: AbortSignal): Promise<WhoCanViewResponse> {
  const response = await fetch(`/api/who-can/explain?${search}`, { signal, headers: { accept: 'application/json' } });
  // 4xx carry a message naming the field; anything else is the server's failure, not the question's.
  if (response.status >= 500 || !response.headers.get('content-type')?.includes('application/json')) {
    throw new Error(`The server could not answer (HTTP ${response.status}). Try again, or check the server log.`);
  }
  const body: unknown = await response.json();
  if (response.ok) return body as WhoCanViewResponse;
  const refused = readApiError(body);
  if (!refused) throw new Error(`The server could not answer (HTTP ${response.status}).`);
  return { ok: false, field: refused.param ?? 'query', error: refused.message };
}

/**
 * The answer for one canonical search string. The server-rendered answer seeds the cache for
 * the URL the page was loaded with, so the first paint needs no request.
 */
export function useWhoCanView(search: string, enabled: boolean, initial: { search: string; response: WhoCanViewResponse | null }) {
  return useQuery({
    queryKey: whoCanKeys.view(search),
    queryFn: ({ signal }) => fetchWhoCanView(search, signal),
    enabled,
    initialData: initial.response !== null && initial.search === search ? initial.response : undefined,
  });
}
