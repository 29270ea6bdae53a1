// A temporary database seeded through the store API, for delivery tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeItems } from '../../src/store/articles-repo.ts';
import { storeHits } from '../../src/store/hits-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import type { SeedStory } from '../fixtures/digest/stories.ts';

export function tempDir(prefix = 'rasid-digest-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTempStore(dir = tempDir()): Store {
  return openStore(path.join(dir, 'rasid.db'));
}

/** Stores the stories' feeds, items and hits; returns the hit ids created. */
export function seed(store: Store, stories: SeedStory[], now = new Date('2026-11-28T12:00:00.000Z')): number[] {
  const before = store.sqlite.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM hits').get() as { id: number };
  for (const story of stories) {
    store.sqlite
      .prepare('INSERT OR IGNORE INTO feeds (id, url, title, last_success_at, last_item_at) VALUES (?, ?, ?, ?, ?)')
      .run(story.feed.id, story.feed.url, story.feed.title ?? null, now.toISOString(), now.toISOString());
    const { newArticles } = storeItems(store, story.feed, [story.item], now);
    const article = newArticles[0];
    if (article) storeHits(store, article.id, story.hits, now);
  }
  const rows = store.sqlite.prepare('SELECT id FROM hits WHERE id > ? ORDER BY id').all(before.id) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}
