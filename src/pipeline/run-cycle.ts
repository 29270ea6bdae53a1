// The one orchestrator: fetch due feeds → match new articles → deliver due digests, in that order,
// with every dependency passed in. A feed or a message that fails is counted in the report; only a
// storage failure ends the cycle early (and is rethrown for the CLI to report).
import type { Logger } from 'pino';
import type { Recipient } from '../config/recipients.ts';
import type { MailTransport } from '../mail/create-transport.ts';
import type { CompiledWatchlists } from '../match/compile-watchlists.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import { StorageError } from '../errors.ts';
import { describeStorageError, isDatabaseError } from '../store/describe-storage-error.ts';
import { CYCLE_LEASE, DIGEST_LEASE, holdLease, newLeaseHolder, type Lease } from '../store/leases-repo.ts';
import type { Store } from '../store/open-store.ts';
import { finishRun, startRun, type RunStatus } from '../store/runs-repo.ts';
import type { FetchLimits } from '../fetch/limits.ts';
import type { FeedSettings } from '../types.ts';
import { deliverAlerts, type ChannelSettings } from './deliver-alerts.ts';
import { deliverDigests, type DeliveryReport } from './deliver-digests.ts';
import { fetchFeeds, type FeedSelection, type FetchReport } from './fetch-feeds.ts';
import { crashHookFromEnv, type CyclePoint } from './crash-point.ts';
import { matchNewArticles, type MatchReport } from './match-articles.ts';

export interface CycleDeps {
  store: Store;
  feeds: FeedSettings[];
  /** Fetch limits from the feeds file; defaults from src/fetch/limits.ts for the rest. */
  fetchLimits?: Partial<FetchLimits>;
  /** The due feeds by default; `all` or a list of ids fetch now whatever their interval (fetch-feeds.ts). */
  select?: FeedSelection;
  watchlists: CompiledWatchlists;
  logger: Logger;
  now: () => Date;
  /** Absent for `rasid fetch`, which fetches, matches and stores only. */
  delivery?: {
    transport: MailTransport;
    recipients: Recipient[];
    from: string;
    mode: 'scheduled' | 'now';
    /** Entry names and watchlists: readable subjects, and subscriptions by watchlist. */
    catalog?: EntryCatalog;
    /** Chat and push channels, served after the mail under the same `digest` lease. */
    channels?: ChannelSettings;
  };
  onProgress?: (stage: 'fetch' | 'match', done: number, total?: number) => void;
  /** Who takes the leases (store/leases-repo.ts): one id per process; a fresh one by default. */
  leaseHolder?: string;
  leaseTtlMs?: number;
  /** How long a process with new hits waits for a busy `digest` lease before leaving them to the next run (default 60 s). */
  digestWaitMs?: number;
  /** Aborted when the process is stopping: the cycle finishes the stage in progress and sends nothing new. */
  signal?: AbortSignal;
  /** Test hook at named points of the cycle; RASID_TEST_CRASH_AT by default (see crash-point.ts). */
  checkpoint?: (point: CyclePoint) => void | Promise<void>;
}

export interface CycleReport {
  status: RunStatus;
  fetch: FetchReport;
  match: MatchReport;
  delivery: DeliveryReport | null;
  /** Stages left out: another process holds their lease (and does that work), or this one is stopping. */
  skipped: Array<{ stage: 'fetch' | 'delivery'; because: 'busy' | 'stopping'; reason: string }>;
  durationMs: number;
}

/** A raw database error (busy, read-only, disk full, connection lost) becomes a StorageError in words, for exit status 2. */
function asStorageError(err: unknown, location: string): unknown {
  if (err instanceof StorageError) return err;
  return isDatabaseError(err) ? new StorageError(describeStorageError(err, location)) : err;
}

function busy(lease: Lease): string {
  return `another Rasid process (${lease.holder}) is doing it; its lease runs until ${lease.expiresAt}`;
}

/** `partial` when something failed but the cycle did its job for the rest; `failed` when nothing got through. */
export function cycleStatus(fetch: FetchReport, delivery: DeliveryReport | null): RunStatus {
  const attempted = fetch.feeds.filter((f) => f.status !== 'skipped');
  const failedFeeds = attempted.filter((f) => f.status === 'failed').length;
  if (attempted.length > 0 && failedFeeds === attempted.length) return 'failed';
  if ((delivery?.failed ?? 0) > 0) return 'failed';
  return failedFeeds > 0 ? 'partial' : 'ok';
}

