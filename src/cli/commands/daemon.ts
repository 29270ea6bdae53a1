// `rasid daemon`: the schedules from configuration until SIGTERM/SIGINT. The configuration is
// checked once at start (a mistake exits 1 before anything runs); later edits are reloaded, and a
// mistake in them keeps the last valid version. SIGHUP forces a reload.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { chooseSchedule } from '../../daemon/schedule-spec.ts';
import { runDigestJob } from '../../daemon/digest-job.ts';
import { watchIntegrity, type IntegrityWatch } from '../../daemon/integrity-watch.ts';
import { startDaemon, type JobKind } from '../../daemon/run-daemon.ts';
import { createLogger, type Logger } from '../../log/create-logger.ts';
import { runCycle, type CycleReport } from '../../pipeline/run-cycle.ts';
import { releaseFeedClaims } from '../../store/feeds-repo.ts';
import { newLeaseHolder, releaseAllLeases } from '../../store/leases-repo.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import { parseDuration } from '../../store/prune.ts';
import { describeDamage } from '../../store/describe-damage.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { cycleSources, deliverySettings, pathFlags, reportFailure } from '../run-context.ts';
import { channelSettings } from './channels.ts';
import { logCycleReport } from './run.ts';
import { forgetWebPassword, WEB_HELP } from './serve.ts';
import type { WebServer } from '../../web/start-web-server.ts';

interface DaemonOptions {
  every?: string;
  schedule?: string;
  digestSchedule?: string;
  grace: string;
  runAtStart: boolean;
  web?: string;
}

function jobRunner(store: Store, logger: Logger, holder: string, separateDigests: boolean, integrity: IntegrityWatch) {
  return async (kind: JobKind, config: Config, signal: AbortSignal): Promise<void> => {
    await integrity.checkIfDue();
    const mail = { ...deliverySettings(config), channels: channelSettings(config) };
    const { transport } = mail;
    try {
      const report =
        kind === 'digest'
          ? await runDigestJob({ store, logger, now: () => new Date(), leaseHolder: holder, ...mail })
          : await runCycle({
              store,
              ...cycleSources(config),
              logger,
              now: () => new Date(),
              delivery: separateDigests ? undefined : { ...mail, mode: 'scheduled' },
              leaseHolder: holder,
              signal,
            });
      logCycleReport(logger, report);
      // A daemon runs for months: keep the database from growing between cycles (SQLite: when
      // readers such as status or a manual run kept the automatic WAL checkpoints from finishing).
      await store.tidy();
    } finally {
      transport.close();
    }
  };
}

