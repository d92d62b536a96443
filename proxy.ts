// Runs before every page, asset and API route except the two upload routes: refuses an unknown
// Host (421) and a cross-origin write (403), and sets the security headers, with a fresh CSP nonce
// for pages (Next reads it from the request's Content-Security-Policy header and puts it on its
// scripts: node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md).
import { NextResponse, type NextRequest } from 'next/server';
import { PATH_HEADER } from './lib/server/auth/path-header';
import { currentHostPolicy } from './lib/server/http/allowed-hosts';
import { refusal, refusalResponse } from './lib/server/http/http-error';
import { checkPathEncoding, guardRequest } from './lib/server/http/request-guard';
import {
  API_CONTENT_SECURITY_POLICY,
  applySecurityHeaders,
  createNonce,
  pageContentSecurityPolicy,
} from './lib/server/http/security-headers';

export function proxy(request: NextRequest): Response {
  const hosts = currentHostPolicy();
  const refused = hosts.ok
    ? (guardRequest(request.method, request.headers, hosts.policy) ?? checkPathEncoding(request.nextUrl.pathname))
    : refusal('internal', hosts.variable, hosts.message);
  if (refused) {
    const response = refusalResponse(refused);
    applySecurityHeaders(response.headers);
    return response;
  }
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const response = NextResponse.next();
    applySecurityHeaders(response.headers, API_CONTENT_SECURITY_POLICY);
    return response;
  }
  const policy = pageContentSecurityPolicy(createNonce(), process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  // Where sign-in brings the visitor back (lib/server/auth/page-access.ts); set here, never taken from the client.
  requestHeaders.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  applySecurityHeaders(response.headers, policy);
  return response;
}

export const config = {
  matcher: [
    // Everything but the two upload routes: Next buffers the body of every request the proxy sees
    // (up to experimental.proxyClientMaxBodySize, silently truncating the rest), so uploads stay
    // out and lib/server/http/with-route.ts guards them while streaming their bodies under a limit.
    // A matcher cannot tell methods apart: GET /api/sources is guarded by the wrapper alone too.
    '/((?!api/sources$|api/sources/test-connection$).*)',
  ],
};
