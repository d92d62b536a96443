import 'server-only';
// The one wrapper every route handler in app/api goes through (dub's withWorkspace shape): it runs
// the request guard, finds the caller (session cookie or API token) and checks the role the route
// requires and, for a cookie-authenticated change, its CSRF token; then bounds and parses the body,
// checks the query and route parameters, answers a thrown refusal in the error envelope and turns an
// unexpected throw into a JSON 500. The handler gets the store as the caller may see it (limited to
// the caller's sources: lib/server/auth/scoped-store.ts).
import type { NextRequest } from 'next/server';
import type { Store } from '../../store';
import { CSRF_HEADER, hasValidCsrfToken, resolveCaller, type Caller } from '../auth/caller';
import { roleAtLeast, type Role } from '../auth/roles';
import { scopedStore } from '../auth/scoped-store';
import { SecretKeyError } from '../secret-box';
import { getStore } from '../store-instance';
import { currentHostPolicy } from './allowed-hosts';
import { refusal, refusalOf, refusalResponse, type HttpRefusal } from './http-error';
import { parseJsonBody, parseMultipartBody, readBodyBytes } from './read-body';
import { checkJsonType, checkMultipartType, guardRequest, isStateChanging } from './request-guard';
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
  /** Who asks; null only on a public route. */
  caller: Caller;
  /** The store as the caller may see it (their sources only). */
  store: Store;
  /** Route parameters, as Next decoded them. */
  params: P;
  query: URLSearchParams;
  body: B;
}

type BodyOptions = { body: 'json'; maxBytes?: number } | { body: 'multipart'; maxBytes: number } | { body?: 'none' };
/** The role a route requires of its caller; every route declares one (api-routes.test.ts walks them). */
type Access = { require: Role };
type Options = { require: Role | 'public' } & BodyOptions;

export function withRoute<P extends RouteParams = RouteParams>(
  handler: (input: RouteInput<P, undefined>) => Promise<Response>,
  options: Access & { body?: 'none' },
): RouteHandler<P>;
export function withRoute<P extends RouteParams = RouteParams>(
  handler: (input: RouteInput<P, unknown>) => Promise<Response>,
  options: Access & { body: 'json'; maxBytes?: number },
): RouteHandler<P>;
export function withRoute<P extends RouteParams = RouteParams>(
  handler: (input: RouteInput<P, FormData>) => Promise<Response>,
  options: Access & { body: 'multipart'; maxBytes: number },
): RouteHandler<P>;
export function withRoute<P extends RouteParams>(
  handler: (input: RouteInput<P, never>) => Promise<Response>,
  options: Options,
): RouteHandler<P> {
  return async (request, context) => {
    let response: Response;
    const setCookies: string[] = [];
    try {
      response = await run(request, context, options, setCookies, handler as (input: RouteInput<P, unknown>) => Promise<Response>);
    } catch (error) {
      // A refusal (a QuestionError, or an HttpError with an edge code) is an answer, not a failure:
      // its code picks the status (one table, http-error.ts).
      response = refusalResponse(refusalOf(error) ?? describeFailure(request, error));
    }
    return withSecurityHeaders(response, setCookies);
  };
}

/**
 * A route anyone may call (the first-run setup, which its one-time token protects): the same guards,
 * limits and envelope, no caller. Each use is named in api-routes' walk of app/api.
 */
export function withPublicRoute(
  handler: (input: Omit<RouteInput<RouteParams, unknown>, 'caller'> & { caller: null }) => Promise<Response>,
  options: { body: 'json'; maxBytes?: number },
): RouteHandler<RouteParams> {
  return withRoute(handler as unknown as (input: RouteInput<RouteParams, unknown>) => Promise<Response>, {
    ...options,
    require: 'public' as Role,
  });
}

/** Who asks and whether they may: 401 without an identity, 403 without the role or (cookie callers changing something) the CSRF token. */
async function authorize(request: NextRequest, store: Store, required: Role, setCookies: string[]): Promise<Caller | HttpRefusal> {
  const resolved = await resolveCaller(store, request.headers);
  setCookies.push(...resolved.setCookies);
  const { caller } = resolved;
  if (!caller) {
    return refusal('unauthenticated', null, 'sign in first, or send an API token as `Authorization: Bearer TOKEN`');
  }
  if (!roleAtLeast(caller.role, required)) {
    return refusal('forbidden', null, `this needs the ${required} role; ${caller.name} is a ${caller.role}`);
  }
  if (caller.via === 'session' && isStateChanging(request.method) && caller.sessionToken !== null) {
    if (!(await hasValidCsrfToken(store, request.headers, caller.sessionToken))) {
      return refusal(
        'forbidden',
        CSRF_HEADER,
        `a ${request.method} made with the session cookie must carry the page's CSRF token in ${CSRF_HEADER}`,
      );
    }
  }
  return caller;
}

async function run<P extends RouteParams>(
  request: NextRequest,
  context: RouteContext<P>,
  options: Options,
  setCookies: string[],
  handler: (input: RouteInput<P, unknown>) => Promise<Response>,
): Promise<Response> {
  const hosts = currentHostPolicy();
  if (!hosts.ok) return refusalResponse(refusal('internal', hosts.variable, hosts.message));
  const kind = options.body ?? 'none';
  const guarded = guardRequest(request.method, request.headers, hosts.policy);
  if (guarded) return refusalResponse(guarded);
  // Who asks comes before what they sent: a caller without the role learns nothing of the route's input rules.
  const base = await getStore();
  let caller: Caller | null = null;
  if (options.require !== 'public') {
    const authorized = await authorize(request, base, options.require, setCookies);
    if (!('userId' in authorized)) return refusalResponse(authorized);
    caller = authorized;
  }
  const refused =
    (kind === 'json' ? checkJsonType(request.headers) : kind === 'multipart' ? checkMultipartType(request.headers) : null) ??
    checkQuery(request.nextUrl.searchParams);
  if (refused) return refusalResponse(refused);
  // Next passes params that resolve to undefined on a route without dynamic segments.
  const raw: P | undefined = await context.params;
  const params = checkParams(raw ?? ({} as P));
  if (!params.ok) return refusalResponse(params.refusal);
  const store = caller ? scopedStore(base, caller.sources) : base;
  const input = { request, caller: caller as Caller, store, params: params.value, query: request.nextUrl.searchParams };
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

/** The proxy adds these to what it sees; routes it does not see (the uploads) get them here. A refreshed session's cookie goes along. */
function withSecurityHeaders(response: Response, setCookies: readonly string[]): Response {
  if (response.headers.has('content-security-policy') && setCookies.length === 0) return response;
  const headers = new Headers(response.headers);
  if (!headers.has('content-security-policy')) applySecurityHeaders(headers);
  for (const cookie of setCookies) headers.append('set-cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