export function register(program: Command): void {
  program
    .command('daemon')
    .description('run the fetch cycle and the digests on schedules until SIGTERM/SIGINT')
    .option('--every <period>', 'cycle period: 30s, 5m, 15m, 1h, 6h, 1d (must divide its unit evenly)')
    .option('--schedule <cron>', 'cycle schedule as a cron expression (env RASID_SCHEDULE, default "*/5 * * * *")')
    .option(
      '--digest-schedule <cron>',
      'send digests on their own cron schedule (env RASID_DIGEST_SCHEDULE); cycles then fetch and match only',
    )
    .option('--grace <duration>', 'how long SIGTERM waits for the work in progress before exiting', '5s')
    .option('--no-run-at-start', 'wait for the first tick instead of running a cycle right away')
    .option('--web <address>', 'also serve the web UI on HOST:PORT in this process (see `rasid serve --help`)')
    .addHelpText(
      'after',
      `
Each cycle fetches the feeds that are due (a feed's own interval is respected: a feed fetched
less than "interval" minutes ago is skipped without a request), matches new articles and, unless
--digest-schedule is set, sends the digests that are due (each recipient's hour). A cycle never
overlaps itself: a tick that finds the previous cycle still running is skipped and logged.
Another Rasid process on the same database (a manual \`rasid run\`, a container job) is safe:
leases in the database make sure no feed is fetched and no digest sent twice.

The feeds file, the watchlists folder and the recipients file are watched; an edit is loaded
before the next cycle. An edit with a mistake is logged with file:line and the last valid
configuration stays in use. SIGHUP reloads at once.

SIGTERM or SIGINT: no new work starts, the work in progress gets --grace to finish (an SMTP
send in flight completes and is recorded), leases are released, exit status 0. Work cut off
after the grace period is picked up by the next run; nothing is lost.

The database gets a quick integrity check at start (damage refuses the start) and once a day
(damage is logged as an error, and \`rasid status\` reports it).

Exit status: 0 stopped by a signal; 1 bad usage or configuration at start (nobody configured to
receive digests included); 2 the database cannot be opened or is damaged.

Examples:
  $ rasid daemon                                  # a cycle every 5 minutes
  $ rasid daemon --every 15m
  $ RASID_SCHEDULE="*/10 6-22 * * *" rasid daemon # every 10 minutes from 06:00 to 22:59
  $ rasid daemon --every 15m --digest-schedule "0 7 * * *"   # one digest a day at 07:00
  $ docker run -v rasid-data:/data rasid daemon --every 15m
  $ RASID_WEB_PASSWORD_FILE=/run/secrets/web rasid daemon --web 0.0.0.0:8080   # schedules and the web UI
${WEB_HELP}`,
    )
    .action(async (opts: DaemonOptions, cmd: Command) => {
      const cycle = chooseSchedule({ every: opts.every, schedule: opts.schedule, envSchedule: process.env.RASID_SCHEDULE });
      const digestText = opts.digestSchedule ?? (process.env.RASID_DIGEST_SCHEDULE || undefined);
      const digest = digestText === undefined ? null : chooseSchedule({ schedule: digestText }, 'digests');
      const graceMs = parseDuration(opts.grace);
      const usage = [
        cycle.ok ? null : cycle.problem,
        digest && !digest.ok ? digest.problem.replace('--schedule', opts.digestSchedule ? '--digest-schedule' : 'RASID_DIGEST_SCHEDULE') : null,
        graceMs === null ? `--grace "${opts.grace}" is not a duration; write it like 5s or 30s` : null,
      ].filter((p): p is string => p !== null);
      if (usage.length || !cycle.ok || (digest && !digest.ok) || graceMs === null) {
        for (const p of usage) process.stderr.write(`rasid daemon: ${p}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }

      const logger = createLogger();
      const flags = pathFlags(cmd);
      // Nobody to receive is a configuration problem like any other: refused at start, and an edit
      // that removes everyone keeps the last valid recipients.
      const load = () => loadConfig(flags, process.env, { feeds: true, watchlists: true, mail: true, recipients: true });
      let config: Config;
      let store: Store;
      try {
        config = load();
        store = await openStore(config.paths.db);
      } catch (err) {
        process.exitCode = reportFailure(err, logger);
        return;
      }
      // A damaged database refuses the start, in words; later damage is logged by the daily check.
      const startedAt = Date.now();
      const integrity = await store.checkIntegrity('quick');
      if (!integrity.ok) {
        process.stderr.write(`rasid: ${describeDamage(integrity, store.kind, store.location)}\n`);
        await store.close().catch(() => {});
        process.exitCode = EXIT_FAILED;
        return;
      }
      // --web: the UI in the same process, on the same database (what the container runs).
      let web: WebServer | null = null;
      if (opts.web) {
        try {
          const { serveWeb } = await import('../../web/serve-web.ts');
          web = await serveWeb({ store, paths: config.paths, env: process.env, logger, listen: opts.web });
          forgetWebPassword(process.env);
        } catch (err) {
          await store.close().catch(() => {});
          process.exitCode = reportFailure(err, logger);
          return;
        }
      }
      const holder = newLeaseHolder();
      const daemon = startDaemon({
        initialConfig: config,
        loadConfig: load,
        watchTargets: [config.paths.feeds, config.paths.watchlists, config.paths.recipients],
        runJob: jobRunner(store, logger, holder, digest !== null, watchIntegrity(store, logger, { lastAt: startedAt })),
        schedules: { cycle: cycle.cron, digest: digest?.cron ?? null },
        logger,
        runAtStart: opts.runAtStart,
        graceMs,
      });

      let stopping = false;
      const exit = async () => {
        void web?.close();
        try {
          await releaseAllLeases(store, holder);
          await releaseFeedClaims(store, holder);
          await store.close();
        } catch (err) {
          logger.warn({ err }, 'could not release the leases; they expire on their own');
        }
        logger.info('daemon stopped');
        process.exit(EXIT_OK);
      };
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          logger.warn({ signal }, `${signal} again: exiting now`);
          void exit();
        }
        stopping = true;
        void daemon.stop(signal).then((outcome) => {
          if (outcome === 'timed-out')
            logger.warn({ signal }, `the work in progress did not finish within ${opts.grace}; the next run picks it up`);
          return exit();
        });
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      process.on('SIGHUP', () => daemon.reload('SIGHUP', true));
    });
}
