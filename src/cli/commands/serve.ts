// `rasid serve`: the web UI (hits, search, watchlist editing, feeds, recipients) and its JSON API
// on the configured database and files, until SIGTERM/SIGINT.
import type { Command } from 'commander';
import { resolvePaths } from '../../config/paths.ts';
import { createLogger } from '../../log/create-logger.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import { DEFAULT_LISTEN } from '../../web/listen-address.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { pathFlags, reportFailure } from '../run-context.ts';

/** The password is hashed once read; the plain text leaves the environment so nothing started later inherits it. */
export function forgetWebPassword(env: NodeJS.ProcessEnv): void {
  delete env.RASID_WEB_PASSWORD;
}

export const WEB_HELP = `
Sign-in (environment):
  RASID_WEB_PASSWORD / RASID_WEB_PASSWORD_FILE   a shared password (hashed at start, never logged)
  RASID_WEB_TRUSTED_HEADER=X-Forwarded-User      the user name a reverse proxy sends ...
  RASID_WEB_TRUSTED_PROXIES=10.0.0.2             ... honoured only from these addresses (default loopback)
Without either, the UI is open and listens on loopback only; another address is refused.
RASID_WEB_TIME_ZONE sets the zone of times until the browser says its own (default UTC).`;

export function register(program: Command): void {
  program
    .command('serve')
    .description('the web UI and JSON API: hits, search, watchlist editing, feeds, recipients, digest previews')
    .option('--listen <address>', `HOST:PORT to listen on (env RASID_WEB_LISTEN, default ${DEFAULT_LISTEN})`)
    .option('--recipients <file>', 'recipients file, YAML (env RASID_RECIPIENTS, default ./recipients.yaml)')
    .option('--outbox <dir>', 'outbox folder for digest previews (env RASID_OUTBOX, default ./outbox)')
    .addHelpText(
      'after',
      `${WEB_HELP}

Exit status: 0 after SIGTERM/SIGINT; 1 bad usage or configuration (e.g. a public address without
sign-in); 2 the database cannot be opened.

Examples:
  $ rasid serve                                        # http://127.0.0.1:8080, open, this machine only
  $ RASID_WEB_PASSWORD_FILE=/run/secrets/web rasid serve --listen 0.0.0.0:8080
  $ curl -H "Authorization: Bearer $PASSWORD" http://127.0.0.1:8080/api/hits?entry=mody`,
    )
    .action(async (opts: { listen?: string }, cmd: Command) => {
      const logger = createLogger();
      let store: Store | undefined;
      try {
        const paths = resolvePaths(pathFlags(cmd), process.env);
        store = await openStore(paths.db);
        // Loaded here, not at the top: the other commands never pay for the web stack.
        const { serveWeb } = await import('../../web/serve-web.ts');
        const server = await serveWeb({ store, paths, env: process.env, logger, listen: opts.listen ?? (process.env.RASID_WEB_LISTEN || DEFAULT_LISTEN) });
        forgetWebPassword(process.env);
        const open = store;
        const stop = () => {
          void server.close().then(async () => {
            await open.close();
            logger.info('web UI stopped');
            process.exit(EXIT_OK);
          });
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      } catch (err) {
        await store?.close().catch(() => {});
        process.exitCode = reportFailure(err, logger);
      }
    });
}
