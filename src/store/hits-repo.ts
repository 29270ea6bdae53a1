// Hits: one row per (article, watchlist entry). Matching an article twice never adds a second row.
import type { Hit } from '../types.ts';
import type { Store } from './open-store.ts';

const INSERT_HIT = `INSERT INTO hits (article_id, entry, terms, snippet, priority, why, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT DO NOTHING`;

/** Stores the hits of one article; returns how many were new. Runs for every hit of every article. */
export async function storeHits(store: Store, articleId: number, found: Hit[], now: Date): Promise<number> {
  const at = now.toISOString();
  let added = 0;
  for (const hit of found) {
    added += await store.sql.run(INSERT_HIT, [articleId, hit.entry, JSON.stringify(hit.terms), hit.snippet, hit.priority, JSON.stringify(hit.why), at]);
  }
  return added;
}

export async function markMatched(store: Store, articleIds: number[], now: Date): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < articleIds.length; i += 500) {
    await store.sql.run(`UPDATE articles SET matched_at = ? WHERE ${store.sql.inList('id', 'int')}`, [
      at,
      store.sql.listParam(articleIds.slice(i, i + 500)),
    ]);
  }
}

/** Article id → the entry ids it has hits for (what `watchlist backtest` compares against). */
export async function hitsByArticle(store: Store): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  const rows = await store.sql.all<{ articleId: number; entry: string }>('SELECT article_id AS "articleId", entry FROM hits ORDER BY id');
  for (const row of rows) {
    const list = map.get(row.articleId) ?? [];
    list.push(row.entry);
    map.set(row.articleId, list);
  }
  return map;
}
