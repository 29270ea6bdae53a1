// One fetch run over a server full of hostile answers: each sick feed gets a clear error or a sane
// item, and the healthy feeds in the same run are stored as usual.
import fs from 'node:fs';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeeds, type FetchReport } from '../../src/pipeline/fetch-feeds.ts';
import { getFeedState } from '../../src/store/feeds-repo.ts';
import type { FeedSettings } from '../../src/types.ts';
import { loopbackLimits } from '../helpers/loopback-opt-in.ts';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.ts';
import { articlesOf, quietLogger, rssFeed, tempStore } from './store-helpers.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/fetch/${name}`, import.meta.url), 'utf8');
// 32 MB of spaces in 32 KB, compressed once up front (compressing inside the handler would stall the test process).
const gzipBomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20), { level: 9 });
const rssOf = (items: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Generated</title>${items}</channel></rss>`;

let server: LoopbackServer;
let db: Awaited<ReturnType<typeof tempStore>>;
let clock = new Date('2026-03-01T10:00:00.000Z');
let first: FetchReport;
let second: FetchReport;
const feeds: FeedSettings[] = [];

const hostile: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void> = {
  '/good-fr.xml': (req, res) => {
    if (req.headers['if-none-match'] === '"fr-1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"fr-1"' }).end(fixture('sahel-fr.rss.xml'));
  },
  '/good-ru.xml': (req, res) => {
    const modified = 'Wed, 17 Jan 2024 12:00:00 GMT';
    if (req.headers['if-modified-since'] === modified) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': modified }).end(fixture('moscow-ru.atom.xml'));
  },
  '/wrong-charset.xml': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/xml; charset=ISO-8859-1' })
      .end(iconv.encode(fixture('libya-ar-1256.rss.xml'), 'windows-1256')),
  '/malformed.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('malformed.xml')),
  '/html-instead.xml': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture('not-a-feed.html')),
  '/empty.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(),
  '/never-ends.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<rss version="2.0"><channel><title>Drip</title>');
    const timer = setInterval(() => res.write('<!-- still here -->'), 30);
    res.on('close', () => clearInterval(timer));
  },
  '/slow.xml': (_req, res) => {
    const timer = setTimeout(() => res.writeHead(200).end(rssOf('')), 5_000);
    res.on('close', () => clearTimeout(timer));
  },
  '/slow-but-fine.xml': (_req, res) => {
    const timer = setTimeout(
      () => res.writeHead(200).end(rssOf('<item><title>Late but fine</title><link>https://late.example/1</link></item>')),
      150,
    );
    res.on('close', () => clearTimeout(timer));
  },
  '/huge.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const block = Buffer.alloc(256 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(block));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
  '/gzip-bomb.xml': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' }).end(gzipBomb),
  '/entity-bomb.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('entity-bomb.xml')),
  '/loop-1.xml': (_req, res) => res.writeHead(302, { location: '/loop-2.xml' }).end(),
  '/loop-2.xml': (_req, res) => res.writeHead(302, { location: '/loop-1.xml' }).end(),
  '/old-address.xml': (_req, res) => res.writeHead(301, { location: '/new-address.xml' }).end(),
  '/new-address.xml': (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssOf('<item><title>Moved feed item</title><link>https://moved.example/1</link></item>')),
  '/gone.xml': (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>'),
  '/error.xml': (_req, res) => res.writeHead(500).end('Internal error'),
  '/busy.xml': (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(),
  '/year-20240.xml': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(rssOf('<item><title>Dated far ahead</title><link>https://future.example/1</link><pubDate>Mon, 15 Jan 20240 08:00:00 GMT</pubDate></item>')),
  '/long-title.xml': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(rssOf(`<item><title>${'Haftar '.repeat(100_000 / 7)}</title><link>https://long.example/1</link></item>`)),
};

const ids = Object.keys(hostile).map((p) => p.slice(1).replace('.xml', ''));

