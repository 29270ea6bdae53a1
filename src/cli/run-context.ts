// What every command that touches configuration or the database shares: flags → config → store,
// and one place that turns errors into messages and the contract's exit statuses.
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigNeeds } from '../config/load-config.ts';
import type { PathFlags } from '../config/paths.ts';
import { ConfigError, StorageError } from '../errors.ts';
import { createLogger, type Logger } from '../log/create-logger.ts';
import { createTransport, type MailTransport } from '../mail/create-transport.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import type { Recipient } from '../config/recipients.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { EXIT_FAILED, EXIT_USAGE } from './exit-codes.ts';

export interface RunContext {
  config: Config;
  store: Store;
  logger: Logger;
}

/** The global flags (`--db`, `--feeds`, `--watchlists`) merged with the command's own. */
export function pathFlags(cmd: Command): PathFlags {
  return cmd.optsWithGlobals() as PathFlags;
}

/** Prints a failure in words and returns the exit status it deserves. */
export function reportFailure(err: unknown, logger?: Logger): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`rasid: the configuration has ${err.problems.length} problem(s):\n`);
    for (const p of err.problems) process.stderr.write(`  ${p}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof StorageError) {
    process.stderr.write(`rasid: ${err.message}\n`);
    return EXIT_FAILED;
  }
  const message = err instanceof Error ? err.message : String(err);
  logger?.error({ err }, 'unexpected failure');
  process.stderr.write(`rasid: ${message}\n`);
  return EXIT_FAILED;
}

export async function withRunContext(
  cmd: Command,
  needs: ConfigNeeds,
  work: (ctx: RunContext) => Promise<number>,
): Promise<void> {
  const logger = createLogger();
  let store: Store | undefined;
  let code: number;
  try {
    const config = loadConfig(pathFlags(cmd), process.env, needs);
    store = openStore(config.paths.db);
    code = await work({ config, store, logger });
  } catch (err) {
    code = reportFailure(err, logger);
  } finally {
    store?.close();
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
