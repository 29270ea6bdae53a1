// The fetch stage of a cycle: every due feed is fetched (within the limits), parsed, and its new
// items stored; each feed's outcome is recorded on its row. One feed's failure is that feed's
// alone: it is reported and the others go on. Only a storage failure ends the stage (rethrown).
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { LookupFunction } from 'node:net';
import { FetchError, NotAFeedError, StorageError } from '../errors.ts';
import { fetchDepsForFeed, fetchFeed, type FetchDeps, type FetchLogger, type FetchOutcome } from '../fetch/fetch-feed.ts';
import { createHostLimiter, type HostLimiter } from '../fetch/host-limiter.ts';
import { fetchLimits, type FetchLimits } from '../fetch/limits.ts';
import { parseFeed } from '../parse/parse-feed.ts';
import { parseHtmlListing } from '../parse/parse-html-listing.ts';
import { storeItems } from '../store/articles-repo.ts';
import { describeStorageError } from '../store/describe-storage-error.ts';
import { claimDueFeeds, isDue, openFeedsRepo, releaseDeadClaims, releaseFeedClaims, type FeedsRepo } from '../store/feeds-repo.ts';
import type { Store } from '../store/open-store.ts';
import type { FeedItem, FeedSettings, FeedState } from '../types.ts';
import { withArticleText } from './article-pages.ts';
import { clampItems, newestDate } from './clamp-items.ts';

export interface FetchFeedsDeps {
  store: Store;
  feeds: FeedSettings[];
  now: () => Date;
  logger: FetchLogger;
  /** Defaults from src/fetch/limits.ts, with these fields replaced. */
  limits?: Partial<FetchLimits>;
  onProgress?: (done: number, total: number) => void;
  /**
   * Which feeds: `due` (the default) those whose interval and failure backoff have passed; `all`
   * every enabled feed now (`rasid fetch --now`); a list of ids, only those, now (`--feed ID`).
   */
  select?: FeedSelection;
  /**
   * The worker fetching: feeds are claimed in its name before they are fetched, so that workers
   * sharing one database (PostgreSQL) split the due feeds and none is fetched twice at once.
   */
  holder?: string;
  /** How long a claim holds without renewal (renewed every third of it while the stage runs). */
  claimTtlMs?: number;
  /** For tests: the wait between retries, the jitter source, a custom http.Agent. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  agent?: http.Agent;
  /** For tests: the resolver beneath the network guard (a table of names); its answers are still checked. */
  lookup?: LookupFunction;
}

export type FeedSelection = 'due' | 'all' | readonly string[];

export type FeedFetchStatus = 'ok' | 'not-modified' | 'failed' | 'skipped';

export interface FeedFetchReport {
  feedId: string;
  url: string;
  status: FeedFetchStatus;
  itemsSeen: number;
  itemsNew: number;
  /** Why the feed failed, in plain words (also stored on the feed's row). */
  error?: string;
  errorKind?: string;
  /** Why it was skipped: `disabled` or `not due` (with the time it is due). */
  reason?: string;
  /** Set when a permanent redirect moved the feed; the new address is stored. */
  movedTo?: string;
  /** For feeds with `fetchArticles`: linked pages fetched for full text, and those that failed. */
  articlePages?: { fetched: number; failed: number };
}

export interface FetchReport {
  feeds: FeedFetchReport[];
  newArticleIds: number[];
  durationMs: number;
}

interface RunContext {
  deps: FetchFeedsDeps;
  fetchDeps: FetchDeps;
  limiter: HostLimiter;
  repo: FeedsRepo;
  newArticleIds: number[];
  /** Set on the first storage failure, so that feeds still in flight stop writing. */
  storageFailure: StorageError | null;
}

/** Candidates are offered to the claim query in pages of this many ids (one array parameter each). */
const CLAIM_PAGE = 200;
const DEFAULT_CLAIM_TTL_MS = 120_000;

