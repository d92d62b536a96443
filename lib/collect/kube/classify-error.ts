import 'server-only';
// Sorts whatever a client-node call threw into what the collector does next: give up on one
// kind (403, 404), restart a list (410), retry (429, 5xx), or fail the whole collection with
// a message that names the server URL and what was being read.
//
// Messages are stored with the snapshot and shown on the dashboard, and the server may be one a
// dashboard user chose, so they quote nothing the server or the kubeconfig supplied except the
// `message` of a real metav1.Status (an API server's reason for a 403 is worth showing), and
// never the text of an error thrown while preparing a request: that can hold the token (node-fetch
// quotes an illegal header value whole) or a plugin's output.

import { ApiException } from '@kubernetes/client-node';
import type { CollectError } from '../../core/snapshot/types';
import { TargetRefusedError } from '../net/target-guard';

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

/** Longest Status message quoted in an error; real ones are short. */
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
  // The outbound-address rule refused the server: its words name the host and the variable that allows it.
  if (error instanceof TargetRefusedError) return fatal('bad-config', `${ctx.what}: refused to connect to ${ctx.url}: ${error.message}`);
  const code = systemCode(error);
  if (code !== undefined && isSpawnError(error)) {
    return fatal(
      'bad-config',
      `${ctx.what}: could not prepare the request to ${ctx.url}: the kubeconfig's exec credential plugin could not be started (${code})`,
    );
  }
  const preparing =
    code === undefined
      ? undefined
      : (PREPARE_CODES[code] ?? (code.startsWith('ERR_OSSL_') ? "the kubeconfig's certificate or key could not be used" : undefined));
  if (preparing !== undefined)
    return fatal('bad-config', `${ctx.what}: could not prepare the request to ${ctx.url}: ${preparing} (${code})`);
  if (code !== undefined) {
    const words = NETWORK_CODES[code] ?? (isTlsCode(code) ? 'TLS certificate not accepted' : 'network error');
    return fatal('network', `${ctx.what}: cannot reach ${ctx.url}: ${words} (${code})`);
  }
  if (error instanceof SyntaxError) {
    return fatal('server', `${ctx.what} at ${ctx.url}: the response is not valid JSON (is this a Kubernetes API server?)`);
  }
  // Anything else failed before a request went out: an exec credential plugin, a token file,
  // a client certificate, an http:// server without insecure-skip-tls-verify.
  return fatal('bad-config', `${ctx.what}: could not prepare the request to ${ctx.url}: ${describePreparation(error)}`);
}

/** Codes of errors thrown while reading what the kubeconfig names (a token file, a certificate file). */
const PREPARE_CODES: Readonly<Record<string, string>> = {
  ENOENT: 'a file the kubeconfig names does not exist',
  EACCES: 'a file the kubeconfig names is not readable',
  EPERM: 'a file the kubeconfig names is not readable',
  EISDIR: 'a file the kubeconfig names is a folder',
  ERR_INVALID_CHAR: "the kubeconfig's credentials could not be used: invalid header value",
};

/**
 * A fixed description of an error thrown before the request went out. Only messages client-node
 * or node-fetch write themselves, with no value in them, are recognised; the rest are named by
 * kind alone.
 */
function describePreparation(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/ is not a legal HTTP header (value|name)$/.test(message))
    return "the kubeconfig's credentials could not be used: invalid header value (a line break in the token?)";
  if (message.startsWith('HTTP protocol is not allowed')) return 'an http:// server needs insecure-skip-tls-verify: true';
  if (message === 'Unsupported proxy type') return "the kubeconfig's proxy-url is not supported";
  if (message.startsWith('No command was specified')) return "the kubeconfig's exec credential plugin names no command";
  // An exec plugin that exited non-zero rejects with its stderr as the message: never quoted.
  const kind = error instanceof Error ? error.name : typeof error;
  return `the kubeconfig's credentials could not be used (${kind}; an exec credential plugin that failed, or a credential in an unexpected form)`;
}

function isSpawnError(error: unknown): boolean {
  return error instanceof Error && 'syscall' in error && typeof error.syscall === 'string' && error.syscall.startsWith('spawn');
}

function classifyStatus(status: number, body: unknown, headers: Record<string, string>, ctx: RequestContext): RequestFailure {
  const message = serverMessage(body);
  const said = message === '' ? '' : `: ${message}`;
  if (status === 401) {
    return fatal(
      'unauthorized',
      `${ctx.what} at ${ctx.url}: 401 Unauthorized: the server rejected the credentials (expired or invalid)${said}`,
    );
  }
  if (status === 403) return { type: 'forbidden', reason: `403 Forbidden ${ctx.what} at ${ctx.url}${said}` };
  if (status === 404) return { type: 'not-found', reason: `404 Not Found ${ctx.what} at ${ctx.url}${said}` };
  // 410 on a list means the continue token expired (k8s.io/apiserver: "The provided continue parameter is too old").
  if (status === 410) return { type: 'gone' };
  const error: CollectError = { code: 'server', message: `${ctx.what} at ${ctx.url}: HTTP ${status}${said}` };
  if (status === 429 || status >= 500) return { type: 'retryable', error, retryAfterMs: retryAfter(headers) };
  return { type: 'fatal', error };
}

/**
 * The `message` of a metav1.Status body (kind Status, a string message), on one line and
 * truncated; '' for anything else, which is never quoted (an HTML page, another service's answer).
 */
function serverMessage(body: unknown): string {
  let parsed: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return '';
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return '';
  const status = parsed as { kind?: unknown; message?: unknown };
  if (status.kind !== 'Status' || typeof status.message !== 'string') return '';
  return truncate(oneLine(status.message));
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

/** Control characters and line breaks become spaces: the message is shown on one line. */
function oneLine(text: string): string {
  let out = '';
  for (const ch of text) out += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  return out.replace(/ {2,}/g, ' ').trim();
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

function fatal(code: CollectError['code'], message: string): RequestFailure {
  return { type: 'fatal', error: { code, message } };
}
