// Hits: one row per (article, watchlist entry). Matching an article twice never adds a second row.
import { inArray } from 'drizzle-orm';
import * as schema from '../../schema/index.ts';
import type { Hit } from '../types.ts';
import type Database from 'better-sqlite3';
import type { Store } from './open-store.ts';
import { preparedFor } from './prepared.ts';

const { hits, articles } = schema;

function hitStatements(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      `INSERT INTO hits (article_id, entry, terms, snippet, priority, why, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
  };
}

/** Stores the hits of one article; returns how many were new. Runs for every hit of every article: prepared once. */
export function storeHits(store: Store, articleId: number, found: Hit[], now: Date): number {
  const { insert } = preparedFor(store.sqlite, hitStatements);
  const at = now.toISOString();
  let added = 0;
  for (const hit of found) {
    added += insert.run(articleId, hit.entry, JSON.stringify(hit.terms), hit.snippet, hit.priority, JSON.stringify(hit.why), at).changes;
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
