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
import { isDue, openFeedsRepo, type FeedsRepo } from '../store/feeds-repo.ts';
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
  /** For tests: the wait between retries, the jitter source, a custom http.Agent. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  agent?: http.Agent;
  /** For tests: the resolver beneath the network guard (a table of names); its answers are still checked. */
  lookup?: LookupFunction;
}

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

export async function fetchFeeds(deps: FetchFeedsDeps): Promise<FetchReport> {
  const started = Date.now();
  const limits = fetchLimits(deps.limits);
  let repo: FeedsRepo;
  let states: Map<string, FeedState>;
  try {
    repo = openFeedsRepo(deps.store);
    repo.sync(deps.feeds, deps.now());
    states = repo.states();
  } catch (err) {
    throw asStorageError(err, deps.store.file);
  }
  const ctx: RunContext = {
    deps,
    fetchDeps: { now: deps.now, limits, logger: deps.logger, sleep: deps.sleep, random: deps.random, agent: deps.agent, lookup: deps.lookup },
    limiter: createHostLimiter(limits.concurrency, limits.perHostConcurrency),
    repo,
    newArticleIds: [],
    storageFailure: null,
  };

  const now = deps.now();
  const due = new Set(deps.feeds.filter((feed) => feed.enabled && isDue(states.get(feed.id) ?? null, now)));
  let done = 0;
  deps.onProgress?.(0, due.size);

  const reports = await Promise.all(
    deps.feeds.map(async (feed): Promise<FeedFetchReport> => {
      const state = states.get(feed.id) ?? null;
      const url = state?.url || feed.url;
      if (!feed.enabled) return { feedId: feed.id, url, status: 'skipped', itemsSeen: 0, itemsNew: 0, reason: 'disabled' };
      if (!due.has(feed))
        return { feedId: feed.id, url, status: 'skipped', itemsSeen: 0, itemsNew: 0, reason: `not due until ${state?.nextFetchAt}` };
      const report = await refreshFeed(feed, state, ctx).catch((err: unknown) => unexpectedFailure(feed, url, err, ctx));
      deps.onProgress?.(++done, due.size);
      return report;
    }),
  );
  if (ctx.storageFailure) throw ctx.storageFailure;
  return { feeds: reports, newArticleIds: ctx.newArticleIds, durationMs: Date.now() - started };
}

/** A bug on one feed's path is that feed's failure, recorded on its row; a storage failure ends the stage. */
function unexpectedFailure(feed: FeedSettings, url: string, err: unknown, ctx: RunContext): FeedFetchReport {
  const base = { feedId: feed.id, url, itemsSeen: 0, itemsNew: 0, status: 'failed' as const };
  if (ctx.storageFailure) return { ...base, error: `not recorded: ${ctx.storageFailure.message}`, errorKind: 'storage' };
  const message = `Rasid failed on this feed: ${err instanceof Error ? err.message : String(err)}`;
  ctx.deps.logger.warn({ feed: feed.id, url, err }, message);
  try {
    storage(ctx, () => ctx.repo.recordFailure(feed.id, ctx.deps.now(), { intervalMinutes: feed.intervalMinutes, error: message }));
  } catch {
    return { ...base, error: `not recorded: ${ctx.storageFailure!.message}`, errorKind: 'storage' };
  }
  return { ...base, error: message, errorKind: 'internal' };
}

/** Runs a store operation; any failure there becomes the run's storage failure. */
function storage<T>(ctx: RunContext, operation: () => T): T {
  if (ctx.storageFailure) throw ctx.storageFailure;
  try {
    return operation();
  } catch (err) {
    ctx.storageFailure = asStorageError(err, ctx.deps.store.file);
    throw ctx.storageFailure;
  }
}

function asStorageError(err: unknown, file: string): StorageError {
  return err instanceof StorageError ? err : new StorageError(describeStorageError(err, file));
}

async function refreshFeed(feed: FeedSettings, state: FeedState | null, ctx: RunContext): Promise<FeedFetchReport> {
  const { store, now, logger } = ctx.deps;
  const url = state?.url || feed.url;
  const base = { feedId: feed.id, url };
  const outcome: FetchOutcome = await ctx.limiter.run(url, () => fetchFeed(feed, state, ctx.fetchDeps));
  if (ctx.storageFailure) throw ctx.storageFailure;

  const fail = (error: FetchError, retryAfterSeconds: number | null = null): FeedFetchReport => {
    const failures = storage(ctx, () =>
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
    storage(ctx, () => ctx.repo.recordSuccess(feed.id, now(), { intervalMinutes: feed.intervalMinutes, movedTo }));
    return notModified;
  }

  // A server without ETag/Last-Modified sends the same bytes again: treat them as a 304. The
  // fingerprint covers the settings that shape parsing, so fixed selectors apply at once.
  const bodyHash = fingerprint(feed, outcome.body);
  if (storage(ctx, () => ctx.repo.bodyHash(feed.id)) === bodyHash) {
    storage(ctx, () =>
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
  try {
    items = clampItems(parseBody(feed, outcome.body, outcome.contentType, outcome.finalUrl, logger), now());
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

  const stored = storage(ctx, () =>
    store.db.transaction(() => {
      const result = storeItems(store, feed, items, now());
      ctx.repo.recordSuccess(feed.id, now(), {
        intervalMinutes: feed.intervalMinutes,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        movedTo,
        newestItemAt: newestDate(items),
        bodyHash,
      });
      return result;
    }),
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

/** Parses a fetched body as the feed's kind says; anything unreadable becomes a `not-a-feed` FetchError. */
function parseBody(feed: FeedSettings, body: Buffer, contentType: string | null, url: string, logger: FetchLogger): FeedItem[] {
  if (body.length === 0 || (body.length < 4096 && body.toString('latin1').trim() === ''))
    throw new FetchError('not-a-feed', 'the server answered with an empty body', { url });
  try {
    const parsed =
      feed.kind === 'html'
        ? parseHtmlListing(body, { contentType, url, selectors: feed.selectors! })
        : parseFeed(body, { contentType, url });
    for (const warning of parsed.warnings ?? []) logger.debug({ feed: feed.id, warning }, 'feed parsed with a warning');
    return parsed.items;
  } catch (err) {
    if (err instanceof NotAFeedError) {
      const looksHtml = feed.kind === 'rss' && /html/i.test(contentType ?? '');
      const hint = looksHtml && !/html/i.test(err.message) ? ' (the address gives a web page: find its RSS link, or set kind: html with selectors)' : '';
      throw new FetchError('not-a-feed', `${err.message}${hint}`, { url });
    }
    // A parser bug must not take the other feeds down with it; the message says what happened.
    throw new FetchError('not-a-feed', `the feed could not be read: ${err instanceof Error ? err.message : String(err)}`, { url });
  }
}
