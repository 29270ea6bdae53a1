// One description of Rasid's tables, built for each engine: schema/index.ts (SQLite) and
// schema/postgres.ts (PostgreSQL) pass in their drizzle column builders. Both engines therefore have
// the same tables, columns and indexes, so one set of SQL serves both and `rasid db copy` moves rows
// as they are. drizzle-kit reads the two files to write schema/migrations and
// schema/migrations-postgres. Times are ISO-8601 UTC text on both engines: they sort and compare as
// text the same way everywhere, and read well in a shell.
import type { SQL } from 'drizzle-orm';

type Builder = any;

export interface EngineBuilders {
  table: (name: string, columns: Record<string, Builder>, extras?: (t: any) => Builder[]) => any;
  text: (name: string) => Builder;
  integer: (name: string) => Builder;
  /** An integer primary key the database numbers (AUTOINCREMENT on SQLite, an identity column on PostgreSQL). */
  id: (name: string) => Builder;
  index: (name: string) => Builder;
  uniqueIndex: (name: string) => Builder;
  /** The current time as ISO-8601 UTC text, for column defaults. */
  now: SQL;
}

export function defineTables(d: EngineBuilders) {
  /** Per-feed state between runs: conditional-GET validators and health. */
  const feeds = d.table('feeds', {
    id: d.text('id').primaryKey(),
    /** The address fetched: the configured one, or where a permanent redirect (301/308) led. */
    url: d.text('url').notNull(),
    /** The address in the feeds file when `url` was last set; a change there resets `url` and the validators. */
    configuredUrl: d.text('configured_url'),
    title: d.text('title'),
    etag: d.text('etag'),
    lastModified: d.text('last_modified'),
    consecutiveFailures: d.integer('consecutive_failures').notNull().default(0),
    lastError: d.text('last_error'),
    lastErrorAt: d.text('last_error_at'),
    lastSuccessAt: d.text('last_success_at'),
    lastFetchedAt: d.text('last_fetched_at'),
    nextFetchAt: d.text('next_fetch_at'),
    /** Newest item date seen, to flag feeds that stopped publishing. */
    lastItemAt: d.text('last_item_at'),
    /** SHA-256 of the last body parsed, so an unchanged body from a server without validators is not parsed again. */
    bodyHash: d.text('body_hash'),
    /** The worker fetching the feed now, and until when its claim holds (PostgreSQL with several workers). */
    claimedBy: d.text('claimed_by'),
    claimedUntil: d.text('claimed_until'),
    createdAt: d.text('created_at').notNull().default(d.now),
  });

  /** One row per story. The same story seen again (same guid, canonical URL or content) is not stored twice. */
  const articles = d.table(
    'articles',
    {
      id: d.id('id'),
      feedId: d.text('feed_id').notNull(),
      guid: d.text('guid'),
      url: d.text('url'),
      /** URL without tracking parameters and fragment, for cross-feed deduplication. */
      canonicalUrl: d.text('canonical_url'),
      /** Hash of normalised title + text, for identical content under different URLs. */
      contentHash: d.text('content_hash').notNull(),
      title: d.text('title'),
      summary: d.text('summary'),
      content: d.text('content'),
      publishedAt: d.text('published_at'),
      language: d.text('language'),
      fetchedAt: d.text('fetched_at').notNull().default(d.now),
      /** Set once the article has been matched against the watchlists. */
      matchedAt: d.text('matched_at'),
    },
    (t) => [
      d.uniqueIndex('articles_canonical_url').on(t.canonicalUrl),
      d.uniqueIndex('articles_content_hash').on(t.contentHash),
      d.index('articles_fetched_at').on(t.fetchedAt),
      d.index('articles_unmatched').on(t.matchedAt),
    ],
  );

  /** Every feed item that led to an article: the article's sources. `itemKey` identifies the item within its feed. */
  const articleSources = d.table(
    'article_sources',
    {
      id: d.id('id'),
      articleId: d.integer('article_id')
        .notNull()
        .references(() => articles.id, { onDelete: 'cascade' }),
      feedId: d.text('feed_id').notNull(),
      itemKey: d.text('item_key').notNull(),
      url: d.text('url'),
      seenAt: d.text('seen_at').notNull().default(d.now),
    },
    (t) => [d.uniqueIndex('article_sources_item').on(t.feedId, t.itemKey), d.index('article_sources_article').on(t.articleId)],
  );

  /** One hit per article and watchlist entry. */
  const hits = d.table(
    'hits',
    {
      id: d.id('id'),
      articleId: d.integer('article_id')
        .notNull()
        .references(() => articles.id, { onDelete: 'restrict' }),
      entry: d.text('entry').notNull(),
      /** JSON array of matched surface forms. */
      terms: d.text('terms').notNull(),
      snippet: d.text('snippet').notNull(),
      priority: d.text('priority').notNull().default('normal'),
      /** JSON array of reasons (which alias/rule, which field). */
      why: d.text('why').notNull().default('[]'),
      createdAt: d.text('created_at').notNull().default(d.now),
    },
    (t) => [
      d.uniqueIndex('hits_article_entry').on(t.articleId, t.entry),
      d.index('hits_created_at').on(t.createdAt),
      // The hit list filtered by entry, newest first, reads this index backwards instead of every hit.
      d.index('hits_entry_id').on(t.entry, t.id),
    ],
  );

  /**
   * One row per message handed to a transport. Written as `sending` before the transport is called and
   * turned into `sent` with its ledger rows in one transaction after the transport accepted it.
   */
  const digests = d.table(
    'digests',
    {
      id: d.id('id'),
      recipient: d.text('recipient').notNull(),
      /** `digest` (daily) or `alert` (immediate, critical entries). */
      kind: d.text('kind').notNull().default('digest'),
      status: d.text('status').notNull(),
      /** Message-ID header, fixed before sending so that a resend after a crash carries the same one. */
      messageId: d.text('message_id').notNull(),
      /** JSON array of the hit ids the message carries. */
      hitIds: d.text('hit_ids').notNull(),
      subject: d.text('subject'),
      /**
       * The composed message frozen at the first attempt (JSON: subject, html, text, date), so a
       * retry sends exactly the same message under the same Message-ID.
       */
      message: d.text('message'),
      error: d.text('error'),
      createdAt: d.text('created_at').notNull().default(d.now),
      sentAt: d.text('sent_at'),
    },
    (t) => [d.index('digests_recipient').on(t.recipient, t.status)],
  );

  /** The delivery ledger: which hit went to which recipient in which digest. */
  const deliveries = d.table(
    'deliveries',
    {
      id: d.id('id'),
      hitId: d.integer('hit_id')
        .notNull()
        .references(() => hits.id, { onDelete: 'restrict' }),
      recipient: d.text('recipient').notNull(),
      digestId: d.integer('digest_id')
        .notNull()
        .references(() => digests.id, { onDelete: 'restrict' }),
      deliveredAt: d.text('delivered_at').notNull().default(d.now),
    },
    (t) => [d.uniqueIndex('deliveries_hit_recipient').on(t.hitId, t.recipient)],
  );

  /** Run history, for `rasid status` and the digest's source-health section. */
  const runs = d.table('runs', {
    id: d.id('id'),
    command: d.text('command').notNull(),
    startedAt: d.text('started_at').notNull(),
    finishedAt: d.text('finished_at'),
    /** `running`, `ok`, `partial`, `failed`. */
    status: d.text('status').notNull(),
    /** JSON run report. */
    report: d.text('report'),
  });

  /** Leases that keep two processes from doing the same work at once (a stale lease may be taken over). */
  const leases = d.table('leases', {
    name: d.text('name').primaryKey(),
    holder: d.text('holder').notNull(),
    acquiredAt: d.text('acquired_at').notNull(),
    expiresAt: d.text('expires_at').notNull(),
  });

  /**
   * One row per message to a chat or push channel (webhook, Slack, Teams, Discord, Telegram, ntfy,
   * Matrix). The request is frozen here at the first attempt, without its secrets, and every retry
   * sends exactly those bytes with the same idempotency key; `sending` is written before the request
   * leaves and `sent` (with its channel_deliveries rows) after the service answered 2xx.
   */
  const channelMessages = d.table(
    'channel_messages',
    {
      id: d.id('id'),
      /** The channel's name in the recipients file. */
      channel: d.text('channel').notNull(),
      /** Whose channel it is: a recipient's address or `team:NAME`. */
      owner: d.text('owner').notNull(),
      /** `alert` (immediate) or `summary` (daily). */
      kind: d.text('kind').notNull(),
      /** `sending`, `sent`, `retry`, `failed-permanently`. */
      status: d.text('status').notNull(),
      /** Fixed at creation: Matrix txnId, ntfy sequence id, X-Rasid-Delivery of webhooks. */
      idempotencyKey: d.text('idempotency_key').notNull(),
      /** JSON array of the hit ids the message accounts for. */
      hitIds: d.text('hit_ids').notNull(),
      /** JSON {method, url, headers, body}: the URL and headers without their secret parts. */
      request: d.text('request').notNull(),
      attempts: d.integer('attempts').notNull().default(0),
      /** Answers that refused the message (4xx other than 408/429); it is given up after a few. */
      refusals: d.integer('refusals').notNull().default(0),
      nextAttemptAt: d.text('next_attempt_at'),
      lastError: d.text('last_error'),
      createdAt: d.text('created_at').notNull().default(d.now),
      lastAttemptAt: d.text('last_attempt_at'),
      sentAt: d.text('sent_at'),
    },
    (t) => [d.uniqueIndex('channel_messages_key').on(t.idempotencyKey), d.index('channel_messages_channel').on(t.channel, t.status)],
  );

  /** Which hit went to which channel, in which message: one row per (hit, channel, kind), set when the service confirmed. */
  const channelDeliveries = d.table(
    'channel_deliveries',
    {
      id: d.id('id'),
      hitId: d.integer('hit_id')
        .notNull()
        .references(() => hits.id, { onDelete: 'restrict' }),
      channel: d.text('channel').notNull(),
      kind: d.text('kind').notNull(),
      messageId: d.integer('message_id')
        .notNull()
        .references(() => channelMessages.id, { onDelete: 'restrict' }),
      deliveredAt: d.text('delivered_at').notNull().default(d.now),
    },
    (t) => [d.uniqueIndex('channel_deliveries_hit_channel').on(t.hitId, t.channel, t.kind)],
  );

  return { feeds, articles, articleSources, hits, digests, deliveries, runs, leases, channelMessages, channelDeliveries };
}
