// Per-feed state between runs: where to fetch, conditional-GET validators, health, and when the
// next fetch is due. A feed that keeps failing is fetched less and less often (doubling, capped at
// a day) and flagged in `rasid feeds status`; it is never dropped.
import { eq, sql } from 'drizzle-orm';
import * as schema from '../../schema/index.ts';
import type { FeedSettings, FeedState } from '../types.ts';
import type { Store } from './open-store.ts';

const { feeds, articleSources } = schema;
type FeedRow = typeof feeds.$inferSelect;

/** Consecutive failures from which a feed is reported as failing. */
export const FAILING_AFTER = 3;
/** Days without a new item after which a feed that still answers is said to have stopped publishing. */
export const STOPPED_PUBLISHING_DAYS = 7;
/** The longest a failing feed waits between two attempts. */
export const MAX_BACKOFF_MINUTES = 24 * 60;

const DAY_MS = 24 * 60 * 60 * 1000;

function toState(row: FeedRow): FeedState {
  return {
    feedId: row.id,
    url: row.url,
    etag: row.etag,
    lastModified: row.lastModified,
    consecutiveFailures: row.consecutiveFailures,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    lastSuccessAt: row.lastSuccessAt,
    lastFetchedAt: row.lastFetchedAt,
    nextFetchAt: row.nextFetchAt,
  };
}

export interface SuccessRecord {
  intervalMinutes: number;
  /** New validators; undefined keeps the stored ones (a 304 answer). */
  etag?: string | null;
  lastModified?: string | null;
  /** Address to fetch from now on, after a permanent redirect. */
  movedTo?: string | null;
  /** Newest publication date among the items just fetched. */
  newestItemAt?: string | null;
  /** Fingerprint of the body just parsed (see src/pipeline/fetch-feeds.ts); undefined keeps the stored one. */
  bodyHash?: string;
}

export interface FailureRecord {
  intervalMinutes: number;
  /** The error in plain words, as the user will read it. */
  error: string;
  /** The server asked us to wait this long (429/503 Retry-After). */
  retryAfterSeconds?: number | null;
}

export interface FeedsRepo {
  /**
   * Makes the table agree with the feeds file: new feeds get a row; a feed whose configured
   * address changed starts over from the new one (validators of the old address are meaningless).
   */
  sync(configured: FeedSettings[], now: Date): void;
  states(): Map<string, FeedState>;
  recordSuccess(feedId: string, now: Date, record: SuccessRecord): void;
  /** Fingerprint of the last body parsed for the feed, or null. */
  bodyHash(feedId: string): string | null;
  /** Counts the failure and schedules the next attempt; returns the new consecutive failure count. */
  recordFailure(feedId: string, now: Date, record: FailureRecord): number;
}

/**
 * The statements a fetch run executes once per feed, prepared once per run: at 1,000 feeds,
 * building and preparing each query per call cost more than the 304 answers themselves.
 */
export function openFeedsRepo(store: Store): FeedsRepo {
  const { sqlite } = store;
  const insert = sqlite.prepare('INSERT INTO feeds (id, url, configured_url, title, created_at) VALUES (?, ?, ?, ?, ?)');
  const restart = sqlite.prepare(
    'UPDATE feeds SET url = ?, configured_url = ?, etag = NULL, last_modified = NULL, body_hash = NULL, next_fetch_at = NULL, title = coalesce(?, title) WHERE id = ?',
  );
  const retitle = sqlite.prepare('UPDATE feeds SET title = ? WHERE id = ?');
  const success = sqlite.prepare(`UPDATE feeds SET
      consecutive_failures = 0, last_success_at = @at, last_fetched_at = @at, next_fetch_at = @next,
      etag = CASE WHEN @setValidators THEN @etag ELSE etag END,
      last_modified = CASE WHEN @setValidators THEN @lastModified ELSE last_modified END,
      url = coalesce(@movedTo, url),
      body_hash = coalesce(@bodyHash, body_hash),
      last_item_at = CASE WHEN @newest IS NULL THEN last_item_at ELSE max(coalesce(last_item_at, ''), @newest) END
    WHERE id = @id`);
  const bodyHashOf = sqlite.prepare('SELECT body_hash FROM feeds WHERE id = ?').pluck();
  const failuresOf = sqlite.prepare('SELECT consecutive_failures FROM feeds WHERE id = ?').pluck();
  const failure = sqlite.prepare(
    'UPDATE feeds SET consecutive_failures = ?, last_error = ?, last_error_at = ?, last_fetched_at = ?, next_fetch_at = ? WHERE id = ?',
  );

  return {
    sync(configured, now) {
      const at = now.toISOString();
      const rows = new Map(store.db.select().from(feeds).all().map((r) => [r.id, r]));
      sqlite.transaction(() => {
        for (const feed of configured) {
          const row = rows.get(feed.id);
          if (!row) insert.run(feed.id, feed.url, feed.url, feed.title ?? null, at);
          else if ((row.configuredUrl ?? row.url) !== feed.url) restart.run(feed.url, feed.url, feed.title ?? null, feed.id);
          else if (feed.title !== undefined && feed.title !== row.title) retitle.run(feed.title, feed.id);
        }
      })();
    },
    states() {
      return new Map(store.db.select().from(feeds).all().map((row) => [row.id, toState(row)]));
    },
    recordSuccess(feedId, now, record) {
      const setValidators = record.etag !== undefined || record.lastModified !== undefined;
      success.run({
        id: feedId,
        at: now.toISOString(),
        next: addMinutes(now, record.intervalMinutes),
        setValidators: setValidators ? 1 : 0,
        etag: record.etag ?? null,
        lastModified: record.lastModified ?? null,
        movedTo: record.movedTo ?? null,
        newest: record.newestItemAt ?? null,
        bodyHash: record.bodyHash ?? null,
      });
    },
    bodyHash(feedId) {
      return (bodyHashOf.get(feedId) as string | null | undefined) ?? null;
    },
    recordFailure(feedId, now, record) {
      const at = now.toISOString();
      const failures = Number(failuresOf.get(feedId) ?? 0) + 1;
      const waitMinutes = Math.max(
        failureBackoffMinutes(record.intervalMinutes, failures),
        Math.min(MAX_BACKOFF_MINUTES, (record.retryAfterSeconds ?? 0) / 60),
      );
      failure.run(failures, record.error, at, at, addMinutes(now, waitMinutes), feedId);
      return failures;
    },
  };
}

