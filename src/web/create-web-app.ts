// The web UI and its JSON API as one Hono app: security headers on everything, the static files,
// then authentication and CSRF in front of every page and endpoint. One module per page group.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, csrfProtection } from './auth/auth-middleware.ts';
import { registerLoginRoutes } from './auth/login-routes.ts';
import { registerJsonApi } from './json-api.ts';
import { registerFeedActions } from './pages/feed-actions.ts';
import { registerFeedsPage } from './pages/feeds-page.ts';
import { registerDigestPreview } from './pages/digest-preview-page.ts';
import { registerEntryPage } from './pages/entry-page.ts';
import { registerHitsPage } from './pages/hits-page.ts';
import { registerRecipientsPage } from './pages/recipients-page.ts';
import { VersionCache } from './pages/watchlist-draft.ts';
import { registerWatchlistsPage } from './pages/watchlists-page.ts';
import { registerSearchPage } from './pages/search-page.ts';
import { securityHeaders } from './security-headers.ts';
import { registerStaticFiles } from './static-files.ts';
import type { WebApp, WebDeps, WebEnv } from './web-context.ts';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export function createWebApp(deps: WebDeps): WebApp {
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders());
  registerStaticFiles(app);
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('That upload is too large (8 MB at most).', 413) }));
  app.use('*', authenticate(deps));
  app.use('*', csrfProtection());
  registerLoginRoutes(app, deps);
  registerHitsPage(app, deps);
  registerSearchPage(app, deps);
  const versions = new VersionCache();
  registerWatchlistsPage(app, deps, versions);
  registerEntryPage(app, deps, versions);
  registerFeedsPage(app, deps);
  registerFeedActions(app, deps);
  registerRecipientsPage(app, deps, versions);
  registerDigestPreview(app, deps);
  registerJsonApi(app, deps);
  app.notFound((c) => c.text('Not found', 404));
  app.onError((err, c) => {
    deps.logger.error({ err, path: c.req.path }, 'web request failed');
    return c.text(`Rasid could not answer this request: ${err.message}`, 500);
  });
  return app;
}
