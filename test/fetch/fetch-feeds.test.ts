// The fetch stage beyond hostile input: pages read with selectors, optional article pages,
// skipped feeds, and a storage failure that ends the stage.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.ts';
import { fetchFeeds } from '../../src/pipeline/fetch-feeds.ts';
import { feedHealth } from '../../src/store/feeds-repo.ts';
import type { FeedSettings } from '../../src/types.ts';
import { loopbackLimits } from '../helpers/loopback-opt-in.ts';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.ts';
import { articlesOf, quietLogger, rssFeed, tempStore } from './store-helpers.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/fetch/${name}`, import.meta.url));

let server: LoopbackServer;
let db: Awaited<ReturnType<typeof tempStore>>;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2026-03-01T10:00:00.000Z');
  db = await tempStore();
  server = await startLoopbackServer({
    '/politique': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture('listing-niger.html')),
    '/politique/mody-benghazi.html': (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture('article-mody-benghazi.html')),
    '/politique/agadem-pipeline.html': (_req, res) => res.writeHead(503).end(),
    '/sahel.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('sahel-fr.rss.xml')),
  });
});

afterEach(async () => {
  await server.close();
  await db.cleanup();
});

const listing = (extra: Partial<FeedSettings> = {}): FeedSettings =>
  rssFeed('quotidien-niamey', server.url('/politique'), {
    kind: 'html',
    language: 'fr',
    selectors: { item: 'article.teaser', title: 'h2 a', link: 'h2 a', date: 'time', summary: 'p' },
    ...extra,
  });

const run = (feeds: FeedSettings[], limits = {}) =>
  fetchFeeds({ store: db.store, feeds, now: () => clock, logger: quietLogger, limits: { retries: 0, ...loopbackLimits, ...limits }, sleep: async () => {} });

describe('fetchFeeds', () => {
  it("keeps the feed's own title for feeds status and sources when the feeds file names none", async () => {
    const untitled = rssFeed('sahel-untitled', server.url('/sahel.xml'));
    const titled = rssFeed('sahel-titled', server.url('/sahel.xml'), { title: 'Sahel desk' });
    const report = await run([untitled, titled]);
    expect(report.feeds.map((f) => f.status)).toEqual(['ok', 'ok']);
    const health = await feedHealth(db.store, [untitled, titled], clock);
    expect(health.map((h) => [h.feedId, h.title])).toEqual([
      ['sahel-untitled', 'Sahel Hebdo – Défense'],
      ['sahel-titled', 'Sahel desk'],
    ]);
    // The name given in the feeds file wins over the feed's own, also once it is added later.
    clock = new Date(clock.getTime() + 31 * 60_000);
    await run([{ ...untitled, title: 'Named later' }]);
    expect((await feedHealth(db.store, [{ ...untitled, title: 'Named later' }], clock))[0]!.title).toBe('Named later');
  });

  it('turns a page without a feed into items with its selectors', async () => {
    const report = await run([listing()]);
    expect(report.feeds[0]).toMatchObject({ status: 'ok', itemsSeen: 3, itemsNew: 3 });
    const stored = await articlesOf(db.store, 'quotidien-niamey');
    expect(stored.map((a) => a.title)).toEqual([
      'Le ministre de la Défense en visite à Benghazi',
      "Pipeline d'Agadem : les exportations reprennent",
      'Ali Lamine Zeine attendu à Moscou',
    ]);
    expect(stored[0]!.url).toBe(server.url('/politique/mody-benghazi.html'));
    expect(stored[0]!.published_at).toBe('2024-01-15T08:00:00.000Z');
  });

  it('fetches linked article pages for full text when the feed asks, bounded and once', async () => {
    const report = await run([listing({ fetchArticles: true })], { maxArticlePagesPerFeed: 2 });
    expect(report.feeds[0]).toMatchObject({ status: 'ok', itemsNew: 3, articlePages: { fetched: 1, failed: 1 } });
    const pages = server.requests.filter((r) => r.path.endsWith('.html')).map((r) => r.path);
    expect(pages.sort()).toEqual(['/politique/agadem-pipeline.html', '/politique/mody-benghazi.html']);
    const [mody, agadem, zeine] = await articlesOf(db.store, 'quotidien-niamey');
    expect(mody!.content).toContain('sans qu\'aucun accord ne soit rendu public');
    expect(mody!.content).not.toContain('Les plus lus');
    // A page that failed leaves the item as the listing gave it.
    expect(agadem!.content ?? '').not.toContain('503');
    expect(zeine!.title).toBe('Ali Lamine Zeine attendu à Moscou');

    // Other selectors make the same page parse again; links already stored are not fetched again.
    server.requests.length = 0;
    clock = new Date(clock.getTime() + 31 * 60_000);
    const again = await run([listing({ fetchArticles: true, selectors: { item: 'article', title: 'h2 a', link: 'h2 a' } })], {
      maxArticlePagesPerFeed: 2,
    });
    expect(again.feeds[0]).toMatchObject({ status: 'ok', itemsSeen: 3, articlePages: { fetched: 0, failed: 0 } });
    expect(server.requests.filter((r) => r.path.endsWith('.html'))).toEqual([]);
  });

  it('treats an unchanged body from a server without validators as not modified, until the selectors change', async () => {
    await run([listing()]);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await run([listing()])).feeds[0]).toMatchObject({ status: 'not-modified', itemsSeen: 0 });
    clock = new Date(clock.getTime() + 31 * 60_000);
    const fixed = listing({ selectors: { item: 'article.teaser', title: 'h2', link: 'h2 a', date: 'time' } });
    expect((await run([fixed])).feeds[0]).toMatchObject({ status: 'ok', itemsSeen: 3 });
  });

  it('reports selectors that match nothing as a failure of that feed', async () => {
    const report = await run([listing({ selectors: { item: 'li.no-such-thing', title: 'a', link: 'a' } })]);
    expect(report.feeds[0]).toMatchObject({ status: 'failed', errorKind: 'not-a-feed' });
    expect(report.feeds[0]!.error).toMatch(/\w+ \w+ \w+/);
  });

  it('skips disabled feeds and feeds that are not due, saying why, in feeds-file order', async () => {
    const sahel = rssFeed('sahel', server.url('/sahel.xml'));
    const off = rssFeed('off', server.url('/sahel.xml?off'), { enabled: false });
    await run([sahel]);
    clock = new Date(clock.getTime() + 5 * 60_000);
    const report = await run([off, sahel]);
    expect(report.feeds.map((f) => [f.feedId, f.status, f.reason])).toEqual([
      ['off', 'skipped', 'disabled'],
      ['sahel', 'skipped', 'not due until 2026-03-01T10:30:00.000Z'],
    ]);
    expect(server.requests.filter((r) => r.path.startsWith('/sahel.xml'))).toHaveLength(1);
  });

  it('reports progress over the due feeds', async () => {
    const calls: Array<[number, number]> = [];
    await fetchFeeds({
      store: db.store,
      feeds: [rssFeed('sahel', server.url('/sahel.xml')), listing()],
      now: () => clock,
      logger: quietLogger,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });

  it('ends the stage with a StorageError when the database cannot take the items', async () => {
    await db.store.sql.run('DROP TABLE article_sources');
    await expect(run([rssFeed('sahel', server.url('/sahel.xml')), listing()])).rejects.toBeInstanceOf(StorageError);
  });
});
