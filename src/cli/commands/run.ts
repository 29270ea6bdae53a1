// `rasid run` (one full cycle) and `rasid fetch` (the same without digests).
import type { Command } from 'commander';
import { createTransport } from '../../mail/create-transport.ts';
import { runCycle, type CycleReport } from '../../pipeline/run-cycle.ts';
import { formatRunSummary } from '../../pipeline/run-summary.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { withRunContext, type RunContext } from '../run-context.ts';

export function exitStatusOf(report: CycleReport): number {
  return report.status === 'failed' ? EXIT_FAILED : EXIT_OK;
}

async function cycle(ctx: RunContext, withDigests: boolean): Promise<number> {
  const { config, store, logger } = ctx;
  const progress = createProgress();
  const report = await runCycle({
    store,
    feeds: config.feeds,
    watchlists: config.watchlists,
    logger,
    now: () => new Date(),
    delivery: withDigests
      ? {
          transport: createTransport({ smtpUrl: config.smtpUrl, outboxDir: config.paths.outbox }),
          recipients: config.recipients,
          from: config.mailFrom,
          mode: 'scheduled',
          catalog: config.catalog,
        }
      : undefined,
    onProgress: (stage, done, total) => progress.update(stage === 'fetch' ? 'fetching feeds' : 'matching articles', done, total),
  });
  progress.done();
  for (const f of report.fetch.feeds.filter((x) => x.status === 'failed'))
    logger.warn({ feed: f.feedId, url: f.url, kind: f.errorKind }, `feed ${f.feedId} failed: ${f.error}`);
  logger.info({ summary: report }, formatRunSummary(report));
  return exitStatusOf(report);
}

const STATUS_HELP = `
Exit status: 0 done (some feeds may have failed, each reported); 2 every feed failed, storage
failed, or a due digest could not be delivered (its hits stay pending for the next run); 1 bad
usage or configuration.`;

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
      withRunContext(cmd, { feeds: true, watchlists: true, mail: true }, (ctx) => cycle(ctx, true)),
    );
  program
    .command('fetch')
    .description('fetch due feeds, match and store, without sending digests')
    .addHelpText('after', `${STATUS_HELP}\n\nExample:\n  $ rasid fetch && rasid hits --pending`)
    .action(async (_opts, cmd: Command) =>
      withRunContext(cmd, { feeds: true, watchlists: true }, (ctx) => cycle(ctx, false)),
    );
}
