// `rasid run` (one full cycle) and `rasid fetch` (the same without digests).
import type { Command } from 'commander';
import type { Logger } from '../../log/create-logger.ts';
import { runCycle, type CycleReport } from '../../pipeline/run-cycle.ts';
import { formatRunSummary } from '../../pipeline/run-summary.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { cycleSources, deliverySettings, withRunContext, type RunContext } from '../run-context.ts';

export function exitStatusOf(report: CycleReport): number {
  return report.status === 'failed' ? EXIT_FAILED : EXIT_OK;
}

/** Each failed feed on a line of its own, then the one summary line that ends every run. */
export function logCycleReport(logger: Logger, report: CycleReport): void {
  for (const f of report.fetch.feeds.filter((x) => x.status === 'failed'))
    logger.warn({ feed: f.feedId, url: f.url, kind: f.errorKind }, `feed ${f.feedId} failed: ${f.error}`);
  logger.info({ summary: report }, formatRunSummary(report));
}

/**
 * SIGTERM/SIGINT (`docker stop`, Ctrl-C): the stage in progress finishes (every write is one
 * transaction), no new mail is started, and the process exits; a second signal or a stage that
 * takes longer than the grace period ends it at once. Nothing is lost either way: unsent hits stay pending.
 */
function stopOnSignal(logger: Logger, graceMs = 8000): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(128 + (name === 'SIGINT' ? 2 : 15));
    logger.warn(`${name}: finishing the stage in progress, then stopping (again to stop at once)`);
    controller.abort();
    timer = setTimeout(() => process.exit(128 + (name === 'SIGINT' ? 2 : 15)), graceMs).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

async function cycle(ctx: RunContext, withDigests: boolean): Promise<number> {
  const { config, store, logger } = ctx;
  const progress = createProgress();
  const stop = stopOnSignal(logger);
  const mail = withDigests ? deliverySettings(config) : null;
  try {
    const report = await runCycle({
      store,
      ...cycleSources(config),
      logger,
      now: () => new Date(),
      delivery: mail ? { ...mail, mode: 'scheduled' } : undefined,
      signal: stop.signal,
      onProgress: (stage, done, total) => progress.update(stage === 'fetch' ? 'fetching feeds' : 'matching articles', done, total),
    });
    progress.done();
    logCycleReport(logger, report);
    return exitStatusOf(report);
  } finally {
    progress.done();
    mail?.transport.close();
    stop.dispose();
  }
}

const STATUS_HELP = `
Exit status: 0 done (some feeds may have failed, each reported); 2 every feed failed, storage
failed, or a due digest could not be delivered (its hits stay pending for the next run); 1 bad
usage or configuration (for \`rasid run\`: also nobody configured to receive digests).`;

export function register(program: Command): void {
  program
    .command('run')
    .description('one full cycle: fetch due feeds, match, store, send pending digests')
    .addHelpText(
      'after',
      `${STATUS_HELP}

Examples:
  $ rasid run                                   # feeds.yaml, ./watchlists, ./data/rasid.db
  $ RASID_DIGEST_TO=desk@example.org SMTP_URL=smtp://mail.example.org:587 rasid run
  $ rasid run --db /data/rasid.db --feeds /etc/rasid/feeds.yaml`,
    )
    .action(async (_opts, cmd: Command) =>
      withRunContext(cmd, { feeds: true, watchlists: true, mail: true, recipients: true }, (ctx) => cycle(ctx, true)),
    );
  program
    .command('fetch')
    .description('fetch due feeds, match and store, without sending digests')
    .addHelpText('after', `${STATUS_HELP}\n\nExample:\n  $ rasid fetch && rasid hits --pending`)
    .action(async (_opts, cmd: Command) =>
      withRunContext(cmd, { feeds: true, watchlists: true }, (ctx) => cycle(ctx, false)),
    );
}
