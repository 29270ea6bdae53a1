// Signing in and out. The form posts the password with the pre-sign-in session's CSRF token; a
// success replaces the session (new id, new token); failures count against the address and in total.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { verifyPassword } from './password.ts';
import { csrfField } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { PASSWORD_USER, setSessionCookie } from './auth-middleware.ts';

/** Only a path of this site: an absolute or protocol-relative `next` would send the user elsewhere. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/hits';
}

export function registerLoginRoutes(app: WebApp, deps: WebDeps): void {
  const form = (c: Context<WebEnv>, message: string | null, status: 200 | 401 | 429 = 200) => {
    const next = safeNext(c.req.query('next'));
    const body = deps.auth.password
      ? html`<form class="card narrow" method="post" action="/login?next=${encodeURIComponent(next)}">
          ${csrfField(c.get('session').csrf)}
          ${message ? html`<p class="error" role="alert">${message}</p>` : ''}
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
          <button type="submit">Sign in</button>
        </form>`
      : html`<p class="card narrow">Sign in through your organisation's proxy: this Rasid accepts the user name its
          reverse proxy sends (${deps.auth.trustedHeader}), and this request did not come through it.</p>`;
    return c.html(page(c, { title: 'Sign in', section: 'login', body }), status);
  };

  app.get('/login', (c) => (c.get('user') ? c.redirect(safeNext(c.req.query('next')), 303) : form(c, null)));

  app.post('/login', async (c) => {
    const address = c.get('clientAddress');
    const wait = deps.limiter.retryAfter(address);
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return form(c, `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, 429);
    }
    const body = await c.req.parseBody();
    const password = typeof body.password === 'string' ? body.password : '';
    if (!deps.auth.password || !(await verifyPassword(deps.auth.password, password))) {
      deps.limiter.failed(address);
      deps.logger.warn({ address }, 'web sign-in refused: wrong password');
      return form(c, 'That password is not right.', 401);
    }
    deps.limiter.succeeded(address);
    const session = deps.sessions.signIn(c.get('session'), PASSWORD_USER);
    setSessionCookie(c, session);
    deps.logger.info({ address }, 'web sign-in');
    return c.redirect(safeNext(c.req.query('next')), 303);
  });

  app.post('/logout', (c) => {
    deps.sessions.end(c.get('session').id);
    const fresh = deps.sessions.create(null);
    setSessionCookie(c, fresh);
    return c.redirect('/login', 303);
  });
}
