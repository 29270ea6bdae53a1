// Who is asking, and may they: the session from its cookie (or the trusted proxy's header), the
// sign-in redirect for pages, 401 for the API (which also takes the password as a Bearer token or
// HTTP Basic, for scripts), the Host check that keeps an open loopback UI out of reach of DNS
// rebinding, and the CSRF check on every state-changing request: the form's token must be the
// session's and the request must come from our own origin.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { timeZoneProblem } from '../../config/recipients.ts';
import type { WebDeps, WebEnv } from '../web-context.ts';
import { cachedVerifier } from './password.ts';
import { sameToken, type Session } from './sessions.ts';
import { authConfigured, isLoopbackHost, sameAddress } from './web-auth-settings.ts';

export const SESSION_COOKIE = 'rasid_session';
export const TIME_ZONE_COOKIE = 'rasid_tz';
/** The user name of the password sign-in and of an open loopback UI. */
export const PASSWORD_USER = 'analyst';
export const OPEN_USER = 'local';

/** Paths anyone may load: the sign-in page and the files it needs. */
const PUBLIC = [/^\/login$/, /^\/static\//, /^\/favicon\.ico$/];

function fromTrustedProxy(deps: WebDeps, socketAddress: string): boolean {
  return deps.auth.trustedProxies.some((p) => sameAddress(p, socketAddress));
}

export function setSessionCookie(c: Context<WebEnv>, session: Session): void {
  setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', secure: c.get('secure'), path: '/' });
}

function apiCredential(c: Context<WebEnv>): string | null {
  const header = c.req.header('authorization') ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1]!.trim();
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export function authenticate(deps: WebDeps): MiddlewareHandler<WebEnv> {
  const open = !authConfigured(deps.auth);
  const checkPassword = deps.auth.password ? cachedVerifier(deps.auth.password) : null;
  return async (c, next) => {
    const socketAddress = getConnInfo(c).remote.address ?? '';
    const trusted = fromTrustedProxy(deps, socketAddress);
    const forwardedFor = trusted ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim() : undefined;
    c.set('clientAddress', forwardedFor || socketAddress);
    c.set('secure', new URL(c.req.url).protocol === 'https:' || (trusted && c.req.header('x-forwarded-proto') === 'https'));

    // An open UI answers only to its loopback name: a web page elsewhere cannot reach it by pointing
    // a host name of its own at 127.0.0.1 (DNS rebinding).
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
    if (open && !isLoopbackHost(host)) return c.text('Rasid answers only to its loopback address (127.0.0.1 or localhost) while no authentication is configured.', 421);

    const zone = getCookie(c, TIME_ZONE_COOKIE);
    c.set('timeZone', zone && zone.length < 64 && timeZoneProblem(zone) === null ? zone : deps.defaultTimeZone);

    let session = deps.sessions.get(getCookie(c, SESSION_COOKIE));
    const proxyUser = deps.auth.trustedHeader && trusted ? c.req.header(deps.auth.trustedHeader)?.trim() || null : null;
    if (proxyUser && session?.user !== proxyUser) session = deps.sessions.signIn(session, proxyUser.slice(0, 120));
    if (open && !session?.user) session = deps.sessions.signIn(session, OPEN_USER);
    if (!session) session = deps.sessions.create(null);
    if (session.id !== getCookie(c, SESSION_COOKIE)) setSessionCookie(c, session);
    c.set('session', session);

    const path = c.req.path;
    let user = session.user;
    if (!user && path.startsWith('/api/') && checkPassword) {
      const credential = apiCredential(c);
      const address = c.get('clientAddress');
      if (credential !== null) {
        // The same limit as the sign-in form: the API must not be a faster way to guess.
        const wait = deps.limiter.retryAfter(address);
        if (wait > 0) {
          c.header('retry-after', String(wait));
          return c.json({ error: `too many failed attempts; try again in ${wait} s` }, 429);
        }
        if (await checkPassword(credential)) {
          user = PASSWORD_USER;
          deps.limiter.succeeded(address);
        } else deps.limiter.failed(address);
      }
    }
    c.set('user', user);
    if (user || PUBLIC.some((p) => p.test(path))) return next();
    if (path.startsWith('/api/')) {
      c.header('www-authenticate', 'Bearer realm="rasid", Basic realm="rasid"');
      return c.json({ error: 'sign in first: send the web password as a Bearer token or with HTTP Basic, or a session cookie' }, 401);
    }
    const next_ = c.req.method === 'GET' ? `?next=${encodeURIComponent(path + new URL(c.req.url).search)}` : '';
    return c.redirect(`/login${next_}`, 303);
  };
}

/**
 * The browser says where a request comes from: Origin (its host must be ours), or else
 * Sec-Fetch-Site. A client that sends neither (curl, an old browser) is judged by the token alone.
 */
function fromOwnOrigin(c: Context<WebEnv>): boolean {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (origin !== undefined && origin !== 'null') {
    try {
      return new URL(origin).host === c.req.header('host');
    } catch {
      return false;
    }
  }
  return site === undefined || site === 'same-origin';
}

/** Refuses a state-changing request that does not carry the session's token or comes from another origin. */
export function csrfProtection(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (!fromOwnOrigin(c)) {
      const from = c.req.header('origin') ?? c.req.header('sec-fetch-site') ?? 'unknown';
      return c.text(`Refused: this form was sent from another site (${from}), not from this Rasid.`, 403);
    }
    const type = c.req.header('content-type') ?? '';
    let token: string | undefined;
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const body = await c.req.parseBody({ all: true });
      const field = body._csrf;
      token = typeof field === 'string' ? field : undefined;
    }
    if (!sameToken(token, c.get('session').csrf)) {
      return c.text('Refused: the form is missing its security token or it has expired. Go back, reload the page and send the form again.', 403);
    }
    return next();
  };
}
