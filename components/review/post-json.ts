// One fetch for the review actions (JSON in, JSON out, the server's message on failure), and the
// sources panels' reading of an answer. Every API error is the one envelope, read by ../api-error.ts.
import { apiFetch } from '../api-fetch';
import { readApiError, type ApiError } from '../api-error';

export async function sendJson<T>(url: string, method: 'POST' | 'PUT', body: unknown): Promise<T> {
  const response = await apiFetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(readApiError(json)?.message ?? `HTTP ${response.status}`);
  return json as T;
}

/** A refused request, as the sources panels show it: the envelope's error (its param marks the field). */
export interface Refused {
  ok: false;
  error: ApiError;
}

function refused(message: string): Refused {
  return { ok: false, error: { code: 'internal', param: null, message } };
}

/**
 * A JSON answer of the sources API ({ok: true, ...}), or its refusal. An error status without the
 * envelope, or an answer that is not JSON, is a refusal saying what the server answered.
 */
export async function readAnswer<T>(response: Response): Promise<T | Refused> {
  const json: unknown = await response.json().catch(() => null);
  const error = readApiError(json);
  if (error) return { ok: false, error };
  if (json === null || typeof json !== 'object') return refused(`the server answered ${response.status} without a JSON body`);
  if (!response.ok) return refused(`the server answered ${response.status}`);
  return json as T;
}

/** Sends a JSON body and reads the answer as readAnswer does (the field a refusal names stays marked). */
export async function sendForAnswer<T>(url: string, method: 'POST' | 'PUT' | 'DELETE', body: unknown): Promise<T | Refused> {
  return readAnswer<T>(await apiFetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}