export function syncFeeds(store: Store, configured: FeedSettings[], now: Date): void {
  openFeedsRepo(store).sync(configured, now);
}

export function getFeedState(store: Store, feedId: string): FeedState | null {
  const row = store.db.select().from(feeds).where(eq(feeds.id, feedId)).get();
  return row ? toState(row) : null;
}

export function isDue(state: FeedState | null, now: Date): boolean {
  return !state?.nextFetchAt || state.nextFetchAt <= now.toISOString();
}

/** Minutes to wait after the n-th consecutive failure: the interval, then doubling, capped at a day. */
export function failureBackoffMinutes(intervalMinutes: number, failures: number): number {
  return Math.min(MAX_BACKOFF_MINUTES, intervalMinutes * 2 ** Math.max(0, failures - 1));
}

function addMinutes(now: Date, minutes: number): string {
  return new Date(now.getTime() + minutes * 60_000).toISOString();
}

export function recordFetchSuccess(store: Store, feedId: string, now: Date, record: SuccessRecord): void {
  openFeedsRepo(store).recordSuccess(feedId, now, record);
}

export function recordFetchFailure(store: Store, feedId: string, now: Date, record: FailureRecord): number {
  return openFeedsRepo(store).recordFailure(feedId, now, record);
}

export type FeedFlag = 'failing' | 'stopped-publishing' | 'never-fetched' | 'disabled' | 'not-in-feeds-file';

export interface FeedHealth {
  feedId: string;
  title: string | null;
  url: string;
  configuredUrl: string | null;
  lastSuccessAt: string | null;
  lastFetchedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  nextFetchAt: string | null;
  itemsLast7Days: number;
  lastItemAt: string | null;
  flags: FeedFlag[];
}

/** Health of every configured feed and of any stored feed no longer in the feeds file. */
export function feedHealth(store: Store, configured: FeedSettings[], now: Date): FeedHealth[] {
  const since = new Date(now.getTime() - STOPPED_PUBLISHING_DAYS * DAY_MS).toISOString();
  const recent = new Map(
    store.db
      .select({ feedId: articleSources.feedId, n: sql<number>`count(*)` })
      .from(articleSources)
      .where(sql`${articleSources.seenAt} >= ${since}`)
      .groupBy(articleSources.feedId)
      .all()
      .map((r) => [r.feedId, Number(r.n)]),
  );
  const rows = new Map(store.db.select().from(feeds).all().map((r) => [r.id, r]));
  // First entry per id, as a lookup: a search of the list per feed is quadratic at 1,000 feeds.
  const byId = new Map<string, FeedSettings>();
  for (const f of configured) if (!byId.has(f.id)) byId.set(f.id, f);
  const ids = [...configured.map((f) => f.id), ...[...rows.keys()].filter((id) => !byId.has(id)).sort()];

  return ids.map((id) => {
    const row = rows.get(id);
    const feed = byId.get(id);
    const itemsLast7Days = recent.get(id) ?? 0;
    const flags: FeedFlag[] = [];
    if (!feed) flags.push('not-in-feeds-file');
    else if (!feed.enabled) flags.push('disabled');
    if (!row?.lastFetchedAt) flags.push('never-fetched');
    if ((row?.consecutiveFailures ?? 0) >= FAILING_AFTER) flags.push('failing');
    // Only a feed known for a week can have stopped: a new or empty one has not started yet.
    if (row?.lastSuccessAt && row.createdAt < since && itemsLast7Days === 0 && (!row.lastItemAt || row.lastItemAt < since))
      flags.push('stopped-publishing');
    return {
      feedId: id,
      title: feed?.title ?? row?.title ?? null,
      url: row?.url ?? feed!.url,
      configuredUrl: feed?.url ?? row?.configuredUrl ?? null,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      lastFetchedAt: row?.lastFetchedAt ?? null,
      lastError: row?.lastError ?? null,
      lastErrorAt: row?.lastErrorAt ?? null,
      consecutiveFailures: row?.consecutiveFailures ?? 0,
      nextFetchAt: row?.nextFetchAt ?? null,
      itemsLast7Days,
      lastItemAt: row?.lastItemAt ?? null,
      flags,
    };
  });
}
