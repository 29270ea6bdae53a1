// Articles and their sources. A story is stored once: a feed item already seen in that feed is
// skipped, and a new item whose canonical URL or content matches a stored article only adds a
// source row, so "also in" can be shown without a second hit.
import { createHash } from 'node:crypto';
import { canonicalUrl } from '../fetch/canonical-url.ts';
import type { FeedItem, FeedSettings, StoredArticle } from '../types.ts';
import type { Store } from './open-store.ts';
/** How an item is recognised within its own feed, in order of trust. */
function itemKey(item: FeedItem): string {
  if (item.guid) return `guid:${item.guid}`;
  if (item.link) return `link:${item.link}`;
  return `hash:${contentHash(item)}`;
}

/** Identity of the text itself: the same title and body under different URLs is the same story. */
function contentHash(item: Pick<FeedItem, 'title' | 'summary' | 'content'>): string {
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

/** The columns of a StoredArticle, as both engines return them. */
export const ARTICLE_COLUMNS = `id, feed_id AS "feedId", guid, url, title, summary, content, published_at AS "published",
  language, fetched_at AS "fetchedAt"`;

export interface StoreItemsResult {
  newArticles: StoredArticle[];
  /** Items already stored, from this feed or as the same story from another. */
  duplicates: number;
}

// storeItems is the hot path of a fetch cycle (every item of every feed passes through it): the
// same five statements for every item, which the SQLite client keeps prepared.
const SEEN = 'SELECT id FROM article_sources WHERE feed_id = ? AND item_key = ?';
const SAME_BY_URL = 'SELECT id FROM articles WHERE canonical_url = ? OR content_hash = ? LIMIT 1';
const SAME_BY_HASH = 'SELECT id FROM articles WHERE content_hash = ? LIMIT 1';
const INSERT_ARTICLE = `INSERT INTO articles (feed_id, guid, url, canonical_url, content_hash, title, summary, content, published_at, language, fetched_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`;
const INSERT_SOURCE = 'INSERT INTO article_sources (article_id, feed_id, item_key, url, seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';

/** Stores a feed's items in one transaction (or in the caller's, when there is one). */
export async function storeItems(store: Store, feed: FeedSettings, items: FeedItem[], now: Date): Promise<StoreItemsResult> {
  const { sql } = store;
  const at = now.toISOString();
  const result: StoreItemsResult = { newArticles: [], duplicates: 0 };
  await sql.transaction(async () => {
    for (const item of items) {
      const key = itemKey(item);
      if (await sql.get(SEEN, [feed.id, key])) {
        result.duplicates++;
        continue;
      }
      const canonical = item.link ? canonicalUrl(item.link) : null;
      const hash = contentHash(item);
      const findSame = () => sql.get<{ id: number }>(canonical ? SAME_BY_URL : SAME_BY_HASH, canonical ? [canonical, hash] : [hash]);
      const language = feed.language ?? null;
      const existing = await findSame();
      // On PostgreSQL another worker may store the same story from another feed at this moment: the
      // insert then waits for that transaction and yields nothing, and the story is the other one's.
      const inserted = existing
        ? undefined
        : await sql.get<{ id: number }>(INSERT_ARTICLE, [
            feed.id, item.guid, item.link, canonical, hash, item.title, item.summary, item.content, item.published, language, at,
          ]);
      const sameStory = existing ?? (inserted ? undefined : await findSame());
      let articleId: number;
      if (sameStory || !inserted) {
        if (!sameStory) throw new Error(`article ${canonical ?? hash} was neither inserted nor found`);
        articleId = sameStory.id;
        result.duplicates++;
      } else {
        articleId = inserted.id;
        result.newArticles.push({
          id: articleId,
          feedId: feed.id,
          guid: item.guid,
          url: item.link,
          title: item.title,
          summary: item.summary,
          content: item.content,
          published: item.published,
          language,
          fetchedAt: at,
        });
      }
      await sql.run(INSERT_SOURCE, [articleId, feed.id, key, item.link, at]);
    }
  });
  return result;
}

/**
 * Unmatched articles for this transaction to match: on PostgreSQL the rows are locked and rows
 * locked by another worker's batch are skipped, so two workers never match the same article.
 * (SQLite has one writer at a time: the transaction's lock does the same.)
 */
export async function claimUnmatchedArticles(store: Store, limit: number): Promise<StoredArticle[]> {
  const lock = store.sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  return store.sql.all<StoredArticle>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE matched_at IS NULL ORDER BY id LIMIT ?${lock}`, [limit]);
}

/** Every stored article in id order, read in pages so the archive never sits in memory at once. */
export async function* iterateArticles(store: Store, options: { since?: string } = {}): AsyncIterable<StoredArticle> {
  let after = 0;
  for (;;) {
    const page = options.since
      ? await store.sql.all<StoredArticle>(
          `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id > ? AND fetched_at >= ? ORDER BY id LIMIT 500`,
          [after, options.since],
        )
      : await store.sql.all<StoredArticle>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT 500`, [after]);
    if (page.length === 0) return;
    for (const row of page) yield row;
    after = page[page.length - 1]!.id;
  }
}

export async function countArticles(store: Store): Promise<number> {
  return (await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM articles'))?.n ?? 0;
}

/** Which of these canonical URLs are stored already (article pages are fetched only for new ones). */
export async function storedCanonicalUrls(store: Store, canonicalUrls: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const url of canonicalUrls) if (await store.sql.get('SELECT 1 AS "x" FROM articles WHERE canonical_url = ?', [url])) found.add(url);
  return found;
}
