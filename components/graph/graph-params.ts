// The graph page's state lives in its URL; /api/graph takes the same params, so a view is a
// link and the API call for it is the same query string.
import type { GraphViewName } from '../../lib/server/graph';

export type { GraphViewName };

export const WHO_CAN_FIELDS = [
  'verb',
  'resource',
  'apiGroup',
  'subresource',
  'name',
  'namespace',
  'allNamespaces',
  'nonResourceURL',
] as const;

/** Sorted keys, blank values dropped: one string per view, the react-query key. */
export function canonicalSearch(params: URLSearchParams): string {
  const entries = [...params.entries()].filter(([, v]) => v.trim() !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

export function viewOf(params: URLSearchParams): GraphViewName {
  const view = params.get('view');
  if (view === 'neighborhood' || view === 'whole' || view === 'who-can') return view;
  return params.get('focus') ? 'neighborhood' : 'whole';
}

/** The same view with some params replaced (null removes one). */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** The query that expands one node: one step out, with the page's source, snapshot and filters. */
export function expansionSearch(params: URLSearchParams, nodeId: string): string {
  const keep = ['source', 'snapshot', 'namespace', 'kinds', 'hideSystem'];
  const next = new URLSearchParams();
  for (const key of keep) {
    const value = params.get(key);
    if (value) next.set(key, value);
  }
  next.set('view', 'neighborhood');
  next.set('focus', nodeId);
  next.set('depth', '1');
  return canonicalSearch(next);
}