// Two processes on one database (a daemon and a manual run, overlapping container jobs) split the
// work with two leases: `cycle` around fetch + match, so no feed is fetched twice at once, and
// `digest` around delivery, so no digest goes out twice. A stage whose lease is taken is skipped,
// not waited for: the holder is doing that very work.
export async function runCycle(deps: CycleDeps): Promise<CycleReport> {
  const started = deps.now();
  const holder = deps.leaseHolder ?? newLeaseHolder();
  const checkpoint = deps.checkpoint ?? crashHookFromEnv(process.env);
  const lease = async (name: string) => {
    const got = await holdLease(deps.store, name, {
      holder,
      ttlMs: deps.leaseTtlMs,
      now: deps.now,
      onLost: (n) => deps.logger.error({ lease: n }, `the ${n} lease expired while this process stalled and another process took it over`),
    });
    const from = got.acquired ? got.held.tookOverFrom : null;
    if (from) deps.logger.warn({ lease: name, from }, `took over the ${name} lease of ${from} (it crashed or stalled)`);
    return got;
  };
  // A process that has just matched new hits waits (a while) for a `digest` lease another process
  // holds: that process planned its messages before these hits existed, and skipping would hold
  // them back until the next run. With nothing new, the holder is doing all there is to do.
  const digestLeaseFor = async (matchedNew: boolean) => {
    const giveUpAt = Date.now() + (deps.digestWaitMs ?? 60_000);
    for (;;) {
      const got = await lease(DIGEST_LEASE);
      if (got.acquired || !matchedNew || deps.signal?.aborted || Date.now() >= giveUpAt) return got;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  // With several workers on one PostgreSQL, each takes its share of every stage (feeds and articles
  // are claimed row by row, digests per recipient); on SQLite one process at a time does a stage.
  const shared = deps.store.parallelWorkers;
  const skipped: CycleReport['skipped'] = [];
  let runId: number;
  try {
    runId = await startRun(deps.store, deps.delivery ? 'run' : 'fetch', started);
  } catch (err) {
    throw asStorageError(err, deps.store.location);
  }
  try {
    let fetch: FetchReport = { feeds: [], newArticleIds: [], durationMs: 0 };
    let match: MatchReport = { articlesMatched: 0, hitsNew: 0, hitsByEntry: {} };
    const cycleLease = shared ? null : await lease(CYCLE_LEASE);
    if (cycleLease && !cycleLease.acquired) skipped.push({ stage: 'fetch', because: 'busy', reason: busy(cycleLease.heldBy) });
    else {
      try {
        fetch = await fetchFeeds({
          store: deps.store,
          feeds: deps.feeds,
          limits: deps.fetchLimits,
          now: deps.now,
          logger: deps.logger,
          holder,
          claimTtlMs: deps.leaseTtlMs,
          select: deps.select,
          onProgress: deps.onProgress && ((done, total) => deps.onProgress!('fetch', done, total)),
        });
        await checkpoint('after-fetch');
        match = await matchNewArticles({
          store: deps.store,
          watchlists: deps.watchlists,
          now: deps.now,
          // Matching a large backlog keeps the process busy, so the lease is renewed per batch rather than by its timer alone.
          onProgress: (done) => {
            if (cycleLease?.acquired) void cycleLease.held.renew();
            deps.onProgress?.('match', done);
          },
        });
        await checkpoint('after-match');
      } finally {
        if (cycleLease?.acquired) await cycleLease.held.release();
      }
    }
    let delivery: DeliveryReport | null = null;
    if (deps.delivery && deps.signal?.aborted) skipped.push({ stage: 'delivery', because: 'stopping', reason: 'the process is stopping; pending hits go out next run' });
    else if (deps.delivery) {
      const digestLease = shared ? null : await digestLeaseFor(match.hitsNew > 0);
      if (digestLease && !digestLease.acquired) skipped.push({ stage: 'delivery', because: 'busy', reason: busy(digestLease.heldBy) });
      else {
        try {
          delivery = await deliverDigests({
            store: deps.store,
            logger: deps.logger,
            now: deps.now,
            ...deps.delivery,
            // Workers on PostgreSQL split the recipients: each recipient's messages are sent by the worker holding its lease.
            recipientLease: shared ? (address) => lease(`${DIGEST_LEASE}:${address.toLowerCase()}`) : undefined,
          });
          const { channels, catalog } = deps.delivery;
          if (channels) {
            delivery.channels = await deliverAlerts({
              ...channels,
              catalog,
              store: deps.store,
              logger: deps.logger,
              now: deps.now,
              checkpoint,
              signal: deps.signal,
              // As with recipients: with several workers, each channel is served by the worker holding its lease.
              channelLease: shared ? (name) => lease(`${DIGEST_LEASE}:channel:${name}`) : undefined,
            });
          }
          await checkpoint('after-delivery');
        } finally {
          if (digestLease?.acquired) await digestLease.held.release();
        }
      }
    }
    for (const s of skipped) deps.logger.info({ stage: s.stage }, `${s.stage} skipped: ${s.reason}`);
    const report: CycleReport = {
      status: cycleStatus(fetch, delivery),
      fetch,
      match,
      delivery,
      skipped,
      durationMs: deps.now().getTime() - started.getTime(),
    };
    await finishRun(deps.store, runId, report.status, report, deps.now());
    return report;
  } catch (err) {
    // Recorded when the database still takes writes, so `rasid status` says "failed", not "interrupted".
    try {
      await finishRun(deps.store, runId, 'failed', { error: err instanceof Error ? err.message : String(err) }, deps.now());
    } catch {
      // The storage failure itself is what the caller reports.
    }
    throw asStorageError(err, deps.store.location);
  }
}
