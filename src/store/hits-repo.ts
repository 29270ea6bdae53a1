// Hits: one row per (article, watchlist entry). Matching an article twice never adds a second row.
import { inArray } from 'drizzle-orm';
import * as schema from '../../schema/index.ts';
import type { Hit } from '../types.ts';
import type { Store } from './open-store.ts';

const { hits, articles } = schema;

/** Stores the hits of one article; returns how many were new. */
export function storeHits(store: Store, articleId: number, found: Hit[], now: Date): number {
  let added = 0;
  const at = now.toISOString();
  for (const hit of found) {
    const res = store.db
      .insert(hits)
      .values({
        articleId,
        entry: hit.entry,
        terms: JSON.stringify(hit.terms),
        snippet: hit.snippet,
        priority: hit.priority,
        why: JSON.stringify(hit.why),
        createdAt: at,
      })
      .onConflictDoNothing()
      .run();
    added += res.changes;
  }
  return added;
}

export function markMatched(store: Store, articleIds: number[], now: Date): void {
  const at = now.toISOString();
  for (let i = 0; i < articleIds.length; i += 500) {
    store.db
      .update(articles)
      .set({ matchedAt: at })
      .where(inArray(articles.id, articleIds.slice(i, i + 500)))
      .run();
  }
}

/** Article id → the entry ids it has hits for (what `watchlist backtest` compares against). */
export function hitsByArticle(store: Store): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const row of store.db.select({ articleId: hits.articleId, entry: hits.entry }).from(hits).all()) {
    const list = map.get(row.articleId) ?? [];
    list.push(row.entry);
    map.set(row.articleId, list);
  }
  return map;
}
