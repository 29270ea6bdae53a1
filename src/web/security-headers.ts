// Headers on every answer. Feed text is hostile, so the page itself is the last line of defence:
// a strict Content-Security-Policy (scripts, styles and images from Rasid only, nothing inline, no
// frames, forms posting back to Rasid only), no sniffing, no referrer leaking the UI's addresses to
// news sites, and no caching of pages that show the archive.
import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from './web-context.ts';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; frame-src 'self'";

export function securityHeaders(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('content-security-policy')) h.set('content-security-policy', CONTENT_SECURITY_POLICY);
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'no-referrer');
    if (!h.has('x-frame-options')) h.set('x-frame-options', 'DENY');
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('cross-origin-resource-policy', 'same-origin');
    h.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (!h.has('cache-control')) h.set('cache-control', 'no-store');
  };
}
