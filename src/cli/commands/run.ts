// `rasid run` (one full cycle) and `rasid fetch` (the same without digests).
import type { Command } from 'commander';
import type { Config } from '../../config/load-config.ts';
import { ConfigError } from '../../errors.ts';
import type { Logger } from '../../log/create-logger.ts';
import type { FeedSelection } from '../../pipeline/fetch-feeds.ts';
import { runCycle, type CycleReport } from '../../pipeline/run-cycle.ts';
import { formatRunSummary, runCounts } from '../../pipeline/run-summary.ts';
import { didYouMean } from '../../watchlist/did-you-mean.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { channelSettings } from './channels.ts';
import { cycleSources, deliverySettings, withRunContext, type RunContext } from '../run-context.ts';

export function exitStatusOf(report: CycleReport): number {
  return report.status === 'failed' ? EXIT_FAILED : EXIT_OK;
}

/** Each failed feed on a line of its own, then the one summary line that ends every run. */
export function logCycleReport(logger: Logger, report: CycleReport): void {
  for (const f of report.fetch.feeds.filter((x) => x.status === 'failed'))
    logger.warn({ feed: f.feedId, url: f.url, kind: f.errorKind }, `feed ${f.feedId} failed: ${f.error}`);
  // The counts, not the whole per-feed report: one line on a terminal and in a JSON log alike.
  logger.info({ summary: runCounts(report) }, formatRunSummary(report));
}

interface CycleOptions {
  feed?: string[];
  now?: boolean;
}

/** `--feed ID` (repeatable) and `--now`: which feeds to fetch whatever their interval; every id checked against the feeds file. */
export function feedSelection(opts: CycleOptions, config: Pick<Config, 'feeds' | 'paths'>): FeedSelection {
  if (!opts.feed?.length) return opts.now ? 'all' : 'due';
  const ids = config.feeds.map((f) => f.id);
  const problems = opts.feed.flatMap((id) => {
    const feed = config.feeds.find((f) => f.id === id);
    if (!feed) {
      const guess = didYouMean(id, ids);
      return [`--feed ${id}: no feed with this id in ${config.paths.feeds} — ${guess ? `did you mean \`${guess}\`?` : 'see `rasid feeds list`'}`];
    }
    return feed.enabled ? [] : [`--feed ${id}: the feed is disabled in ${config.paths.feeds} (enabled: false) — enable it to fetch it`];
  });
  if (problems.length) throw new ConfigError(problems);
  return opts.feed;
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

async function cycle(ctx: RunContext, withDigests: boolean, opts: CycleOptions): Promise<number> {
  const { config, store, logger } = ctx;
  const select = feedSelection(opts, config);
  const progress = createProgress();
  const stop = stopOnSignal(logger);
  const mail = withDigests ? deliverySettings(config) : null;
  try {
    const report = await runCycle({
      store,
      ...cycleSources(config),
      select,
      logger,
      now: () => new Date(),
      delivery: mail ? { ...mail, channels: channelSettings(config), mode: 'scheduled' } : undefined,
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
usage or configuration (for \`rasid run\`: also nobody configured to receive digests).

Feeds are fetched when due: their interval (feeds file) has passed, and a failing feed's backoff.
--now fetches every enabled feed at once; --feed ID fetches that feed now (repeatable) and no other.`;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function cycleCommand(program: Command, name: string): Command {
  return program
    .command(name)
    .option('--feed <id>', 'fetch this feed now, whatever its interval, and no other (repeatable)', collect)
    .option('--now', 'fetch every enabled feed now, whatever its interval');
}

export function register(program: Command): void {
  cycleCommand(program, 'run')
    .description('one full cycle: fetch due feeds, match, store, send pending digests')
    .option('--recipients <file>', 'recipients file, YAML (env RASID_RECIPIENTS, default ./recipients.yaml if it exists)')
    .option('--outbox <dir>', 'folder for messages when SMTP_URL is unset (env RASID_OUTBOX, default ./outbox)')
    .addHelpText(
      'after',
      `${STATUS_HELP}

Examples:
  $ rasid run                                   # feeds.yaml, ./watchlists, ./data/rasid.db
  $ RASID_DIGEST_TO=desk@example.org SMTP_URL=smtp://mail.example.org:587 rasid run
  $ rasid run --db /data/rasid.db --feeds /etc/rasid/feeds.yaml
  $ rasid run --recipients ./recipients.yaml --outbox /tmp/outbox`,
    )
    .action(async (opts: CycleOptions, cmd: Command) =>
      withRunContext(cmd, { feeds: true, watchlists: true, mail: true, recipients: true }, (ctx) => cycle(ctx, true, opts)),
    );
  cycleCommand(program, 'fetch')
    .description('fetch due feeds, match and store, without sending digests')
    .addHelpText(
      'after',
      `${STATUS_HELP}

Examples:
  $ rasid fetch && rasid hits --pending
  $ rasid fetch --feed alwasat-rss        # this feed now, even if it was fetched a minute ago
  $ rasid fetch --now                     # every enabled feed now`,
    )
    .action(async (opts: CycleOptions, cmd: Command) =>
      withRunContext(cmd, { feeds: true, watchlists: true }, (ctx) => cycle(ctx, false, opts)),
    );
}
