import 'server-only';
// Sorts what an Alibaba Cloud SDK call threw into what the RAM collector does next. The SDKs throw
// errors that carry the API's `Code` and the HTTP status (openapi-core ClientError/ServerError/
// ThrottlingError, tea ResponseError), httpx timeouts, node socket errors, or plain Errors from the
// credential providers. Codes are from the RAM and STS error centres (api.aliyun.com/document/Ram/2015-05-01/errorCode).

import type { CollectError } from '../../core/snapshot/types';

export interface RamCallContext {
  /** `https://ram.aliyuncs.com`. */
  endpoint: string;
  /** The API action, e.g. `ListUsers`, and what it was about (`user alice`). */
  action: string;
  subject?: string;
  timeoutMs: number;
}

export type RamFailure =
  | { type: 'forbidden'; reason: string }
  /** EntityNotExist.* (or ACK's ErrorClusterNotFound): the caller decides (no login profile, no MFA device, a deleted policy or cluster). */
  | { type: 'not-found'; code: string }
  | { type: 'retryable'; error: CollectError; retryAfterMs: number | undefined }
  | { type: 'fatal'; error: CollectError };

const MAX_QUOTED = 300;

/** Bad or expired credentials: the whole collection is untrustworthy. */
const UNAUTHORIZED =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSecurityToken|IncompleteSignature|InvalidAccessKeySecret|SecurityTokenExpired|InvalidCredentials|Unauthorized)/;
/** The caller is authenticated but RAM says no to this action. */
const FORBIDDEN = /^(NoPermission|Forbidden|AccessDenied|NotAuthorized)/;

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

export function classifyRamError(error: unknown, ctx: RamCallContext): RamFailure {
  const what = `${ctx.action}${ctx.subject ? ` (${ctx.subject})` : ''} at ${ctx.endpoint}`;
  const fields = errorFields(error);
  const said = fields.message ? `: ${truncate(fields.message)}` : '';
  if (fields.name === 'RequestTimeoutError') return fatal('timeout', `${what}: no complete response within ${ctx.timeoutMs} ms`);
  const network = fields.code ? NETWORK_CODES[fields.code] : undefined;
  if (network !== undefined) return fatal('network', `${what}: cannot reach the endpoint: ${network} (${fields.code})`);
  if (fields.statusCode === undefined) {
    if (fields.code && UNAUTHORIZED.test(fields.code))
      return fatal('unauthorized', `${what}: no usable credentials (${fields.code})${said}`);
    if (error instanceof SyntaxError) return fatal('server', `${what}: the response is not valid JSON (is this the RAM endpoint?)`);
    // The credential chain failed before any request went out (no env AK, no profile, no ECS role...).
    return fatal('bad-config', `${what}: could not get credentials or send the request${said}`);
  }
  const code = fields.code ?? '';
  const status = fields.statusCode;
  if (UNAUTHORIZED.test(code) || status === 401) {
    return fatal(
      'unauthorized',
      `${what}: the endpoint rejected the credentials (${code || `HTTP ${status}`}; invalid, disabled or expired)${said}`,
    );
  }
  if (FORBIDDEN.test(code) || status === 403) return { type: 'forbidden', reason: `${code || 'HTTP 403'} on ${what}${said}` };
  // ACK answers a cluster id it does not know with ErrorClusterNotFound (HTTP 404).
  if (code.startsWith('EntityNotExist') || code === 'ErrorClusterNotFound') return { type: 'not-found', code };
  const serverError: CollectError = { code: 'server', message: `${what}: HTTP ${status} ${code}${said}` };
  if (code.includes('Throttling') || code === 'ServiceUnavailable' || status === 429 || status >= 500) {
    return { type: 'retryable', error: serverError, retryAfterMs: fields.retryAfterMs };
  }
  return { type: 'fatal', error: serverError };
}

interface ErrorFields {
  name?: string;
  code?: string;
  statusCode?: number;
  message?: string;
  retryAfterMs?: number;
}

/** Duck-typed: openapi-core, openapi-client (tea) and node errors share these field names. */
function errorFields(error: unknown): ErrorFields {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as Record<string, unknown>;
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as Record<string, unknown>) : {};
  const status = Number(record.statusCode ?? data.statusCode);
  const retryAfter = Number(record.retryAfter);
  return {
    name: typeof record.name === 'string' ? record.name : undefined,
    code: typeof record.code === 'string' && record.code !== 'undefined' ? record.code : undefined,
    statusCode: Number.isFinite(status) && status > 0 ? status : undefined,
    message: typeof data.Message === 'string' ? data.Message : typeof record.message === 'string' ? record.message : undefined,
    // x-acs-retry-after, capped like the kube collector caps Retry-After.
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter, 10_000) : undefined,
  };
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

function fatal(code: CollectError['code'], message: string): RamFailure {
  return { type: 'fatal', error: { code, message } };
}
