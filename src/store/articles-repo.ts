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

// storeItems is the hot path of a fetch cycle (every item of every feed passes through it). It is
// set-based: one query for the items this feed had already, one for stories stored from elsewhere,
// one multi-row insert for the new articles and one for the sources, whatever the number of items.
// On PostgreSQL that is four round trips per feed instead of four per item.
const INSERT_ROWS = 400;

interface Candidate {
  item: FeedItem;
  key: string;
  canonical: string | null;
  hash: string;
}

/** Stores a feed's items in one transaction (or in the caller's, when there is one). */
export async function storeItems(store: Store, feed: FeedSettings, items: FeedItem[], now: Date): Promise<StoreItemsResult> {
  const result: StoreItemsResult = { newArticles: [], duplicates: 0 };
  if (items.length === 0) return result;
  const { sql } = store;
  const at = now.toISOString();
  const language = feed.language ?? null;
  await sql.transaction(async () => {
    const candidates: Candidate[] = items.map((item) => ({
      item,
      key: itemKey(item),
      canonical: item.link ? canonicalUrl(item.link) : null,
      hash: contentHash(item),
    }));
    const seenRows = await sql.all<{ key: string }>(
      `SELECT item_key AS "key" FROM article_sources WHERE feed_id = ? AND ${sql.inList('item_key', 'text')}`,
      [feed.id, sql.listParam(candidates.map((c) => c.key))],
    );
    // An item this feed had before, or twice in one body, is a duplicate with no new source row.
    const seen = new Set(seenRows.map((r) => r.key));
    const fresh: Candidate[] = [];
    for (const c of candidates) {
      if (seen.has(c.key)) result.duplicates++;
      else {
        seen.add(c.key);
        fresh.push(c);
      }
    }
    if (fresh.length === 0) return;

    const byUrl = new Map<string, number>();
    const byHash = new Map<string, number>();
    const remember = (id: number, canonical: string | null, hash: string) => {
      if (canonical && !byUrl.has(canonical)) byUrl.set(canonical, id);
      if (!byHash.has(hash)) byHash.set(hash, id);
    };
    const lookUp = async (list: Candidate[]) => {
      const urls = list.map((c) => c.canonical).filter((u): u is string => u !== null);
      const rows = await sql.all<{ id: number; canonicalUrl: string | null; contentHash: string }>(
        `SELECT id, canonical_url AS "canonicalUrl", content_hash AS "contentHash" FROM articles
         WHERE ${sql.inList('canonical_url', 'text')} OR ${sql.inList('content_hash', 'text')}`,
        [sql.listParam(urls), sql.listParam(list.map((c) => c.hash))],
      );
      for (const r of rows) remember(r.id, r.canonicalUrl, r.contentHash);
    };
    const storyOf = (c: Candidate) => (c.canonical ? (byUrl.get(c.canonical) ?? byHash.get(c.hash)) : byHash.get(c.hash));
    await lookUp(fresh);

    // The first item of each story not stored yet creates its article; later ones in the same body
    // (same canonical URL or same text) become its sources.
    const creators: Candidate[] = [];
    const pendingUrls = new Set<string>();
    const pendingHashes = new Set<string>();
    for (const c of fresh) {
      if (storyOf(c) !== undefined || (c.canonical && pendingUrls.has(c.canonical)) || pendingHashes.has(c.hash)) continue;
      creators.push(c);
      if (c.canonical) pendingUrls.add(c.canonical);
      pendingHashes.add(c.hash);
    }
    const created = new Set<Candidate>();
    for (let i = 0; i < creators.length; i += INSERT_ROWS) {
      const chunk = creators.slice(i, i + INSERT_ROWS);
      const rows = await sql.all<{ id: number; contentHash: string }>(
        `INSERT INTO articles (feed_id, guid, url, canonical_url, content_hash, title, summary, content, published_at, language, fetched_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT DO NOTHING RETURNING id, content_hash AS "contentHash"`,
        chunk.flatMap((c) => [
          feed.id, c.item.guid, c.item.link, c.canonical, c.hash, c.item.title, c.item.summary, c.item.content, c.item.published, language, at,
        ]),
      );
      const idOf = new Map(rows.map((r) => [r.contentHash, r.id]));
      for (const c of chunk) {
        const id = idOf.get(c.hash);
        if (id === undefined) continue;
        remember(id, c.canonical, c.hash);
        created.add(c);
      }
    }
    // On PostgreSQL another worker may have stored one of these stories from another feed at this
    // moment: the insert waited for it and yielded nothing, and the story is the other one's.
    const lost = creators.filter((c) => !created.has(c));
    if (lost.length > 0) await lookUp(lost);

    const sources: Array<[number, Candidate]> = [];
    for (const c of fresh) {
      const id = storyOf(c);
      if (id === undefined) throw new Error(`article ${c.canonical ?? c.hash} was neither inserted nor found`);
      if (created.has(c)) {
        result.newArticles.push({
          id,
          feedId: feed.id,
          guid: c.item.guid,
          url: c.item.link,
          title: c.item.title,
          summary: c.item.summary,
          content: c.item.content,
          published: c.item.published,
          language,
          fetchedAt: at,
        });
      } else result.duplicates++;
      sources.push([id, c]);
    }
    for (let i = 0; i < sources.length; i += INSERT_ROWS) {
      const chunk = sources.slice(i, i + INSERT_ROWS);
      await sql.run(
        `INSERT INTO article_sources (article_id, feed_id, item_key, url, seen_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT DO NOTHING`,
        chunk.flatMap(([id, c]) => [id, feed.id, c.key, c.item.link, at]),
      );
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
