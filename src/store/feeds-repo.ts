// Per-feed state between runs: where to fetch, conditional-GET validators, health, and when the
// next fetch is due. A feed that keeps failing is fetched less and less often (doubling, capped at
// a day) and flagged in `rasid feeds status`; it is never dropped.
import type { FeedSettings, FeedState } from '../types.ts';
import { holderIsDead } from './leases-repo.ts';
import type { Store } from './open-store.ts';

interface FeedRow extends Omit<FeedState, 'feedId'> {
  id: string;
  configuredUrl: string | null;
  title: string | null;
  lastItemAt: string | null;
  createdAt: string;
}

const FEED_COLUMNS = `id, url, configured_url AS "configuredUrl", title, etag, last_modified AS "lastModified",
  consecutive_failures AS "consecutiveFailures", last_error AS "lastError", last_error_at AS "lastErrorAt",
  last_success_at AS "lastSuccessAt", last_fetched_at AS "lastFetchedAt", next_fetch_at AS "nextFetchAt",
  last_item_at AS "lastItemAt", created_at AS "createdAt"`;

async function feedRows(store: Store): Promise<FeedRow[]> {
  return store.sql.all<FeedRow>(`SELECT ${FEED_COLUMNS} FROM feeds ORDER BY id`);
}

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
  /** The title the feed gives itself, stored when the feeds file gives none; undefined keeps the stored one. */
  feedTitle?: string;
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
  sync(configured: FeedSettings[], now: Date): Promise<void>;
  states(): Promise<Map<string, FeedState>>;
  recordSuccess(feedId: string, now: Date, record: SuccessRecord): Promise<void>;
  /**
   * The state of feeds this worker just claimed, read after the claim (another worker may have
   * fetched them since the cycle began), with the fingerprint of the last body parsed (or null).
   */
  claimedStates(feedIds: readonly string[]): Promise<Map<string, { state: FeedState; bodyHash: string | null }>>;
  /** Counts the failure and schedules the next attempt; returns the new consecutive failure count. */
  recordFailure(feedId: string, now: Date, record: FailureRecord): Promise<number>;
}

const INSERT_FEED_HEAD = 'INSERT INTO feeds (id, url, configured_url, title, created_at) VALUES';
const INSERT_FEED_TAIL = 'ON CONFLICT (id) DO NOTHING';
/** Rows per insert: 5 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const INSERT_BATCH = 500;
const RESTART_FEED =
  'UPDATE feeds SET url = ?, configured_url = ?, etag = NULL, last_modified = NULL, body_hash = NULL, next_fetch_at = NULL, title = coalesce(?, title) WHERE id = ?';
const RETITLE_FEED = 'UPDATE feeds SET title = ? WHERE id = ?';
const FAILURE = 'UPDATE feeds SET claimed_by = NULL, claimed_until = NULL, consecutive_failures = ?, last_error = ?, last_error_at = ?, last_fetched_at = ?, next_fetch_at = ? WHERE id = ?';

/** The statements a fetch run executes once per feed (the SQLite client keeps them prepared). */
export function openFeedsRepo(store: Store): FeedsRepo {
  const { sql } = store;
  const success = `UPDATE feeds SET
      claimed_by = NULL, claimed_until = NULL, consecutive_failures = 0, last_success_at = ?, last_fetched_at = ?, next_fetch_at = ?,
      etag = CASE WHEN ? = 1 THEN ? ELSE etag END,
      last_modified = CASE WHEN ? = 1 THEN ? ELSE last_modified END,
      url = coalesce(?, url),
      body_hash = coalesce(?, body_hash),
      title = coalesce(?, title),
      last_item_at = CASE WHEN CAST(? AS text) IS NULL THEN last_item_at ELSE ${sql.greatest("coalesce(last_item_at, '')", 'CAST(? AS text)')} END
    WHERE id = ?`;

  return {
    async sync(configured, now) {
      const at = now.toISOString();
      const rows = new Map((await feedRows(store)).map((r) => [r.id, r]));
      await sql.transaction(async () => {
        // New feeds in multi-row inserts (a first run over thousands of feeds), changed ones one by one.
        const fresh = configured.filter((feed) => !rows.has(feed.id));
        for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
          const batch = fresh.slice(i, i + INSERT_BATCH);
          await sql.run(
            `${INSERT_FEED_HEAD} ${batch.map(() => '(?, ?, ?, ?, ?)').join(', ')} ${INSERT_FEED_TAIL}`,
            batch.flatMap((feed) => [feed.id, feed.url, feed.url, feed.title ?? null, at]),
          );
        }
        for (const feed of configured) {
          const row = rows.get(feed.id);
          if (!row) continue;
          else if ((row.configuredUrl ?? row.url) !== feed.url) await sql.run(RESTART_FEED, [feed.url, feed.url, feed.title ?? null, feed.id]);
          else if (feed.title !== undefined && feed.title !== row.title) await sql.run(RETITLE_FEED, [feed.title, feed.id]);
        }
      });
    },
    async states() {
      return new Map((await feedRows(store)).map((row) => [row.id, toState(row)]));
    },
    async recordSuccess(feedId, now, record) {
      const setValidators = record.etag !== undefined || record.lastModified !== undefined ? 1 : 0;
      const at = now.toISOString();
      const newest = record.newestItemAt ?? null;
      await sql.run(success, [
        at,
        at,
        addMinutes(now, record.intervalMinutes),
        setValidators,
        record.etag ?? null,
        setValidators,
        record.lastModified ?? null,
        record.movedTo ?? null,
        record.bodyHash ?? null,
        record.feedTitle ?? null,
        newest,
        newest,
        feedId,
      ]);
    },
    async claimedStates(feedIds) {
      if (feedIds.length === 0) return new Map();
      // One read per claim, not one per feed: on PostgreSQL every statement is a round trip.
      const rows = await sql.all<FeedRow & { bodyHash: string | null }>(
        `SELECT ${FEED_COLUMNS}, body_hash AS "bodyHash" FROM feeds WHERE ${sql.inList('id', 'text')}`,
        [sql.listParam([...feedIds])],
      );
      return new Map(rows.map((row) => [row.id, { state: toState(row), bodyHash: row.bodyHash }]));
    },
    async recordFailure(feedId, now, record) {
      const at = now.toISOString();
      const row = await sql.get<{ n: number }>('SELECT consecutive_failures AS "n" FROM feeds WHERE id = ?', [feedId]);
      const failures = Number(row?.n ?? 0) + 1;
      const waitMinutes = Math.max(
        failureBackoffMinutes(record.intervalMinutes, failures),
        Math.min(MAX_BACKOFF_MINUTES, (record.retryAfterSeconds ?? 0) / 60),
      );
      await sql.run(FAILURE, [failures, record.error, at, at, addMinutes(now, waitMinutes), feedId]);
      return failures;
    },
  };
}

