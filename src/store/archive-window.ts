// The most recent part of the archive, read in pages, with the entries each article has hits
// for: what a backtest from the web UI re-matches. Bounded, so a request on a million-article
// archive stays a request; `rasid watchlist backtest` is there for the whole archive.
import type { StoredArticle } from '../types.ts';
import type { Store } from './open-store.ts';

type WindowStore = Pick<Store, 'sqlite'>;

export interface ArchiveWindow {
  /** Articles with an id at or above this one are in the window. */
  fromId: number;
  articles: number;
}

/** The window of the `size` newest articles. */
export async function recentWindow(store: WindowStore, size: number): Promise<ArchiveWindow> {
  const row = store.sqlite
    .prepare('SELECT MIN(id) AS fromId, COUNT(*) AS articles FROM (SELECT id FROM articles ORDER BY id DESC LIMIT ?)')
    .get(size) as { fromId: number | null; articles: number };
  return { fromId: row.fromId ?? 1, articles: row.articles };
}

/** Up to `limit` articles of the window after `afterId`, in id order, each with its stored hits' entries. */
export async function windowPage(
  store: WindowStore,
  window: ArchiveWindow,
  afterId: number,
  limit: number,
): Promise<Array<{ article: StoredArticle; entries: string[] }>> {
  const rows = store.sqlite
    .prepare(
      `SELECT id, feed_id AS feedId, guid, url, title, summary, content, published_at AS published, language, fetched_at AS fetchedAt
       FROM articles WHERE id >= ? AND id > ? ORDER BY id LIMIT ?`,
    )
    .all(window.fromId, afterId, limit) as StoredArticle[];
  const hits = store.sqlite
    .prepare('SELECT article_id AS id, entry FROM hits WHERE article_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(rows.map((r) => r.id))) as Array<{ id: number; entry: string }>;
  const byArticle = new Map<number, string[]>();
  for (const h of hits) byArticle.set(h.id, [...(byArticle.get(h.id) ?? []), h.entry]);
  return rows.map((article) => ({ article, entries: byArticle.get(article.id) ?? [] }));
}
