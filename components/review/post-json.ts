// One fetch for the review actions: JSON in, JSON out, the server's error message on failure.

/**
 * The message of an error answer in either envelope: the route's own {error: "text", param?} or the
 * request guard's {error: {code, param, message}} (lib/server/http/http-error.ts); null when it is neither.
 */
export function errorOf(json: unknown): { message: string; param?: string } | null {
  if (json === null || typeof json !== 'object' || !('error' in json)) return null;
  const error = json.error;
  const param = 'param' in json && typeof json.param === 'string' ? json.param : undefined;
  if (typeof error === 'string') return { message: error, param };
  if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return { message: error.message, param: 'param' in error && typeof error.param === 'string' ? error.param : undefined };
  }
  return null;
}

export async function sendJson<T>(url: string, method: 'POST' | 'PUT', body: unknown): Promise<T> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorOf(json)?.message ?? `HTTP ${response.status}`);
  return json as T;
}

/**
 * A JSON answer of the sources API ({ok, ...} or {ok: false, param?, error}); an answer in the
 * guard's envelope, or none at all, becomes {ok: false, param?, error} with its message.
 */
export async function readAnswer<T>(response: Response): Promise<T | { ok: false; param?: string; error: string }> {
  const json: unknown = await response.json().catch(() => null);
  if (json === null || typeof json !== 'object') return { ok: false, error: `the server answered ${response.status} without a JSON body` };
  if ('error' in json && json.error !== null && typeof json.error === 'object') {
    const error = errorOf(json);
    return { ok: false, param: error?.param, error: error?.message ?? `the server answered ${response.status}` };
  }
  return json as T;
}