beforeAll(async () => {
  server = await startLoopbackServer(hostile);
  db = await tempStore();
  for (const path of Object.keys(hostile)) {
    if (path === '/new-address.xml' || path === '/loop-2.xml') continue;
    feeds.push(rssFeed(path.slice(1).replace('.xml', ''), server.url(path)));
  }
  const run = () =>
    fetchFeeds({
      store: db.store,
      feeds,
      now: () => clock,
      logger: quietLogger,
      limits: { totalTimeoutMs: 2_000, maxBodyBytes: 4 * 1024 * 1024, retries: 1, retryBaseDelayMs: 1, ...loopbackLimits },
      sleep: async () => {},
    });
  first = await run();
  clock = new Date(clock.getTime() + 31 * 60_000);
  server.requests.length = 0;
  second = await run();
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.cleanup();
});

const report = (r: FetchReport, id: string) => {
  const found = r.feeds.find((f) => f.feedId === id);
  if (!found) throw new Error(`no report for ${id} among ${ids.join(', ')}`);
  return found;
};

/** A hostile feed either fails with a message a user can read, or yields items that are sane. */
async function expectClearErrorOrSaneItems(id: string): Promise<void> {
  const r = report(first, id);
  if (r.status === 'failed') {
    expect(r.error).toMatch(/\w+ \w+ \w+/);
    expect((await getFeedState(db.store, id))!.lastError).toBe(r.error);
  } else {
    expect(r.status).toBe('ok');
    for (const article of await articlesOf(db.store, id)) expect((article.title ?? '').length).toBeLessThanOrEqual(1_000);
  }
}

