// A real SQLite file in a temp folder for fetch-stage tests, and small readers over it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/open-store.ts';
import type { FeedSettings } from '../../src/types.ts';

export function tempStore(): { store: Store; dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-fetch-'));
  const store = openStore(path.join(dir, 'rasid.db'));
  return {
    store,
    dir,
    cleanup() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
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

export function articlesOf(store: Store, feedId: string): ArticleRow[] {
  return store.sqlite
    .prepare('SELECT feed_id, title, url, published_at, content FROM articles WHERE feed_id = ? ORDER BY id')
    .all(feedId) as ArticleRow[];
}

export function rssFeed(id: string, url: string, extra: Partial<FeedSettings> = {}): FeedSettings {
  return { id, url, kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false, ...extra };
}

export const quietLogger = { debug() {}, info() {}, warn() {} };
