// The most recent part of the archive, read in pages, with the entries each article has hits
// for: what a backtest from the web UI re-matches. Bounded, so a request on a million-article
// archive stays a request; `rasid watchlist backtest` is there for the whole archive.
import type { StoredArticle } from '../types.ts';
import { ARTICLE_COLUMNS } from './articles-repo.ts';
import type { Store } from './store.ts';

export interface ArchiveWindow {
  /** Articles with an id at or above this one are in the window. */
  fromId: number;
  articles: number;
}

/** The window of the `size` newest articles. */
export async function recentWindow(store: Store, size: number): Promise<ArchiveWindow> {
  const row = await store.sql.get<{ fromId: number | null; articles: number }>(
    'SELECT MIN(id) AS "fromId", COUNT(*) AS "articles" FROM (SELECT id FROM articles ORDER BY id DESC LIMIT ?) AS newest',
    [size],
  );
  return { fromId: row?.fromId ?? 1, articles: row?.articles ?? 0 };
}

/** Up to `limit` articles of the window after `afterId`, in id order, each with its stored hits' entries. */
export async function windowPage(
  store: Store,
  window: ArchiveWindow,
  afterId: number,
  limit: number,
): Promise<Array<{ article: StoredArticle; entries: string[] }>> {
  const rows = await store.sql.all<StoredArticle>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id >= ? AND id > ? ORDER BY id LIMIT ?`, [
    window.fromId,
    afterId,
    limit,
  ]);
  const hits = await store.sql.all<{ id: number; entry: string }>(`SELECT article_id AS "id", entry FROM hits WHERE ${store.sql.inList('article_id', 'int')}`, [
    store.sql.listParam(rows.map((r) => r.id)),
  ]);
  const byArticle = new Map<number, string[]>();
  for (const h of hits) byArticle.set(h.id, [...(byArticle.get(h.id) ?? []), h.entry]);
  return rows.map((article) => ({ article, entries: byArticle.get(article.id) ?? [] }));
}
