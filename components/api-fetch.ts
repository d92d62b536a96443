// The one fetch for the dashboard's state-changing API calls. The server refuses a POST, PUT or
// DELETE made with the session cookie unless it carries the page's CSRF token (rendered by
// app/layout.tsx as <meta name="csrf-token">) in this header.

export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function csrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? null;
}

/** fetch, adding the CSRF header to anything but GET and HEAD; the caller's headers and body are kept as given. */
export function apiFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  if (SAFE_METHODS.has(method)) return fetch(input, init);
  const headers = new Headers(init.headers);
  const token = csrfToken();
  if (token) headers.set(CSRF_HEADER, token);
  return fetch(input, { ...init, headers });
}
