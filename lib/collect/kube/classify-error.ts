import 'server-only';
// Sorts whatever a client-node call threw into what the collector does next: give up on one
// kind (403, 404), restart a list (410), retry (429, 5xx), or fail the whole collection with
// a message that names the server URL and what was being read.

import { ApiException } from '@kubernetes/client-node';
import type { CollectError } from '../../core/snapshot/types';

export interface RequestContext {
  /** Server URL and path, without query (continue tokens are long and say nothing). */
  url: string;
  /** What was being read, e.g. `listing roles.rbac.authorization.k8s.io`. */
  what: string;
  timeoutMs: number;
}

export type RequestFailure =
  | { type: 'forbidden'; reason: string }
  | { type: 'not-found'; reason: string }
  | { type: 'gone' }
  | { type: 'retryable'; error: CollectError; retryAfterMs: number | undefined }
  | { type: 'fatal'; error: CollectError };

/** Longest server message quoted in an error; Status messages are short, HTML error pages are not. */
const MAX_QUOTED = 300;

/** Words for the system error codes node reports for a failed connection. */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

export function classifyError(error: unknown, ctx: RequestContext): RequestFailure {
  if (error instanceof ApiException) return classifyStatus(error.code, error.body, error.headers, ctx);
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') {
    return fatal('timeout', `${ctx.what} at ${ctx.url}: no complete response within ${ctx.timeoutMs} ms`);
  }
  const code = systemCode(error);
  if (code !== undefined) {
    const words = NETWORK_CODES[code] ?? (isTlsCode(code) ? 'TLS certificate not accepted' : 'network error');
    return fatal('network', `${ctx.what}: cannot reach ${ctx.url}: ${words} (${code})`);
  }
  if (error instanceof SyntaxError) {
    return fatal('server', `${ctx.what} at ${ctx.url}: the response is not valid JSON (is this a Kubernetes API server?)`);
  }
  // Anything else failed before a request went out: an exec credential plugin, a token file,
  // a client certificate, an http:// server without insecure-skip-tls-verify.
  const reason = error instanceof Error ? error.message : String(error);
  return fatal('bad-config', `${ctx.what}: could not prepare the request to ${ctx.url}: ${truncate(reason)}`);
}

function classifyStatus(status: number, body: unknown, headers: Record<string, string>, ctx: RequestContext): RequestFailure {
  const message = serverMessage(body);
  const said = message === '' ? '' : `: ${message}`;
  if (status === 401) {
    return fatal('unauthorized', `${ctx.what} at ${ctx.url}: 401 Unauthorized: the server rejected the credentials (expired or invalid)${said}`);
  }
  if (status === 403) return { type: 'forbidden', reason: `403 Forbidden ${ctx.what} at ${ctx.url}${said}` };
  if (status === 404) return { type: 'not-found', reason: `404 Not Found ${ctx.what} at ${ctx.url}${said}` };
  // 410 on a list means the continue token expired (k8s.io/apiserver: "The provided continue parameter is too old").
  if (status === 410) return { type: 'gone' };
  const error: CollectError = { code: 'server', message: `${ctx.what} at ${ctx.url}: HTTP ${status}${said}` };
  if (status === 429 || status >= 500) return { type: 'retryable', error, retryAfterMs: retryAfter(headers) };
  return { type: 'fatal', error };
}

/** The `message` of a metav1.Status body, or the start of whatever else the server sent. */
function serverMessage(body: unknown): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (Buffer.isBuffer(body)) text = body.toString('utf8');
  else if (typeof body === 'object' && body !== null) text = JSON.stringify(body);
  else return '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      return truncate(parsed.message);
    }
  } catch {
    // Not JSON: quote the start of it.
  }
  return truncate(text.trim());
}

/** Retry-After in seconds (the API server sends it with 429 and some 5xx), capped at 10 s. */
function retryAfter(headers: Record<string, string>): number | undefined {
  const value = Number(headers['retry-after']);
  return Number.isFinite(value) && value >= 0 ? Math.min(value, 10) * 1000 : undefined;
}

function systemCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return undefined;
  return error.code;
}

function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/.test(code);
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

function fatal(code: CollectError['code'], message: string): RequestFailure {
  return { type: 'fatal', error: { code, message } };
}
