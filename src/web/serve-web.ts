// Everything `rasid serve` and `rasid daemon --web` share: authentication read from the
// environment (refused with every problem listed), the live configuration, the server, and the
// search backfill running in the background for an archive older than the index.
import type { Paths } from '../config/paths.ts';
import { timeZoneProblem } from '../config/recipients.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log/create-logger.ts';
import type { Store } from '../store/open-store.ts';
import { runSearchBackfill, searchBackfillState } from '../store/search-index.ts';
import { createLoginLimiter } from './auth/login-limiter.ts';
import { SessionStore } from './auth/sessions.ts';
import { authConfigured, readWebAuthSettings } from './auth/web-auth-settings.ts';
import { liveConfig } from './live-config.ts';
import { parseListen } from './listen-address.ts';
import { startWebServer, type WebServer } from './start-web-server.ts';
import { exclusiveQueue, type WebDeps } from './web-context.ts';

export interface ServeWebOptions {
  store: Store;
  paths: Paths;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  listen: string;
}

export function webDeps(o: Omit<ServeWebOptions, 'listen'>): WebDeps {
  const auth = readWebAuthSettings(o.env);
  const zone = o.env.RASID_WEB_TIME_ZONE?.trim() || 'UTC';
  const problems = [...(auth.ok ? [] : auth.problems), ...(timeZoneProblem(zone) ? [`RASID_WEB_TIME_ZONE "${zone}" ${timeZoneProblem(zone)}`] : [])];
  if (!auth.ok || problems.length) throw new ConfigError(problems);
  return {
    store: o.store,
    config: liveConfig(o.paths, o.env),
    auth: auth.settings,
    sessions: new SessionStore(),
    limiter: createLoginLimiter(),
    logger: o.logger,
    now: () => new Date(),
    defaultTimeZone: zone,
    publicUrl: o.env.RASID_PUBLIC_URL?.trim() || null,
    exclusive: exclusiveQueue(),
  };
}

export async function serveWeb(o: ServeWebOptions): Promise<WebServer> {
  const listen = parseListen(o.listen);
  const deps = webDeps(o);
  const server = await startWebServer(listen, deps);
  const how = deps.auth.password && deps.auth.trustedHeader ? 'password or trusted proxy' : deps.auth.password ? 'password' : deps.auth.trustedHeader ? 'trusted proxy' : 'no sign-in: loopback only';
  o.logger.info({ url: server.url, auth: authConfigured(deps.auth) }, `web UI on ${server.url} (${how})`);
  const stop = new AbortController();
  const pending = (await searchBackfillState(o.store)).remaining;
  if (pending > 0) {
    o.logger.info({ articles: pending }, `indexing ${pending} older article(s) for search in the background`);
    let logged = 0;
    runSearchBackfill(o.store, {
      signal: stop.signal,
      onProgress: (done, total) => {
        if (done - logged >= 50_000 || done === total) o.logger.info({ done, total }, `search index: ${done} of ${total} older articles`);
        if (done - logged >= 50_000) logged = done;
      },
    }).catch((err: unknown) => o.logger.error({ err }, 'the search backfill stopped; `rasid search --reindex` finishes it'));
  }
  return {
    url: server.url,
    close: async () => {
      stop.abort();
      await server.close();
    },
  };
}
