/** The request's path and query, set by proxy.ts on page requests, so sign-in can bring the visitor back. */
export const PATH_HEADER = 'x-access-atlas-path';
/** Where to send a visitor to sign in and come back here; only a local path is ever a `next`. */
export function signInPath(next: string | null): string {
  const local = next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
  return local === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(local)}`;
}
