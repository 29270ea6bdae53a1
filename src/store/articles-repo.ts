// Articles and their sources. A story is stored once: a feed item already seen in that feed is
// skipped, and a new item whose canonical URL or content matches a stored article only adds a
// source row, so "also in" can be shown without a second hit.
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import * as schema from '../../schema/index.ts';
import { canonicalUrl } from '../fetch/canonical-url.ts';
import type { FeedItem, FeedSettings, StoredArticle } from '../types.ts';
import type { Store } from './open-store.ts';

const { articles, articleSources } = schema;

/** How an item is recognised within its own feed, in order of trust. */
export function itemKey(item: FeedItem): string {
  if (item.guid) return `guid:${item.guid}`;
  if (item.link) return `link:${item.link}`;
  return `hash:${contentHash(item)}`;
}

/** Identity of the text itself: the same title and body under different URLs is the same story. */
export function contentHash(item: Pick<FeedItem, 'title' | 'summary' | 'content'>): string {
  const flat = (s: string | null) =>
    (s ?? '')
      .replace(/<[^>]*>/g, ' ')
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\u00a0]+/g, ' ')
      .trim();
  return createHash('sha256')
    .update(`${flat(item.title)}\n${flat(item.content ?? item.summary)}`)
    .digest('hex');
}

type ArticleRow = typeof articles.$inferSelect;

export function toStoredArticle(row: ArticleRow): StoredArticle {
  return {
    id: row.id,
    feedId: row.feedId,
    guid: row.guid,
    url: row.url,
    title: row.title,
    summary: row.summary,
    content: row.content,
    published: row.publishedAt,
    language: row.language,
    fetchedAt: row.fetchedAt,
  };
}

export interface StoreItemsResult {
  newArticles: StoredArticle[];
  /** Items already stored, from this feed or as the same story from another. */
  duplicates: number;
}

export function storeItems(store: Store, feed: FeedSettings, items: FeedItem[], now: Date): StoreItemsResult {
  const { db } = store;
  const at = now.toISOString();
  const result: StoreItemsResult = { newArticles: [], duplicates: 0 };
  db.transaction((tx) => {
    for (const item of items) {
      const key = itemKey(item);
      const seen = tx
        .select({ id: articleSources.id })
        .from(articleSources)
        .where(and(eq(articleSources.feedId, feed.id), eq(articleSources.itemKey, key)))
        .get();
      if (seen) {
        result.duplicates++;
        continue;
      }
      const canonical = item.link ? canonicalUrl(item.link) : null;
      const hash = contentHash(item);
      const sameStory = tx
        .select({ id: articles.id })
        .from(articles)
        .where(
          canonical
            ? sql`${articles.canonicalUrl} = ${canonical} OR ${articles.contentHash} = ${hash}`
            : eq(articles.contentHash, hash),
        )
        .get();
      let articleId: number;
      if (sameStory) {
        articleId = sameStory.id;
        result.duplicates++;
      } else {
        const row = tx
          .insert(articles)
          .values({
            feedId: feed.id,
            guid: item.guid,
            url: item.link,
            canonicalUrl: canonical,
            contentHash: hash,
            title: item.title,
            summary: item.summary,
            content: item.content,
            publishedAt: item.published,
            language: feed.language ?? null,
            fetchedAt: at,
          })
          .returning()
          .get();
        articleId = row.id;
        result.newArticles.push(toStoredArticle(row));
      }
      tx.insert(articleSources).values({ articleId, feedId: feed.id, itemKey: key, url: item.link, seenAt: at }).run();
    }
  });
  return result;
}

export function unmatchedArticles(store: Store, limit: number): StoredArticle[] {
  return store.db
    .select()
    .from(articles)
    .where(isNull(articles.matchedAt))
    .orderBy(asc(articles.id))
    .limit(limit)
    .all()
    .map(toStoredArticle);
}

/** Every stored article in id order, read in pages so the archive never sits in memory at once. */
export function* iterateArticles(store: Store, options: { since?: string } = {}): Iterable<StoredArticle> {
  let after = 0;
  for (;;) {
    const page = store.db
      .select()
      .from(articles)
      .where(
        options.since ? and(gt(articles.id, after), sql`${articles.fetchedAt} >= ${options.since}`) : gt(articles.id, after),
      )
      .orderBy(asc(articles.id))
      .limit(500)
      .all();
    if (page.length === 0) return;
    for (const row of page) yield toStoredArticle(row);
    after = page[page.length - 1]!.id;
  }
}

export function countArticles(store: Store): number {
  return store.db.select({ n: sql<number>`count(*)` }).from(articles).get()?.n ?? 0;
}
