// Response headers for every answer: a Content-Security-Policy, no MIME sniffing, no referrer.
// Pages get a per-request nonce; Next reads it from the request's Content-Security-Policy header and
// puts it on its own scripts (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md),
// so only scripts the server rendered run, and every page must render per request.

/** A fresh nonce: 128 random bits, base64 (CSP3 §2.3.1 nonce-source). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The pages' policy. Scripts: the nonce, and what those scripts load ('strict-dynamic',
 * https://www.w3.org/TR/CSP3/#strict-dynamic-usage), so an injected <script> or inline handler never
 * runs. Styles: 'unsafe-inline', because cytoscape, uPlot and React `style` attributes set inline
 * styles, which a nonce cannot cover; styles cannot run code. Images: data: and blob: for the
 * graph's PNG/SVG export and the charts. No remote host anywhere. `next dev` needs 'unsafe-eval'
 * (React rebuilds server error stacks with eval); a production build must not get it.
 */
export function pageContentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON answers load nothing: the strictest policy, and never framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers besides the CSP, on every response. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // For browsers without frame-ancestors; the CSP's frame-ancestors 'none' is the rule.
  'X-Frame-Options': 'DENY',
};

/** Sets the security headers on a response's headers (the API policy unless a page policy is given). */
export function applySecurityHeaders(
  headers: Headers,
  contentSecurityPolicy: string = API_CONTENT_SECURITY_POLICY,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  headers.set('Content-Security-Policy', contentSecurityPolicy);
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) headers.set(name, value);
  // Served over TLS (its public URL is https): browsers must keep to https for a year (RFC 6797).
  if (env.ACCESS_ATLAS_PUBLIC_URL?.trim().toLowerCase().startsWith('https://')) {
    headers.set('Strict-Transport-Security', 'max-age=31536000');
  }
}
