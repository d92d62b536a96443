import 'server-only';
// The one wrapper every route handler in app/api goes through (dub's withWorkspace shape): it runs
// the request guard, bounds and parses the body, checks the query and route parameters, answers a
// thrown refusal in the error envelope and turns an unexpected throw into a JSON 500. Sign-in will
// go here too, so it stays small.
import type { NextRequest } from 'next/server';
import { SecretKeyError } from '../secret-box';
import { currentHostPolicy } from './allowed-hosts';
import { refusal, refusalOf, refusalResponse, type HttpRefusal } from './http-error';
import { parseJsonBody, parseMultipartBody, readBodyBytes } from './read-body';
import { checkJsonType, checkMultipartType, guardRequest } from './request-guard';
import { applySecurityHeaders } from './security-headers';

/** JSON bodies are small (a review mark, a schedule, a webhook). Kept below next.config.ts's
 * proxyClientMaxBodySize, so a body the proxy truncated at that size is refused here, not parsed. */
export const JSON_BODY_LIMIT = 64 * 1024;
/** No query or route parameter of this API is longer; a longer one is refused, naming it. */
export const MAX_PARAM_LENGTH = 1000;

type RouteParams = Record<string, string>;
interface RouteContext<P> {
  params: Promise<P>;
}
export type RouteHandler<P> = (request: NextRequest, context: RouteContext<P>) => Promise<Response>;

export interface RouteInput<P, B> {
  request: NextRequest;
  /** Route parameters, as Next decoded them. */
  params: P;
  query: URLSearchParams;
  body: B;
}

type BodyOptions = { body: 'json'; maxBytes?: number } | { body: 'multipart'; maxBytes: number } | { body?: 'none' };

export function withRoute<P extends RouteParams = RouteParams>(
  handler: (input: RouteInput<P, undefined>) => Promise<Response>,
  options?: { body?: 'none' },
): RouteHandler<P>;
export function withRoute<P extends RouteParams = RouteParams>(
  handler: (input: RouteInput<P, unknown>) => Promise<Response>,
  options: { body: 'json'; maxBytes?: number },
): RouteHandler<P>;
export function withRoute<P extends RouteParams = RouteParams>(
  handler: (input: RouteInput<P, FormData>) => Promise<Response>,
  options: { body: 'multipart'; maxBytes: number },
): RouteHandler<P>;
export function withRoute<P extends RouteParams>(
  handler: (input: RouteInput<P, never>) => Promise<Response>,
  options: BodyOptions = {},
): RouteHandler<P> {
  return async (request, context) => {
    let response: Response;
    try {
      response = await run(request, context, options, handler as (input: RouteInput<P, unknown>) => Promise<Response>);
    } catch (error) {
      // A refusal (a QuestionError, or an HttpError with an edge code) is an answer, not a failure:
      // its code picks the status (one table, http-error.ts).
      response = refusalResponse(refusalOf(error) ?? describeFailure(request, error));
    }
    return withSecurityHeaders(response);
  };
}

async function run<P extends RouteParams>(
  request: NextRequest,
  context: RouteContext<P>,
  options: BodyOptions,
  handler: (input: RouteInput<P, unknown>) => Promise<Response>,
): Promise<Response> {
  const hosts = currentHostPolicy();
  if (!hosts.ok) return refusalResponse(refusal('internal', hosts.variable, hosts.message));
  const kind = options.body ?? 'none';
  const refused =
    guardRequest(request.method, request.headers, hosts.policy) ??
    (kind === 'json' ? checkJsonType(request.headers) : kind === 'multipart' ? checkMultipartType(request.headers) : null) ??
    checkQuery(request.nextUrl.searchParams);
  if (refused) return refusalResponse(refused);
  // Next passes params that resolve to undefined on a route without dynamic segments.
  const raw: P | undefined = await context.params;
  const params = checkParams(raw ?? ({} as P));
  if (!params.ok) return refusalResponse(params.refusal);
  const input = { request, params: params.value, query: request.nextUrl.searchParams };
  if (kind === 'none') return handler({ ...input, body: undefined });
  const maxBytes = 'maxBytes' in options && options.maxBytes !== undefined ? options.maxBytes : JSON_BODY_LIMIT;
  const bytes = await readBodyBytes(request, maxBytes);
  // No `Connection: close`: closing a socket with the rest of the upload unread makes the kernel reset
  // it, and a client still sending sees EPIPE instead of this 413 (RFC 9112 section 9.6). Left open, the
  // client reads the refusal and stops; the unread rest is never buffered here.
  if (!bytes.ok) return refusalResponse(bytes.refusal);
  const body =
    kind === 'json' ? parseJsonBody(bytes.chunks) : await parseMultipartBody(bytes.chunks, request.headers.get('content-type') ?? '');
  if (!body.ok) return refusalResponse(body.refusal);
  return handler({ ...input, body: body.value });
}

function checkQuery(query: URLSearchParams): HttpRefusal | null {
  for (const [name, value] of query) {
    if (value.length > MAX_PARAM_LENGTH || name.length > MAX_PARAM_LENGTH) {
      return refusal('invalid', name.slice(0, 100), `${name.slice(0, 100)} is longer than ${MAX_PARAM_LENGTH} characters`);
    }
  }
  return null;
}

/**
 * Next hands route parameters over already decoded (decoding them again would turn a name's `%25`
 * into `%`), and refuses a path that does not decode before any handler runs: proxy.ts answers it
 * with 400 (checkPathEncoding). What is left here is the length limit.
 */
function checkParams<P extends RouteParams>(params: P): { ok: true; value: P } | { ok: false; refusal: HttpRefusal } {
  for (const [name, value] of Object.entries(params)) {
    if (value.length > MAX_PARAM_LENGTH)
      return { ok: false, refusal: refusal('invalid', name, `${name} is longer than ${MAX_PARAM_LENGTH} characters`) };
  }
  return { ok: true, value: params };
}

/** What failed, without internals: the key error names its variable and holds no secret; anything else goes to the log. */
function describeFailure(request: NextRequest, error: unknown): HttpRefusal {
  const what = `${request.method} ${request.nextUrl.pathname}`;
  if (error instanceof SecretKeyError) return refusal('internal', null, `${what} failed: ${error.message}`);
  console.error(`${what} failed:`, error);
  return refusal('internal', null, `${what} failed on the server; the server log has the details`);
}

/** The proxy adds these to what it sees; routes it does not see (the uploads) get them here. */
function withSecurityHeaders(response: Response): Response {
  if (response.headers.has('content-security-policy')) return response;
  const headers = new Headers(response.headers);
  applySecurityHeaders(headers);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
