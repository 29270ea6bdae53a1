// `rasid status`: the health of the installation, for people (text) and schedulers (exit status,
// `--json`). It reads the database and checks the configuration; it never fetches or sends.
import type { Command } from 'commander';
import { loadConfig, recipientsFileOf } from '../../config/load-config.ts';
import { resolvePaths, type PathFlags, type Paths } from '../../config/paths.ts';
import { loadRecipients } from '../../config/recipients.ts';
import { nobodyToReceive } from '../../config/subscriptions.ts';
import { ConfigError } from '../../errors.ts';
import { formatRunSummary } from '../../pipeline/run-summary.ts';
import type { CycleReport } from '../../pipeline/run-cycle.ts';
import { describeDamage } from '../../store/describe-damage.ts';
import { driverError, isDatabaseError } from '../../store/describe-storage-error.ts';
import { databaseExists, noDatabaseYet } from '../../store/database-exists.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import type { IntegrityReport } from '../../store/store.ts';
import { parseDuration } from '../../store/prune.ts';
import { assessHealth, DEFAULT_THRESHOLDS, readHealth, type HealthFacts } from '../../store/status-repo.ts';
import { EXIT_ATTENTION, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { pathFlags, reportFailure } from '../report-failure.ts';
import { formatBytes } from './prune.ts';
import { channelAttention, givenUp, GIVEN_UP_REPORTED_DAYS, type GivenUpMessage } from '../../channels/channel-health.ts';
import { channelStandings, failedChannelMessages, type ChannelStanding } from '../../store/channel-ledger.ts';

export interface StatusReport extends Partial<HealthFacts> {
  healthy: boolean;
  checkedAt: string;
  attention: string[];
  /** The configuration's problems, each with file:line; empty when it is valid. */
  configProblems: string[];
  /** Chat and push channels: per channel what the ledger holds, and messages given up in the last 7 days. */
  channels?: { standings: ChannelStanding[]; givenUp: GivenUpMessage[] };
  /** The quick integrity check of the database (absent when there is no database yet). */
  integrity?: IntegrityReport;
}

function runLine(report: unknown): string {
  const error = (report as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return `failed: ${error}`;
  try {
    return formatRunSummary(report as CycleReport);
  } catch {
    return 'no summary recorded';
  }
}

export function formatStatus(s: StatusReport): string {
  const lines = [`Rasid status: ${s.healthy ? 'healthy' : `needs attention (${s.attention.length})`}`];
  if (s.database) {
    const wal = s.database.walBytes ? ` + ${formatBytes(s.database.walBytes)} write-ahead log` : '';
    lines.push(`  database   ${s.database.location}, ${formatBytes(s.database.bytes)}${wal}, ${s.articles ?? 0} articles`);
  }
  if (s.integrity) {
    const i = s.integrity;
    lines.push(`  integrity  ${i.ok ? 'no damage found' : `DAMAGED: ${i.problems.length} problem(s)`} (quick check, ${i.durationMs} ms)`);
  }
  if (s.lastRun) {
    const r = s.lastRun;
    const summary = r.status === 'running' ? 'running (or interrupted)' : runLine(r.report);
    lines.push(`  last run   #${r.id} ${r.command}, started ${r.startedAt}: ${summary}`);
  } else if (s.database) lines.push('  last run   none yet');
  if (s.feeds) {
    lines.push(`  feeds      ${s.feeds.known} known, ${s.feeds.failing.length} failing`);
    for (const f of s.feeds.failing) lines.push(`             ${f.id}: ${f.consecutiveFailures}× ${f.lastError ?? ''}`.trimEnd());
  }
  if (s.pending) lines.push(`  pending    ${s.pending.hits} hit(s) not yet delivered${s.pending.oldestAt ? ` (oldest ${s.pending.oldestAt})` : ''}`);
  for (const r of s.recipients ?? []) lines.push(`  mail       ${r.recipient}: last message ${r.lastStatus} ${r.lastAt}`);
  for (const c of s.channels?.standings ?? [])
    lines.push(`  channel    ${c.channel}: ${c.sent} sent${c.lastSentAt ? ` (last ${c.lastSentAt})` : ''}, ${c.waiting} waiting, ${c.failed} given up`);
  for (const l of s.leases ?? [])
    lines.push(`  lease      ${l.name} held by ${l.holder} until ${l.expiresAt}${l.stale ? ' (stale: will be taken over)' : ''}`);
  if (s.attention.length) {
    lines.push('', 'Needs attention:');
    for (const a of s.attention) lines.push(`  - ${a}`);
  }
  return lines.join('\n');
}

export interface StatusOptions {
  /** Set when nobody is configured to receive: the sentence for this many pending hits (status.ts, nobodyToReceive). */
  nobodyToReceive?: ((pending: number | undefined) => string) | null;
  /** Run the quick integrity check (default true). */
  checkIntegrity?: boolean;
  /** The channels of the recipients file: one no longer there does not count. */
  configuredChannels?: ReadonlySet<string> | null;
}

export async function collectStatus(
  store: Store | null,
  dbFile: string,
  configProblems: string[],
  now: Date,
  thresholds = DEFAULT_THRESHOLDS,
  configuredFeeds: ReadonlySet<string> | null = null,
  options: StatusOptions = {},
): Promise<StatusReport> {
  const attention = configProblems.map((p) => `configuration: ${p}`);
  if (!store) {
    attention.unshift(noDatabaseYet(dbFile));
    if (options.nobodyToReceive) attention.push(`configuration: ${options.nobodyToReceive(undefined)}`);
    return { healthy: false, checkedAt: now.toISOString(), attention, configProblems };
  }
  let integrity: IntegrityReport | undefined;
  if (options.checkIntegrity !== false) {
    integrity = await store.checkIntegrity('quick');
    if (!integrity.ok) attention.unshift(describeDamage(integrity, store.kind, store.location));
  }
  let facts: HealthFacts;
  try {
    facts = await readHealth(store, now);
  } catch (err) {
    // A damaged database may not answer every question; what the check found is the answer.
    if (!integrity || integrity.ok || !isDatabaseError(err)) throw err;
    attention.push(`the rest of the status could not be read from the damaged database (${driverError(err).message})`);
    const size = await store.size().catch(() => ({ bytes: 0, walBytes: 0 }));
    const database = { location: store.location, kind: store.kind, ...size };
    return { database, healthy: false, checkedAt: now.toISOString(), attention, configProblems, integrity };
  }
  if (options.nobodyToReceive) attention.push(`configuration: ${options.nobodyToReceive(facts.pending.hits)}`);
  attention.push(...assessHealth(facts, now, thresholds, configuredFeeds));
  // Channels: what the channel ledger says, in the same words as the rest; one removed from the recipients file no longer counts.
  const kept = (channel: string) => !options.configuredChannels || options.configuredChannels.has(channel);
  const channels = {
    standings: (await channelStandings(store)).filter((c) => kept(c.channel)),
    givenUp: givenUp(await failedChannelMessages(store, new Date(now.getTime() - GIVEN_UP_REPORTED_DAYS * 24 * 3600_000).toISOString())).filter((m) => kept(m.channel)),
  };
  attention.push(...channelAttention(channels.standings, channels.givenUp, now, thresholds.stuckSendingMs));
  return { ...facts, channels, healthy: attention.length === 0, checkedAt: now.toISOString(), attention, configProblems, ...(integrity ? { integrity } : {}) };
}

/** Whether anyone would receive hits; a broken recipients file is reported as a problem of its own. */
function nobodyCheck(flags: PathFlags, paths: Paths): StatusOptions['nobodyToReceive'] {
  const file = recipientsFileOf(flags, process.env, paths);
  const read = loadRecipients({ file, digestTo: process.env.RASID_DIGEST_TO ?? null });
  if (!read.ok || read.recipients.length > 0 || read.channels.length > 0) return null;
  return (pending) => nobodyToReceive({ file, defaultFile: paths.recipients, digestTo: process.env.RASID_DIGEST_TO, pending });
}

export function register(program: Command): void {
  program
    .command('status')
    .description('health of the installation: last run, failing feeds, pending hits, database size')
    .option('--json', 'print the status as one JSON object')
    .option('--failing-after <n>', 'a feed needs attention after this many failures in a row', '3')
    .option('--stale-after <duration>', 'needs attention when no run completed for this long (env RASID_STATUS_STALE_AFTER)', undefined)
    .addHelpText(
      'after',
      `
Exit status: 0 healthy; 3 something needs attention (listed); 2 the database cannot be read;
1 bad usage. A scheduler or a container HEALTHCHECK can alert on a non-zero status.

Needs attention: no run yet or none completed within --stale-after (default 26h, meant for a
daily job; use e.g. 1h for a daemon), the last run failed or was killed, a feed failed
--failing-after times in a row, the last message to a recipient failed or is stuck, a chat or
push channel refused messages until they were given up or has messages waiting for more than an
hour, the configuration files have mistakes, nobody is configured to receive the pending hits, the
database is damaged (a quick integrity check runs every time; \`rasid db check\` runs the full one).

Examples:
  $ rasid status
  $ rasid status --json | jq .attention
  $ rasid status --stale-after 1h || notify-ops "rasid needs attention"`,
    )
    .action(async (opts: { json?: boolean; failingAfter: string; staleAfter?: string }, cmd: Command) => {
      const failingAfter = Number(opts.failingAfter);
      const staleText = opts.staleAfter ?? process.env.RASID_STATUS_STALE_AFTER;
      const staleAfterMs = staleText ? parseDuration(staleText) : DEFAULT_THRESHOLDS.staleAfterMs;
      if (!Number.isInteger(failingAfter) || failingAfter < 1 || staleAfterMs === null) {
        process.stderr.write('rasid status: --failing-after takes a whole number ≥ 1 and --stale-after a duration such as 90m, 26h or 2d\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const flags = pathFlags(cmd);
      const paths = resolvePaths(flags, process.env);
      let configProblems: string[] = [];
      let configuredFeeds: Set<string> | null = null;
      let configuredChannels: Set<string> | null = null;
      try {
        const config = loadConfig(flags, process.env, { feeds: true, watchlists: true, mail: true });
        configuredFeeds = new Set(config.feeds.map((f) => f.id));
        configuredChannels = new Set(config.channels.map((c) => c.name));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        configProblems = err.problems;
      }
      let store: Store | null = null;
      try {
        // Status never creates a database: a missing one is itself the answer.
        if (await databaseExists(paths.db)) store = await openStore(paths.db);
        const status = await collectStatus(store, paths.db, configProblems, new Date(), {
          ...DEFAULT_THRESHOLDS,
          failingAfter,
          staleAfterMs,
        }, configuredFeeds, { nobodyToReceive: nobodyCheck(flags, paths), configuredChannels });
        process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status)}\n`);
        process.exitCode = status.healthy ? EXIT_OK : EXIT_ATTENTION;
      } catch (err) {
        process.exitCode = reportFailure(err);
      } finally {
        await store?.close().catch(() => {});
      }
    });
}
