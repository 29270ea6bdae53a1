// Hits: one row per (article, watchlist entry). Matching an article twice never adds a second row.
import type { Hit } from '../types.ts';
import type { Store } from './open-store.ts';

const INSERT_ROWS = 300;

/**
 * Stores the hits of several articles in multi-row inserts; returns the (article, entry) pairs that
 * were new. Runs for every hit of every article, so the round trips are per batch, not per hit.
 */
export async function storeHitsOf(store: Store, found: Array<{ articleId: number; hits: Hit[] }>, now: Date): Promise<Array<{ articleId: number; entry: string }>> {
  const at = now.toISOString();
  const rows = found.flatMap(({ articleId, hits }) => hits.map((hit) => ({ articleId, hit })));
  const added: Array<{ articleId: number; entry: string }> = [];
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const chunk = rows.slice(i, i + INSERT_ROWS);
    added.push(
      ...(await store.sql.all<{ articleId: number; entry: string }>(
        `INSERT INTO hits (article_id, entry, terms, snippet, priority, why, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT DO NOTHING RETURNING article_id AS "articleId", entry`,
        chunk.flatMap(({ articleId, hit }) => [articleId, hit.entry, JSON.stringify(hit.terms), hit.snippet, hit.priority, JSON.stringify(hit.why), at]),
      )),
    );
  }
  return added;
}

/** Stores the hits of one article; returns how many were new. */
export async function storeHits(store: Store, articleId: number, found: Hit[], now: Date): Promise<number> {
  return (await storeHitsOf(store, [{ articleId, hits: found }], now)).length;
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
