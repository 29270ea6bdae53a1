// The database tables, PostgreSQL edition: the same tables, columns and indexes as schema/index.ts
// (SQLite), so one set of SQL serves both engines and `rasid db copy` moves rows as they are.
// drizzle-kit reads this file to write the migrations in schema/migrations-postgres.
//
// Times stay ISO-8601 UTC text, as on SQLite, rather than timestamptz: they sort and compare as text
// the same way on both engines, so no query needs two spellings. Ids are integer identity columns
// "by default", so a copy from SQLite keeps its ids.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

const now = sql`(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

export const feeds = pgTable('feeds', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
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
  lastItemAt: text('last_item_at'),
  bodyHash: text('body_hash'),
  claimedBy: text('claimed_by'),
  claimedUntil: text('claimed_until'),
  createdAt: text('created_at').notNull().default(now),
});

export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    feedId: text('feed_id').notNull(),
    guid: text('guid'),
    url: text('url'),
    canonicalUrl: text('canonical_url'),
    contentHash: text('content_hash').notNull(),
    title: text('title'),
    summary: text('summary'),
    content: text('content'),
    publishedAt: text('published_at'),
    language: text('language'),
    fetchedAt: text('fetched_at').notNull().default(now),
    matchedAt: text('matched_at'),
  },
  (t) => [
    uniqueIndex('articles_canonical_url').on(t.canonicalUrl),
    uniqueIndex('articles_content_hash').on(t.contentHash),
    index('articles_fetched_at').on(t.fetchedAt),
    index('articles_unmatched').on(t.matchedAt),
  ],
);

export const articleSources = pgTable(
  'article_sources',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

export const hits = pgTable(
  'hits',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'restrict' }),
    entry: text('entry').notNull(),
    terms: text('terms').notNull(),
    snippet: text('snippet').notNull(),
    priority: text('priority').notNull().default('normal'),
    why: text('why').notNull().default('[]'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('hits_article_entry').on(t.articleId, t.entry), index('hits_created_at').on(t.createdAt)],
);

export const digests = pgTable(
  'digests',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull().default('digest'),
    status: text('status').notNull(),
    messageId: text('message_id').notNull(),
    hitIds: text('hit_ids').notNull(),
    subject: text('subject'),
    message: text('message'),
    error: text('error'),
    createdAt: text('created_at').notNull().default(now),
    sentAt: text('sent_at'),
  },
  (t) => [index('digests_recipient').on(t.recipient, t.status)],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

export const runs = pgTable('runs', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  command: text('command').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  status: text('status').notNull(),
  report: text('report'),
});

export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

export const channelMessages = pgTable(
  'channel_messages',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    channel: text('channel').notNull(),
    owner: text('owner').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    hitIds: text('hit_ids').notNull(),
    request: text('request').notNull(),
    attempts: integer('attempts').notNull().default(0),
    refusals: integer('refusals').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull().default(now),
    lastAttemptAt: text('last_attempt_at'),
    sentAt: text('sent_at'),
  },
  (t) => [uniqueIndex('channel_messages_key').on(t.idempotencyKey), index('channel_messages_channel').on(t.channel, t.status)],
);

export const channelDeliveries = pgTable(
  'channel_deliveries',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
