import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeItems } from '../../src/store/articles-repo.ts';
import { hitById, listHitPage, type HitPageFilter } from '../../src/store/hit-list.ts';
import { storeHits } from '../../src/store/hits-repo.ts';
import { beginDelivery, completeDelivery } from '../../src/store/ledger-repo.ts';
import type { Store } from '../../src/store/open-store.ts';
import type { FeedSettings, Hit } from '../../src/types.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';

function feed(id: string, language: string): FeedSettings {
  return { id, url: `http://127.0.0.1/${id}.xml`, kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false, language };
}

const hit = (entry: string): Hit => ({ entry, terms: [entry], snippet: `… ${entry} …`, priority: 'normal', why: [`alias "${entry}"`] });

/**
 * 30 articles over 30 days in two feeds (ar, en), each with a hit on `haftar` or `mody`; article 7 is
 * also carried by a third feed. Hits of the first 10 days are delivered.
 */
async function seed(store: Store): Promise<Store> {
  for (let i = 1; i <= 30; i++) {
    const at = new Date(Date.UTC(2026, 10, i, 8));
    const f = i % 2 ? feed('barqa', 'ar') : feed('wire', 'en');
    const { newArticles } = await storeItems(store, f, [{ guid: `g${i}`, link: `https://news.example/${i}`, title: `Story ${i}`, summary: `Text ${i}`, content: null, published: at.toISOString() }], at);
    await storeHits(store, newArticles[0]!.id, [hit(i % 3 ? 'haftar' : 'mody')], at);
    if (i === 7) await storeItems(store, feed('echo', 'en'), [{ guid: 'e7', link: 'https://news.example/7?utm_source=x', title: 'Repost', summary: null, content: null, published: null }], at);
  }
  const delivered = (await store.sql.all<{ id: number }>("SELECT id FROM hits WHERE created_at < '2026-11-11'")).map((r) => r.id);
  const frozen = { subject: 's', html: '<p>s</p>', text: 's', date: '2026-11-11T00:00:00.000Z' };
  const digest = await beginDelivery(store, { recipient: 'desk@example.org', kind: 'digest', messageId: '<m1@example.org>', hitIds: delivered, subject: 's', frozen }, new Date('2026-11-11T00:00:00Z'));
  await completeDelivery(store, digest, new Date('2026-11-11T00:00:01Z'));
  return store;
}

async function pageIds(store: Store, filter: Omit<HitPageFilter, 'limit'>, limit = 100): Promise<number[]> {
  return (await listHitPage(store, { ...filter, limit })).hits.map((h) => h.hitId);
}

describe.each(BACKENDS)('on %s', (backend) => {
  const db = useStore(backend);
  const seeded = async () => seed(await db.open());

  describe('listHitPage', () => {
    it('pages newest first by id, forwards and back, without gaps or repeats', async () => {
      const store = await seeded();
      const first = await listHitPage(store, { limit: 12 });
      expect(first.hits.map((h) => h.hitId)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19]);
      expect(first).toMatchObject({ older: 19, newer: null });
      const second = await listHitPage(store, { limit: 12, before: first.older! });
      expect(second.hits[0]!.hitId).toBe(18);
      expect(second.newer).toBe(18);
      const third = await listHitPage(store, { limit: 12, before: second.older! });
      expect(third.hits.map((h) => h.hitId)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(third.older).toBeNull();
      const back = await listHitPage(store, { limit: 12, after: third.newer! });
      expect(back.hits.map((h) => h.hitId)).toEqual(second.hits.map((h) => h.hitId));
      const top = await listHitPage(store, { limit: 12, after: back.newer! });
      expect(top.hits.map((h) => h.hitId)).toEqual(first.hits.map((h) => h.hitId));
      expect(top.newer).toBeNull();
    });

    it.each<[string, Omit<HitPageFilter, 'limit'>, number[]]>([
      ['one entry', { entries: ['mody'] }, [30, 27, 24, 21, 18, 15, 12, 9, 6, 3]],
      ['a watchlist of entries', { entries: ['mody', 'nobody'] }, [30, 27, 24, 21, 18, 15, 12, 9, 6, 3]],
      ['a language', { language: 'ar', entries: ['mody'] }, [27, 21, 15, 9, 3]],
      ['a feed, including stories it carried as "also in"', { feed: 'echo' }, [7]],
      ['a date range', { from: '2026-11-20T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' }, [22, 21, 20]],
      ['pending', { state: 'pending', to: '2026-11-13T00:00:00.000Z' }, [12, 11]],
      ['delivered', { state: 'delivered', entries: ['mody'] }, [9, 6, 3]],
    ])('filters by %s', async (_label, filter, expected) => {
      const store = await seeded();
      expect(await pageIds(store, filter)).toEqual(expected);
    });

    it('shows the source, the other outlets and whom each hit went to', async () => {
      const store = await seeded();
      const seven = await hitById(store, 7);
      expect(seven).toMatchObject({ entry: 'haftar', source: 'barqa', alsoIn: ['echo'] });
      expect(seven!.deliveredTo).toEqual([expect.objectContaining({ recipient: 'desk@example.org' })]);
      expect((await hitById(store, 20))!.deliveredTo).toEqual([]);
      expect(await hitById(store, 999)).toBeNull();
    });
  });
});
