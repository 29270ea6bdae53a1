// The database tables, SQLite edition (schema/postgres.ts has the same tables for PostgreSQL; keep
// the two in step). drizzle-kit reads this file to write the migrations in schema/migrations; the
// store applies them when it opens a database. Times are ISO-8601 UTC strings: they sort and
// compare as text and read well in the sqlite3 shell.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** Per-feed state between runs: conditional-GET validators and health. */
export const feeds = sqliteTable('feeds', {
  id: text('id').primaryKey(),
  /** The address fetched: the configured one, or where a permanent redirect (301/308) led. */
  url: text('url').notNull(),
  /** The address in the feeds file when `url` was last set; a change there resets `url` and the validators. */
  configuredUrl: text('configured_url'),
  title: text('title'),
  etag: text('etag'),
  lastModified: text('last_modified'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  lastError: text('last_error'),
  lastErrorAt: text('last_error_at'),
  lastSuccessAt: text('last_success_at'),
  lastFetchedAt: text('last_fetched_at'),
  nextFetchAt: text('next_fetch_at'),
  /** Newest item date seen, to flag feeds that stopped publishing. */
  lastItemAt: text('last_item_at'),
  /** SHA-256 of the last body parsed, so an unchanged body from a server without validators is not parsed again. */
  bodyHash: text('body_hash'),
  /** The worker fetching the feed now, and until when its claim holds (PostgreSQL with several workers). */
  claimedBy: text('claimed_by'),
  claimedUntil: text('claimed_until'),
  createdAt: text('created_at').notNull().default(now),
});

/** One row per story. The same story seen again (same guid, canonical URL or content) is not stored twice. */
export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    feedId: text('feed_id').notNull(),
    guid: text('guid'),
    url: text('url'),
    /** URL without tracking parameters and fragment, for cross-feed deduplication. */
    canonicalUrl: text('canonical_url'),
    /** Hash of normalised title + text, for identical content under different URLs. */
    contentHash: text('content_hash').notNull(),
    title: text('title'),
    summary: text('summary'),
    content: text('content'),
    publishedAt: text('published_at'),
    language: text('language'),
    fetchedAt: text('fetched_at').notNull().default(now),
    /** Set once the article has been matched against the watchlists. */
    matchedAt: text('matched_at'),
  },
  (t) => [
    uniqueIndex('articles_canonical_url').on(t.canonicalUrl),
    uniqueIndex('articles_content_hash').on(t.contentHash),
    index('articles_fetched_at').on(t.fetchedAt),
    index('articles_unmatched').on(t.matchedAt),
  ],
);

/** Every feed item that led to an article: the article's sources. `itemKey` identifies the item within its feed. */
export const articleSources = sqliteTable(
  'article_sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    feedId: text('feed_id').notNull(),
    itemKey: text('item_key').notNull(),
    url: text('url'),
    seenAt: text('seen_at').notNull().default(now),
  },
  (t) => [uniqueIndex('article_sources_item').on(t.feedId, t.itemKey), index('article_sources_article').on(t.articleId)],
);

/** One hit per article and watchlist entry. */
export const hits = sqliteTable(
  'hits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'restrict' }),
    entry: text('entry').notNull(),
    /** JSON array of matched surface forms. */
    terms: text('terms').notNull(),
    snippet: text('snippet').notNull(),
    priority: text('priority').notNull().default('normal'),
    /** JSON array of reasons (which alias/rule, which field). */
    why: text('why').notNull().default('[]'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('hits_article_entry').on(t.articleId, t.entry), index('hits_created_at').on(t.createdAt)],
);

/**
 * One row per message handed to a transport. Written as `sending` before the transport is called and
 * turned into `sent` with its ledger rows in one transaction after the transport accepted it.
 */
export const digests = sqliteTable(
  'digests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipient: text('recipient').notNull(),
    /** `digest` (daily) or `alert` (immediate, critical entries). */
    kind: text('kind').notNull().default('digest'),
    status: text('status').notNull(),
    /** Message-ID header, fixed before sending so that a resend after a crash carries the same one. */
    messageId: text('message_id').notNull(),
    /** JSON array of the hit ids the message carries. */
    hitIds: text('hit_ids').notNull(),
    subject: text('subject'),
    /**
     * The composed message frozen at the first attempt (JSON: subject, html, text, date), so a
     * retry sends exactly the same message under the same Message-ID.
     */
    message: text('message'),
    error: text('error'),
    createdAt: text('created_at').notNull().default(now),
    sentAt: text('sent_at'),
  },
  (t) => [index('digests_recipient').on(t.recipient, t.status)],
);

/** The delivery ledger: which hit went to which recipient in which digest. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hitId: integer('hit_id')
      .notNull()
      .references(() => hits.id, { onDelete: 'restrict' }),
    recipient: text('recipient').notNull(),
    digestId: integer('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'restrict' }),
    deliveredAt: text('delivered_at').notNull().default(now),
  },
  (t) => [uniqueIndex('deliveries_hit_recipient').on(t.hitId, t.recipient)],
);

/** Run history, for `rasid status` and the digest's source-health section. */
export const runs = sqliteTable('runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  command: text('command').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  /** `running`, `ok`, `partial`, `failed`. */
  status: text('status').notNull(),
  /** JSON run report. */
  report: text('report'),
});

/** Leases that keep two processes from doing the same work at once (a stale lease may be taken over). */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/**
 * One row per message to a chat or push channel (webhook, Slack, Teams, Discord, Telegram, ntfy,
 * Matrix). The request is frozen here at the first attempt, without its secrets, and every retry
 * sends exactly those bytes with the same idempotency key; `sending` is written before the request
 * leaves and `sent` (with its channel_deliveries rows) after the service answered 2xx.
 */
export const channelMessages = sqliteTable(
  'channel_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The channel's name in the recipients file. */
    channel: text('channel').notNull(),
    /** Whose channel it is: a recipient's address or `team:NAME`. */
    owner: text('owner').notNull(),
    /** `alert` (immediate) or `summary` (daily). */
    kind: text('kind').notNull(),
    /** `sending`, `sent`, `retry`, `failed-permanently`. */
    status: text('status').notNull(),
    /** Fixed at creation: Matrix txnId, ntfy sequence id, X-Rasid-Delivery of webhooks. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** JSON array of the hit ids the message accounts for. */
    hitIds: text('hit_ids').notNull(),
    /** JSON {method, url, headers, body}: the URL and headers without their secret parts. */
    request: text('request').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Answers that refused the message (4xx other than 408/429); it is given up after a few. */
    refusals: integer('refusals').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull().default(now),
    lastAttemptAt: text('last_attempt_at'),
    sentAt: text('sent_at'),
  },
  (t) => [uniqueIndex('channel_messages_key').on(t.idempotencyKey), index('channel_messages_channel').on(t.channel, t.status)],
);

/** Which hit went to which channel, in which message: one row per (hit, channel, kind), set when the service confirmed. */
export const channelDeliveries = sqliteTable(
  'channel_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hitId: integer('hit_id')
      .notNull()
      .references(() => hits.id, { onDelete: 'restrict' }),
    channel: text('channel').notNull(),
    kind: text('kind').notNull(),
    messageId: integer('message_id')
      .notNull()
      .references(() => channelMessages.id, { onDelete: 'restrict' }),
    deliveredAt: text('delivered_at').notNull().default(now),
  },
  (t) => [uniqueIndex('channel_deliveries_hit_channel').on(t.hitId, t.channel, t.kind)],
);