export async function fetchFeeds(deps: FetchFeedsDeps): Promise<FetchReport> {
  const started = Date.now();
  const limits = fetchLimits(deps.limits);
  const holder = deps.holder ?? `fetch:${process.pid}:${started}`;
  const claimTtlMs = deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
  let repo: FeedsRepo;
  let states: Map<string, FeedState>;
  try {
    repo = openFeedsRepo(deps.store);
    await repo.sync(deps.feeds, deps.now());
    await releaseDeadClaims(deps.store);
    states = await repo.states();
  } catch (err) {
    throw asStorageError(err, deps.store.location);
  }
  const ctx: RunContext = {
    deps,
    fetchDeps: { now: deps.now, limits, logger: deps.logger, sleep: deps.sleep, random: deps.random, agent: deps.agent, lookup: deps.lookup },
    limiter: createHostLimiter(limits.concurrency, limits.perHostConcurrency),
    repo,
    newArticleIds: [],
    storageFailure: null,
  };

  const cycleStart = deps.now();
  const byId = new Map<string, FeedSettings>();
  for (const feed of deps.feeds) if (feed.enabled && !byId.has(feed.id)) byId.set(feed.id, feed);
  const select = deps.select ?? 'due';
  const chosen = (feed: FeedSettings) =>
    select === 'due' ? isDue(states.get(feed.id) ?? null, cycleStart) : select === 'all' || select.includes(feed.id);
  const candidates = [...byId.values()].filter(chosen).map((f) => f.id);
  const reports = new Map<string, FeedFetchReport>();
  let done = 0;
  deps.onProgress?.(0, candidates.length);

  // Claims are taken as slots free up, a few at a time, so that several workers interleave over the
  // due feeds instead of one claiming them all; a claim is kept alive while its fetch runs.
  const renewal = setInterval(() => {
    void deps.store.sql
      .run('UPDATE feeds SET claimed_until = ? WHERE claimed_by = ?', [new Date(deps.now().getTime() + claimTtlMs).toISOString(), holder])
      .catch(() => {});
  }, Math.max(10, Math.floor(claimTtlMs / 3)));
  renewal.unref();
  try {
    let page = 0;
    // A feed is offered once per cycle: one with interval 0 is due again the moment it is fetched.
    const offered = new Set<string>();
    const claimMore = async (n: number): Promise<string[]> => {
      while (page * CLAIM_PAGE < candidates.length) {
        const ids = candidates.slice(page * CLAIM_PAGE, (page + 1) * CLAIM_PAGE).filter((id) => !offered.has(id));
        const got =
          ids.length === 0
            ? []
            : await claimDueFeeds(deps.store, {
                holder,
                feedIds: ids,
                now: deps.now(),
                ttlMs: claimTtlMs,
                limit: n,
                alone: !deps.store.parallelWorkers,
                ignoreSchedule: select !== 'due',
              });
        for (const id of got) offered.add(id);
        if (got.length > 0) return got;
        page++;
      }
      return [];
    };
    const inFlight = new Set<Promise<void>>();
    const slots = Math.max(1, limits.concurrency);
    for (;;) {
      if (ctx.storageFailure) break;
      if (inFlight.size >= slots) {
        await Promise.race(inFlight);
        continue;
      }
      let claimed: string[];
      try {
        claimed = await claimMore(slots - inFlight.size);
      } catch (err) {
        ctx.storageFailure = asStorageError(err, deps.store.location);
        break;
      }
      if (claimed.length === 0) break;
      let fresh: Awaited<ReturnType<FeedsRepo['claimedStates']>>;
      try {
        fresh = await repo.claimedStates(claimed);
      } catch (err) {
        ctx.storageFailure = asStorageError(err, deps.store.location);
        break;
      }
      for (const id of claimed) {
        const feed = byId.get(id)!;
        const state = fresh.get(id)?.state ?? states.get(id) ?? null;
        const url = state?.url || feed.url;
        const task = refreshFeed(feed, state, fresh.get(id)?.bodyHash ?? null, ctx)
          .catch((err: unknown) => unexpectedFailure(feed, url, err, ctx))
          .then((report) => {
            reports.set(id, report);
            deps.onProgress?.(++done, candidates.length);
          });
        const tracked = task.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(renewal);
    // Claims of feeds not fetched (the stage ended early) go back at once rather than at their expiry.
    await releaseFeedClaims(deps.store, holder).catch(() => {});
  }
  if (ctx.storageFailure) throw ctx.storageFailure;
  const feedReports = deps.feeds.map((feed): FeedFetchReport => {
    const fetched = reports.get(feed.id);
    if (fetched && byId.get(feed.id) === feed) return fetched;
    const state = states.get(feed.id) ?? null;
    const url = state?.url || feed.url;
    const skipped = { feedId: feed.id, url, status: 'skipped' as const, itemsSeen: 0, itemsNew: 0 };
    if (!feed.enabled) return { ...skipped, reason: 'disabled' };
    if (byId.get(feed.id) !== feed) return { ...skipped, reason: 'listed twice in the feeds file; the first entry is fetched' };
    if (Array.isArray(select) && !select.includes(feed.id)) return { ...skipped, reason: 'not selected' };
    if (!isDue(state, cycleStart)) return { ...skipped, reason: `not due until ${state?.nextFetchAt}` };
    return { ...skipped, reason: 'fetched by another worker' };
  });
  return { feeds: feedReports, newArticleIds: ctx.newArticleIds, durationMs: Date.now() - started };
}

/** A bug on one feed's path is that feed's failure, recorded on its row; a storage failure ends the stage. */
async function unexpectedFailure(feed: FeedSettings, url: string, err: unknown, ctx: RunContext): Promise<FeedFetchReport> {
  const base = { feedId: feed.id, url, itemsSeen: 0, itemsNew: 0, status: 'failed' as const };
  if (ctx.storageFailure) return { ...base, error: `not recorded: ${ctx.storageFailure.message}`, errorKind: 'storage' };
  const message = `Rasid failed on this feed: ${err instanceof Error ? err.message : String(err)}`;
  ctx.deps.logger.warn({ feed: feed.id, url, err }, message);
  try {
    await storage(ctx, () => ctx.repo.recordFailure(feed.id, ctx.deps.now(), { intervalMinutes: feed.intervalMinutes, error: message }));
  } catch {
    return { ...base, error: `not recorded: ${ctx.storageFailure!.message}`, errorKind: 'storage' };
  }
  return { ...base, error: message, errorKind: 'internal' };
}

/** Runs a store operation; any failure there becomes the run's storage failure. */
async function storage<T>(ctx: RunContext, operation: () => Promise<T>): Promise<T> {
  if (ctx.storageFailure) throw ctx.storageFailure;
  try {
    return await operation();
  } catch (err) {
    ctx.storageFailure = asStorageError(err, ctx.deps.store.location);
    throw ctx.storageFailure;
  }
}

function asStorageError(err: unknown, location: string): StorageError {
  return err instanceof StorageError ? err : new StorageError(describeStorageError(err, location));
}

/** `storedBodyHash`: the fingerprint of the body parsed last time (read with the claim). */
async function refreshFeed(feed: FeedSettings, state: FeedState | null, storedBodyHash: string | null, ctx: RunContext): Promise<FeedFetchReport> {
  const { store, now, logger } = ctx.deps;
  const url = state?.url || feed.url;
  const base = { feedId: feed.id, url };
  const outcome: FetchOutcome = await ctx.limiter.run(url, () => fetchFeed(feed, state, ctx.fetchDeps));
  if (ctx.storageFailure) throw ctx.storageFailure;

  const fail = async (error: FetchError, retryAfterSeconds: number | null = null): Promise<FeedFetchReport> => {
    const failures = await storage(ctx, () =>
      ctx.repo.recordFailure(feed.id, now(), { intervalMinutes: feed.intervalMinutes, error: error.message, retryAfterSeconds }),
    );
    logger.debug({ feed: feed.id, url, kind: error.kind, failures }, `feed failed: ${error.message}`);
    return { ...base, status: 'failed', itemsSeen: 0, itemsNew: 0, error: error.message, errorKind: error.kind };
  };

  if (outcome.status === 'failed') return fail(outcome.error, outcome.retryAfterSeconds);
  const movedTo = outcome.permanentUrl && outcome.permanentUrl !== url ? outcome.permanentUrl : undefined;
  if (movedTo) logger.info({ feed: feed.id, from: url, to: movedTo }, 'feed moved permanently; stored its new address');
  const notModified: FeedFetchReport = { ...base, status: 'not-modified', itemsSeen: 0, itemsNew: 0, ...(movedTo ? { movedTo } : {}) };

  if (outcome.status === 'not-modified') {
    await storage(ctx, () => ctx.repo.recordSuccess(feed.id, now(), { intervalMinutes: feed.intervalMinutes, movedTo }));
    return notModified;
  }

  // A server without ETag/Last-Modified sends the same bytes again: treat them as a 304. The
  // fingerprint covers the settings that shape parsing, so fixed selectors apply at once.
  const bodyHash = fingerprint(feed, outcome.body);
  if (storedBodyHash === bodyHash) {
    await storage(ctx, () =>
      ctx.repo.recordSuccess(feed.id, now(), {
        intervalMinutes: feed.intervalMinutes,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        movedTo,
      }),
    );
    return notModified;
  }

  let items: FeedItem[];
  let ownTitle: string | null;
  try {
    const parsed = parseBody(feed, outcome.body, outcome.contentType, outcome.finalUrl, logger);
    items = clampItems(parsed.items, now());
    ownTitle = parsed.title;
  } catch (err) {
    // The validators are not stored, so the next run downloads and parses the feed again.
    if (err instanceof FetchError) return fail(err);
    throw err;
  }
  let articlePages: FeedFetchReport['articlePages'];
  if (feed.fetchArticles && items.length > 0) {
    const enriched = await withArticleText(items, { store, limiter: ctx.limiter, fetchDeps: fetchDepsForFeed(ctx.fetchDeps, feed) });
    items = enriched.items;
    articlePages = { fetched: enriched.pagesFetched, failed: enriched.pagesFailed };
  }
  if (ctx.storageFailure) throw ctx.storageFailure;

  // The items and the feed's new validators commit together: a crash between them would otherwise
  // store items whose feed is fetched again with the old validators, or validators without items.
  const stored = await storage(ctx, () =>
    store.sql.transaction(
      async () => {
        const result = await storeItems(store, feed, items, now());
        await ctx.repo.recordSuccess(feed.id, now(), {
          intervalMinutes: feed.intervalMinutes,
          etag: outcome.etag,
          lastModified: outcome.lastModified,
          movedTo,
          newestItemAt: newestDate(items),
          bodyHash,
          // The feed's own name, shown by `feeds status` and as the source, when the feeds file names none.
          ...(feed.title === undefined && ownTitle ? { feedTitle: ownTitle.slice(0, 200) } : {}),
        });
        return result;
      },
      { retryOnConflict: true },
    ),
  );
  for (const article of stored.newArticles) ctx.newArticleIds.push(article.id);
  return {
    ...base,
    status: 'ok',
    itemsSeen: items.length,
    itemsNew: stored.newArticles.length,
    ...(movedTo ? { movedTo } : {}),
    ...(articlePages ? { articlePages } : {}),
  };
}

function fingerprint(feed: FeedSettings, body: Buffer): string {
  return createHash('sha256')
    .update(JSON.stringify([feed.kind, feed.selectors ?? null, feed.fetchArticles]))
    .update(body)
    .digest('hex');
}

/**
 * Parses a fetched body as the feed's kind says; anything unreadable becomes a `not-a-feed`
 * FetchError (naming the feed an HTML page links to). Also what `rasid feeds add` checks a new feed with.
 */
export function parseBody(feed: FeedSettings, body: Buffer, contentType: string | null, url: string, logger: FetchLogger): { items: FeedItem[]; title: string | null } {
  if (body.length === 0 || (body.length < 4096 && body.toString('latin1').trim() === ''))
    throw new FetchError('not-a-feed', 'the server answered with an empty body', { url });
  try {
    const parsed =
      feed.kind === 'html'
        ? parseHtmlListing(body, { contentType, url, selectors: feed.selectors! })
        : parseFeed(body, { contentType, url });
    for (const warning of parsed.warnings ?? []) logger.debug({ feed: feed.id, warning }, 'feed parsed with a warning');
    return { items: parsed.items, title: parsed.feed.title?.trim() || null };
  } catch (err) {
    if (err instanceof NotAFeedError) {
      const looksHtml = feed.kind === 'rss' && /html/i.test(contentType ?? '');
      const hint = looksHtml && !/html/i.test(err.message) ? ' (the address gives a web page: find its RSS link, or set kind: html with selectors)' : '';
      throw new FetchError('not-a-feed', `${err.message}${hint}`, { url, ...(err.namedFeed ? { namedFeed: err.namedFeed } : {}) });
    }
    // A parser bug must not take the other feeds down with it; the message says what happened.
    throw new FetchError('not-a-feed', `the feed could not be read: ${err instanceof Error ? err.message : String(err)}`, { url });
  }
}