describe('a fetch run with hostile feeds among healthy ones', () => {
  it('stores the healthy feeds as usual', async () => {
    expect(report(first, 'good-fr')).toMatchObject({ status: 'ok', itemsSeen: 2, itemsNew: 2 });
    expect(report(first, 'good-ru')).toMatchObject({ status: 'ok', itemsSeen: 1, itemsNew: 1 });
    expect((await articlesOf(db.store, 'good-fr')).map((a) => a.title)).toEqual([
      'Le général Salifou Mody reçu à Benghazi par le maréchal Haftar',
      'Agadez : la base aérienne au cœur des discussions avec Washington',
    ]);
    expect((await articlesOf(db.store, 'good-ru'))[0]!.title).toBe('Евкуров провёл переговоры в Бенгази');
  });

  it('reports every new article id', async () => {
    const total = first.feeds.reduce((n, f) => n + f.itemsNew, 0);
    expect(first.newArticleIds).toHaveLength(total);
    expect(total).toBeGreaterThanOrEqual(6);
  });

  it('decodes a windows-1256 feed served with a wrong ISO-8859-1 header, without mojibake', async () => {
    expect(report(first, 'wrong-charset').status).toBe('ok');
    expect((await articlesOf(db.store, 'wrong-charset'))[0]!.title).toBe('حفتر يستقبل وزير الدفاع النيجري في بنغازي');
  });

  it('gives malformed XML a clear error or sane items', async () => expectClearErrorOrSaneItems('malformed'));

  it('reports an HTML page where a feed was expected', async () => {
    expect(report(first, 'html-instead')).toMatchObject({ status: 'failed', errorKind: 'not-a-feed' });
  });

  it('reports an empty body', async () => {
    expect(report(first, 'empty')).toMatchObject({ status: 'failed', errorKind: 'not-a-feed', error: 'the server answered with an empty body' });
  });

  it('stops a body that never ends at the total timeout', async () => {
    expect(report(first, 'never-ends')).toMatchObject({ status: 'failed', errorKind: 'timeout' });
    expect(report(first, 'never-ends').error).toContain('while downloading the answer');
  });

  it('stops waiting for a server that is too slow to answer', async () => {
    expect(report(first, 'slow')).toMatchObject({
      status: 'failed',
      errorKind: 'timeout',
      error: 'timed out after 2 s waiting for the server to answer',
    });
  });

  it('waits for a server that is slow but within the limit', async () => {
    expect(report(first, 'slow-but-fine')).toMatchObject({ status: 'ok', itemsNew: 1 });
  });

  it('refuses a huge body', async () => expect(report(first, 'huge')).toMatchObject({ status: 'failed', errorKind: 'too-large' }));

  it('refuses a gzip bomb by its decompressed size', async () =>
    expect(report(first, 'gzip-bomb')).toMatchObject({ status: 'failed', errorKind: 'too-large' }));

  it('never expands an entity bomb', async () => {
    await expectClearErrorOrSaneItems('entity-bomb');
    for (const a of await articlesOf(db.store, 'entity-bomb')) expect((a.content ?? '').length).toBeLessThan(10_000);
  });

  it('reports a redirect loop', async () =>
    expect(report(first, 'loop-1')).toMatchObject({ status: 'failed', errorKind: 'too-many-redirects' }));

  it('stores the new address of a feed that moved permanently and fetches it there next time', async () => {
    expect(report(first, 'old-address')).toMatchObject({ status: 'ok', itemsNew: 1, movedTo: server.url('/new-address.xml') });
    expect((await getFeedState(db.store, 'old-address'))!.url).toBe(server.url('/new-address.xml'));
    expect(server.requests.map((r) => r.path)).toContain('/new-address.xml');
    expect(server.requests.map((r) => r.path)).not.toContain('/old-address.xml');
  });

  it('reports 404 in plain words and counts the failure on the feed', async () => {
    expect(report(first, 'gone')).toMatchObject({ status: 'failed', errorKind: 'http-status' });
    expect(report(first, 'gone').error).toMatch(/^the server answered 404 Not Found/);
    const state = (await getFeedState(db.store, 'gone'))!;
    expect(state.consecutiveFailures).toBe(2);
    expect(state.lastError).toMatch(/404 Not Found/);
  });

  it('reports a 500 after retrying it', async () => {
    expect(report(first, 'error').error).toMatch(/^the server answered 500 Internal Server Error/);
    expect(server.requests.filter((r) => r.path === '/error.xml')).toHaveLength(2);
  });

  it('honours a long Retry-After on 429 by not fetching the feed again before it', async () => {
    expect(report(first, 'busy').error).toContain('429 Too Many Requests (asked to wait 3600 s)');
    expect(report(second, 'busy')).toMatchObject({ status: 'skipped' });
    expect((await getFeedState(db.store, 'busy'))!.nextFetchAt! >= '2026-03-01T11:00:00.000Z').toBe(true);
  });

  it('stores an item dated in the year 20240 without that date', async () => {
    expect(report(first, 'year-20240').status).toBe('ok');
    const [article] = await articlesOf(db.store, 'year-20240');
    expect(article!.title).toBe('Dated far ahead');
    expect(article!.published_at).toBeNull();
  });

  it('cuts a 100,000-character title to a sane length', async () => {
    const [article] = await articlesOf(db.store, 'long-title');
    expect(article!.title!.length).toBeLessThanOrEqual(1_000);
    expect(article!.title!.startsWith('Haftar Haftar')).toBe(true);
  });

  it('asks again with the ETag and Last-Modified it got, and a 304 costs no parsing', async () => {
    expect(report(second, 'good-fr')).toMatchObject({ status: 'not-modified', itemsSeen: 0, itemsNew: 0 });
    expect(report(second, 'good-ru')).toMatchObject({ status: 'not-modified', itemsSeen: 0, itemsNew: 0 });
    expect(server.requests.find((r) => r.path === '/good-fr.xml')!.headers['if-none-match']).toBe('"fr-1"');
    expect(server.requests.find((r) => r.path === '/good-ru.xml')!.headers['if-modified-since']).toBe('Wed, 17 Jan 2024 12:00:00 GMT');
    expect(await articlesOf(db.store, 'good-fr')).toHaveLength(2);
  });

  it('does not parse again an unchanged body from a server without validators, and stores nothing twice', async () => {
    expect(report(second, 'wrong-charset')).toMatchObject({ status: 'not-modified', itemsSeen: 0, itemsNew: 0 });
    expect(second.newArticleIds.length).toBe(0);
    expect(await articlesOf(db.store, 'wrong-charset')).toHaveLength(1);
  });

  it('resets the failure count once a feed works again', async () => {
    expect((await getFeedState(db.store, 'good-fr'))!.consecutiveFailures).toBe(0);
    expect((await getFeedState(db.store, 'good-fr'))!.lastSuccessAt).toBe(clock.toISOString());
  });
});
