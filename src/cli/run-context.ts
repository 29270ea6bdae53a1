// What every command that touches configuration or the database shares: flags → config → store,
// and one place that turns errors into messages and the contract's exit statuses.
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigNeeds } from '../config/load-config.ts';
import { createLogger, type Logger } from '../log/create-logger.ts';
import { createTransport, type MailTransport } from '../mail/create-transport.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import type { Recipient } from '../config/recipients.ts';
import { requireDatabase } from '../store/database-exists.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { pathFlags, reportFailure } from './report-failure.ts';

// Commands import these from here or, to stay light (no database or mail modules), from report-failure.ts.
export { pathFlags, reportFailure };

export interface RunContext {
  config: Config;
  store: Store;
  logger: Logger;
}

export async function withRunContext(
  cmd: Command,
  needs: ConfigNeeds,
  work: (ctx: RunContext) => Promise<number>,
  options: { readOnly?: boolean } = {},
): Promise<void> {
  const logger = createLogger();
  let store: Store | undefined;
  let code: number;
  try {
    const config = loadConfig(pathFlags(cmd), process.env, needs);
    if (options.readOnly) await requireDatabase(config.paths.db);
    store = await openStore(config.paths.db);
    code = await work({ config, store, logger });
  } catch (err) {
    code = reportFailure(err, logger, store?.location);
  } finally {
    await store?.close().catch(() => {});
  }
  process.exitCode = code;
}

/** How digests leave, from the configuration: the same for `rasid run`, `rasid daemon` and `rasid digest`. */
export function deliverySettings(config: Config): { transport: MailTransport; recipients: Recipient[]; from: string; catalog: EntryCatalog } {
  return {
    transport: createTransport({ smtpUrl: config.smtpUrl, outboxDir: config.paths.outbox }),
    recipients: config.recipients,
    from: config.mailFrom,
    catalog: config.catalog,
  };
}

/** What a cycle reads from the configuration: the same for `rasid run`, `rasid fetch` and the daemon. */
export function cycleSources(config: Config): Pick<Config, 'feeds' | 'fetchLimits' | 'watchlists'> {
  return { feeds: config.feeds, fetchLimits: config.fetchLimits, watchlists: config.watchlists };
}
