// The checks every request passes before a handler runs, as pure functions of the method and
// headers: the proxy (pages, assets, most APIs) and the route wrapper (every API route, including
// the uploads the proxy does not see) both call them.
import { isHostAllowed, type HostPolicy } from './allowed-hosts';
import { refusal, type HttpRefusal } from './http-error';

/** Methods that change state; GET and HEAD must not, so they need no origin check. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

export function checkHost(headers: Headers, policy: HostPolicy): HttpRefusal | null {
  const host = headers.get('host');
  if (isHostAllowed(host, policy)) return null;
  return refusal(
    'misdirected',
    'Host',
    `Host ${host === null ? '(none)' : JSON.stringify(host.slice(0, 100))} is not served here: set ACCESS_ATLAS_ALLOWED_HOSTS or ACCESS_ATLAS_PUBLIC_URL to add it`,
  );
}

/**
 * A state-changing request that says where it comes from must come from this origin. Browsers send
 * `Origin` on every cross-origin request and on same-origin non-GET fetches, and `Sec-Fetch-Site`
 * on every request (https://fetch.spec.whatwg.org/#origin-header,
 * https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header). A request with neither comes from a
 * program (curl, the CLI), which no web page can make a browser send, so it passes this check.
 */
export function checkOrigin(method: string, headers: Headers, policy: HostPolicy): HttpRefusal | null {
  if (!isStateChanging(method)) return null;
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') {
    return refusal('forbidden', 'Sec-Fetch-Site', `a ${method} from another site is refused (Sec-Fetch-Site: ${site.slice(0, 40)})`);
  }
  const origin = headers.get('origin');
  if (origin === null) return null;
  const host = headers.get('host');
  const own = host === null ? [] : [`http://${host.toLowerCase()}`, `https://${host.toLowerCase()}`];
  if (policy.publicOrigin !== null) own.push(policy.publicOrigin);
  if (own.includes(origin.toLowerCase())) return null;
  return refusal('forbidden', 'Origin', `a ${method} from another origin is refused (Origin: ${origin.slice(0, 200)})`);
}

/** The media type of a Content-Type header, lower-case, without parameters; null when absent. */
export function mediaType(headers: Headers): string | null {
  const value = headers.get('content-type');
  if (value === null) return null;
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * JSON routes take only application/json. A web page can send text/plain, multipart/form-data or
 * application/x-www-form-urlencoded cross-site without a CORS preflight, but never application/json.
 */
export function checkJsonType(headers: Headers): HttpRefusal | null {
  const type = mediaType(headers);
  if (type === 'application/json') return null;
  return refusal(
    'unsupported-media-type',
    'Content-Type',
    `the body must be application/json (got ${type === null ? 'no Content-Type' : type.slice(0, 100)})`,
  );
}

export function checkMultipartType(headers: Headers): HttpRefusal | null {
  const type = mediaType(headers);
  if (type === 'multipart/form-data') return null;
  return refusal(
    'unsupported-media-type',
    'Content-Type',
    `the body must be multipart/form-data (got ${type === null ? 'no Content-Type' : type.slice(0, 100)})`,
  );
}

/**
 * A path whose `%` sequences are not UTF-8 (`/sources/%ff`) makes Next's router fail with a bare 500
 * when it decodes a dynamic segment; refusing it first gives a 400 that names the path.
 */
export function checkPathEncoding(pathname: string): HttpRefusal | null {
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return refusal('invalid', 'path', 'the URL path is not valid percent-encoded UTF-8');
  }
}

/** Host, then origin: what the proxy and the wrapper check on every request before anything else. */
export function guardRequest(method: string, headers: Headers, policy: HostPolicy): HttpRefusal | null {
  return checkHost(headers, policy) ?? checkOrigin(method, headers, policy);
}
