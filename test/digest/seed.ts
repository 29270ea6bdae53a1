// A temporary database seeded through the store API, for delivery tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeItems } from '../../src/store/articles-repo.ts';
import { storeHits } from '../../src/store/hits-repo.ts';
import type { Store } from '../../src/store/open-store.ts';
import type { SeedStory } from '../fixtures/digest/stories.ts';

export function tempDir(prefix = 'rasid-digest-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Stores the stories' feeds, items and hits; returns the hit ids created. */
export async function seed(store: Store, stories: SeedStory[], now = new Date('2026-11-28T12:00:00.000Z')): Promise<number[]> {
  const before = (await store.sql.get<{ id: number }>('SELECT COALESCE(MAX(id), 0) AS "id" FROM hits'))!;
  for (const story of stories) {
    await store.sql.run(
      'INSERT INTO feeds (id, url, title, last_success_at, last_item_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [story.feed.id, story.feed.url, story.feed.title ?? null, now.toISOString(), now.toISOString()],
    );
    const { newArticles } = await storeItems(store, story.feed, [story.item], now);
    const article = newArticles[0];
    if (article) await storeHits(store, article.id, story.hits, now);
  }
  const rows = await store.sql.all<{ id: number }>('SELECT id FROM hits WHERE id > ? ORDER BY id', [before.id]);
  return rows.map((r) => r.id);
}
