'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import type { GraphResponse } from '../../lib/server/graph';
import { readApiError } from '../api-error';

/** Query keys for graph views; the canonical search string identifies a view. */
export const graphKeys = {
  all: ['graph'] as const,
  view: (search: string) => [...graphKeys.all, 'view', search] as const,
};

async function fetchGraph(search: string, signal: AbortSignal): Promise<GraphResponse> {
  const response = await fetch(`/api/graph?${search}`, { signal, headers: { accept: 'application/json' } });
  // 4xx carry a message naming the param; anything else is the server's failure.
  if (response.status >= 500 || !response.headers.get('content-type')?.includes('application/json')) {
    throw new Error(`The server could not draw this graph (HTTP ${response.status}). Try again, or check the server log.`);
  }
  const body: unknown = await response.json();
  if (response.ok) return body as GraphResponse;
  const refused = readApiError(body);
  if (!refused) throw new Error(`The server could not draw this graph (HTTP ${response.status}).`);
  return { ok: false, param: refused.param ?? 'query', error: refused.message };
}

/** The view for a canonical search string; the server-rendered one seeds the cache. */
export function useGraph(search: string, initial: { search: string; response: GraphResponse | null }) {
  return useQuery({
    queryKey: graphKeys.view(search),
    queryFn: ({ signal }) => fetchGraph(search, signal),
    initialData: initial.response !== null && initial.search === search ? initial.response : undefined,
  });
}

export interface Expansions {
  graphs: Extract<GraphResponse, { ok: true }>[];
  error: string | null;
  isFetching: boolean;
}

// Module-level, so react-query reruns it (and hands out a new object) only when a result changes.
function combineExpansions(results: { data?: GraphResponse; isFetching: boolean }[]): Expansions {
  const graphs: Expansions['graphs'] = [];
  let error: string | null = null;
  for (const r of results) {
    if (r.data?.ok) graphs.push(r.data);
    else if (r.data) error = r.data.error;
  }
  return { graphs, error, isFetching: results.some((r) => r.isFetching) };
}

/** One query per expanded node (each one step out from it), combined. */
export function useExpansions(searches: readonly string[]): Expansions {
  return useQueries({
    queries: searches.map((search) => ({
      queryKey: graphKeys.view(search),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchGraph(search, signal),
    })),
    combine: combineExpansions,
  });
}
