// A real database for fetch-stage tests (a SQLite file in a temp folder, or a schema of its own on
// the test PostgreSQL server), and small readers over it.
import { openStore, type Store } from '../../src/store/open-store.ts';
import type { FeedSettings } from '../../src/types.ts';
import { newDatabase, type Backend } from '../helpers/stores.ts';

export async function tempStore(backend: Backend = 'sqlite'): Promise<{ store: Store; location: string; cleanup(): Promise<void> }> {
  const db = newDatabase(backend);
  const store = await openStore(db.location);
  return {
    store,
    location: db.location,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}

export interface ArticleRow {
  feed_id: string;
  title: string | null;
  url: string | null;
  published_at: string | null;
  content: string | null;
}

export async function articlesOf(store: Store, feedId: string): Promise<ArticleRow[]> {
  return store.sql.all<ArticleRow>('SELECT feed_id, title, url, published_at, content FROM articles WHERE feed_id = ? ORDER BY id', [feedId]);
}

export function rssFeed(id: string, url: string, extra: Partial<FeedSettings> = {}): FeedSettings {
  return { id, url, kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false, ...extra };
}

export const quietLogger = { debug() {}, info() {}, warn() {} };