export async function syncFeeds(store: Store, configured: FeedSettings[], now: Date): Promise<void> {
  await openFeedsRepo(store).sync(configured, now);
}

export async function getFeedState(store: Store, feedId: string): Promise<FeedState | null> {
  const row = await store.sql.get<FeedRow>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE id = ?`, [feedId]);
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

export async function recordFetchSuccess(store: Store, feedId: string, now: Date, record: SuccessRecord): Promise<void> {
  await openFeedsRepo(store).recordSuccess(feedId, now, record);
}

export async function recordFetchFailure(store: Store, feedId: string, now: Date, record: FailureRecord): Promise<number> {
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
export async function feedHealth(store: Store, configured: FeedSettings[], now: Date): Promise<FeedHealth[]> {
  const since = new Date(now.getTime() - STOPPED_PUBLISHING_DAYS * DAY_MS).toISOString();
  const counts = await store.sql.all<{ feedId: string; n: number }>(
    'SELECT feed_id AS "feedId", COUNT(*) AS "n" FROM article_sources WHERE seen_at >= ? GROUP BY feed_id',
    [since],
  );
  const recent = new Map(counts.map((r) => [r.feedId, Number(r.n)]));
  const rows = new Map((await feedRows(store)).map((r) => [r.id, r]));
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

export interface ClaimRequest {
  /** The worker claiming: a lease holder id (store/leases-repo.ts newLeaseHolder). */
  holder: string;
  /** Only feeds of the feeds file (and enabled) are claimed. */
  feedIds: string[];
  now: Date;
  /** How long a claim holds if the worker dies: after that another worker may take the feed. */
  ttlMs: number;
  limit: number;
  /**
   * This worker alone fetches (SQLite: it holds the cycle lease), so a claim left in the table is
   * stale, whoever made it (a crashed run, or a run of this process that hit a full disk).
   */
  alone?: boolean;
  /** Claim the feeds whether or not they are due (`rasid fetch --now`, `--feed ID`). */
  ignoreSchedule?: boolean;
}

/**
 * Claims up to `limit` due feeds for one worker. On PostgreSQL the candidate rows are locked with
 * FOR UPDATE SKIP LOCKED, so workers claiming at the same moment each get different feeds without
 * waiting for each other; a claim left by a dead worker is free again once `claimed_until` passes.
 * Claims end when the fetch outcome is recorded (recordSuccess / recordFailure clear them).
 */
export async function claimDueFeeds(store: Store, request: ClaimRequest): Promise<string[]> {
  const { sql } = store;
  const at = request.now.toISOString();
  const until = new Date(request.now.getTime() + request.ttlMs).toISOString();
  const lock = sql.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const rows = await sql.all<{ id: string }>(
    `UPDATE feeds SET claimed_by = ?, claimed_until = ?
     WHERE id IN (
       SELECT id FROM feeds
       WHERE ${sql.inList('id', 'text')}
         AND (? = 1 OR next_fetch_at IS NULL OR next_fetch_at <= ?)
         AND (? = 1 OR claimed_until IS NULL OR claimed_until <= ?)
       ORDER BY next_fetch_at NULLS FIRST, id
       LIMIT ? ${lock}
     )
     RETURNING id`,
    [request.holder, until, sql.listParam(request.feedIds), request.ignoreSchedule ? 1 : 0, at, request.alone ? 1 : 0, at, request.limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Frees the claims of workers that died on this host (their pid is gone), so a restarted worker or
 * the next `rasid run` fetches those feeds now instead of after the claims expire.
 */
export async function releaseDeadClaims(store: Store): Promise<string[]> {
  const holders = await store.sql.all<{ holder: string }>('SELECT DISTINCT claimed_by AS "holder" FROM feeds WHERE claimed_by IS NOT NULL');
  const dead = holders.map((h) => h.holder).filter((h) => holderIsDead(h));
  for (const holder of dead) await releaseFeedClaims(store, holder);
  return dead;
}

/** Gives claims back unfetched (a worker stopping mid-cycle), so others need not wait for them to expire. */
export async function releaseFeedClaims(store: Store, holder: string): Promise<number> {
  return store.sql.run('UPDATE feeds SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?', [holder]);
}
