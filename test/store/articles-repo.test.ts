import { describe, expect, it } from 'vitest';
import { claimUnmatchedArticles, countArticles, iterateArticles, storeItems } from '../../src/store/articles-repo.ts';
import { hitsByArticle, markMatched, storeHits } from '../../src/store/hits-repo.ts';
import type { FeedItem, FeedSettings } from '../../src/types.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';

const now = new Date('2026-11-20T08:00:00Z');

function feed(id: string, language = 'en'): FeedSettings {
  return { id, url: `http://127.0.0.1/${id}.xml`, kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false, language };
}

function item(over: Partial<FeedItem>): FeedItem {
  return { guid: null, link: null, title: null, published: null, summary: null, content: null, ...over };
}

const mody = item({
  guid: 'wire-1001',
  link: 'https://wire.example/niger/mody-benghazi',
  title: 'Niger defence minister Mody to visit Benghazi',
  summary: 'Gen. Salifou Mody is expected in Benghazi next week for talks with Khalifa Haftar.',
  published: '2026-11-19T10:00:00.000Z',
});

describe.each(BACKENDS)('storeItems on %s', (backend) => {
  const db = useStore(backend);
  it('stores a new item once; the same item fetched again is a duplicate', async () => {
    const store = await db.open();
    const first = await storeItems(store, feed('wire'), [mody], now);
    expect(first.newArticles).toHaveLength(1);
    expect(first.newArticles[0]).toMatchObject({ feedId: 'wire', guid: 'wire-1001', title: mody.title, language: 'en' });
    const again = await storeItems(store, feed('wire'), [mody], now);
    expect(again).toEqual({ newArticles: [], duplicates: 1 });
    expect(await countArticles(store)).toBe(1);
  });

  it('keeps the same story from another feed once, by canonical URL, and records the second source', async () => {
    const store = await db.open();
    await storeItems(store, feed('wire'), [mody], now);
    const repost = item({
      guid: 'defence-77',
      link: 'https://WIRE.example/niger/mody-benghazi?utm_source=rss&utm_medium=feed#top',
      title: 'Mody heads to Benghazi (repost)',
      summary: 'A different summary of the same report.',
    });
    const res = await storeItems(store, feed('defence'), [repost], now);
    expect(res).toEqual({ newArticles: [], duplicates: 1 });
    const sources = await store.sql.all<{ feedId: string }>('SELECT feed_id AS "feedId" FROM article_sources ORDER BY id');
    expect(sources.map((r) => r.feedId)).toEqual(['wire', 'defence']);
  });

  it('keeps identical content under unrelated URLs once', async () => {
    const store = await db.open();
    await storeItems(store, feed('a'), [item({ guid: 'x', link: 'https://a.example/1', title: 'Same <b>story</b>', summary: 'Same   text.' })], now);
    const res = await storeItems(store, feed('b'), [item({ guid: 'y', link: 'https://b.example/9', title: 'same story', summary: 'Same text.' })], now);
    expect(res.duplicates).toBe(1);
    expect(await countArticles(store)).toBe(1);
  });

  it('stores items without guid or link, keyed by their content', async () => {
    const store = await db.open();
    const bare = item({ title: 'Заявление Минобороны', summary: 'Евкуров прибыл в Ниамей.' });
    expect(await storeItems(store, feed('ru', 'ru'), [bare, bare], now)).toMatchObject({ duplicates: 1 });
    expect(await countArticles(store)).toBe(1);
  });
});

describe.each(BACKENDS)('matching state and hits on %s', (backend) => {
  const db = useStore(backend);
  it('lists unmatched articles until marked, and stores one hit per article and entry', async () => {
    const store = await db.open();
    const { newArticles } = await storeItems(store, feed('wire'), [mody, item({ guid: 'other', title: 'Weather in Niamey' })], now);
    expect(await claimUnmatchedArticles(store, 10)).toHaveLength(2);
    const id = newArticles[0]!.id;
    const hit = { entry: 'mody', terms: ['Salifou Mody'], snippet: '…Salifou Mody…', priority: 'high' as const, why: ['alias'] };
    expect(await storeHits(store, id, [hit], now)).toBe(1);
    expect(await storeHits(store, id, [hit], now)).toBe(0);
    await markMatched(store, newArticles.map((a) => a.id), now);
    expect(await claimUnmatchedArticles(store, 10)).toHaveLength(0);
    expect((await hitsByArticle(store)).get(id)).toEqual(['mody']);
    const all: Array<string | null> = [];
    for await (const a of iterateArticles(store)) all.push(a.guid);
    expect(all).toEqual(['wire-1001', 'other']);
  });
});
