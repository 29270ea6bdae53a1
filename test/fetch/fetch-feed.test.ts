import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchDeps, type FetchOutcome } from '../../src/fetch/fetch-feed.ts';
import { fetchLimits } from '../../src/fetch/limits.ts';
import type { FeedSettings, FeedState } from '../../src/types.ts';
import { loopbackLimits } from '../helpers/loopback-opt-in.ts';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.ts';

const rss = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Sahel Desk</title>
<item><title>Niamey and Benghazi sign a defence memorandum</title><link>https://example.org/a</link></item></channel></rss>`;

let server: LoopbackServer;
const sleeps: number[] = [];

function deps(overrides: Partial<Parameters<typeof fetchLimits>[0]> = {}): FetchDeps {
  return {
    now: () => new Date('2026-03-01T10:00:00Z'),
    limits: fetchLimits({ totalTimeoutMs: 1_500, retryBaseDelayMs: 10, ...loopbackLimits, ...overrides }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  };
}

function feed(path: string): FeedSettings {
  return { id: path, url: server.url(path), kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false };
}

function state(path: string, fields: Partial<FeedState>): FeedState {
  return {
    feedId: path,
    url: server.url(path),
    etag: null,
    lastModified: null,
    consecutiveFailures: 0,
    lastError: null,
    lastErrorAt: null,
    lastSuccessAt: null,
    lastFetchedAt: null,
    nextFetchAt: null,
    ...fields,
  };
}

function failure(outcome: FetchOutcome) {
  if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
  return outcome;
}

function fetched(outcome: FetchOutcome) {
  if (outcome.status !== 'fetched') throw new Error(`expected a body, got ${outcome.status}: ${JSON.stringify(outcome)}`);
  return outcome;
}

let flaky = 0;
beforeAll(async () => {
  server = await startLoopbackServer({
    '/feed.xml': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Sat, 01 Feb 2026 08:00:00 GMT') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Sat, 01 Feb 2026 08:00:00 GMT' });
      res.end(rss);
    },
    '/gzip': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(rss)),
    '/deflate': (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(rss)),
    '/deflate-raw': (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateRawSync(rss)),
    '/br': (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(rss)),
    '/gzip-bomb': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024))),
    '/corrupt-gzip': (_req, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0xff]), Buffer.from('this is not gzip at all')])),
    // A CDN that labels an uncompressed feed as gzip; the second sends the first byte alone.
    '/plain-labelled-gzip': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(rss),
    '/plain-labelled-gzip-trickle': (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.write(rss.slice(0, 1));
      setTimeout(() => res.end(rss.slice(1)), 20);
    },
    '/huge-declared': (_req, res) => {
      res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
      res.write('<rss>');
    },
    '/huge-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const block = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (res.write(block)) {
          if (res.destroyed) return;
        }
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    },
    '/never-ends': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    },
    '/never-answers': () => {},
    '/cut-short': (req, res) => {
      res.writeHead(200, { 'content-length': '10000' });
      res.write('<rss version="2.0">');
      setTimeout(() => req.socket.destroy(), 20);
    },
    '/loop-a': (_req, res) => res.writeHead(302, { location: '/loop-b' }).end(),
    '/loop-b': (_req, res) => res.writeHead(302, { location: '/loop-a' }).end(),
    '/moved': (_req, res) => res.writeHead(301, { location: '/moved-again' }).end(),
    '/moved-again': (_req, res) => res.writeHead(308, { location: '/feed.xml' }).end(),
    '/temporarily': (_req, res) => res.writeHead(302, { location: '/moved' }).end(),
    '/to-ftp': (_req, res) => res.writeHead(301, { location: 'ftp://example.org/feed.xml' }).end(),
    '/missing': (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
    '/broken': (_req, res) => res.writeHead(500).end('oops'),
    '/flaky': (_req, res) => {
      flaky++;
      if (flaky % 2 === 1) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
    },
    '/busy-short': (_req, res) => res.writeHead(429, { 'retry-after': '2' }).end(),
    '/busy-long': (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(),
  });
  for (let i = 0; i < 8; i++) server.route(`/chain-${i}`, (_req, res) => res.writeHead(302, { location: `/chain-${i + 1}` }).end());
});
afterAll(() => server.close());

describe('fetchFeed', () => {
  it('returns the body with its content type and validators, and names Rasid in the User-Agent', async () => {
    const outcome = fetched(await fetchFeed(feed('/feed.xml'), null, deps()));
    expect(outcome.body.toString()).toBe(rss);
    expect(outcome.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(outcome.etag).toBe('"v1"');
    expect(outcome.lastModified).toBe('Sat, 01 Feb 2026 08:00:00 GMT');
    expect(outcome.permanentUrl).toBeNull();
    const last = server.requests.at(-1)!;
    expect(last.headers['user-agent']).toMatch(/^Rasid\/.*https?:\/\//);
    expect(last.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['an ETag', { etag: '"v1"' }, 'if-none-match', '"v1"'],
    ['a Last-Modified date', { lastModified: 'Sat, 01 Feb 2026 08:00:00 GMT' }, 'if-modified-since', 'Sat, 01 Feb 2026 08:00:00 GMT'],
  ])('sends %s back and reports 304 as not modified', async (_name, fields, headerName, value) => {
    const outcome = await fetchFeed(feed('/feed.xml'), state('/feed.xml', fields), deps());
    expect(outcome.status).toBe('not-modified');
    expect(server.requests.at(-1)!.headers[headerName]).toBe(value);
  });

  it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])('decompresses %s bodies', async (path) => {
    const outcome = fetched(await fetchFeed(feed(path), null, deps()));
    expect(outcome.body.toString()).toBe(rss);
  });

  it.each(['/plain-labelled-gzip', '/plain-labelled-gzip-trickle'])('reads a plain body labelled gzip (%s) as it is', async (path) => {
    const outcome = fetched(await fetchFeed(feed(path), null, deps()));
    expect(outcome.body.toString()).toBe(rss);
  });

  it('stops a gzip bomb at the size limit counted after decompression', async () => {
    const outcome = failure(await fetchFeed(feed('/gzip-bomb'), null, deps({ maxBodyBytes: 1024 * 1024 })));
    expect(outcome.error.kind).toBe('too-large');
    expect(outcome.error.message).toContain('larger than the 1 MB limit');
  });

  it('reports a corrupt compressed body in words', async () => {
    const outcome = failure(await fetchFeed(feed('/corrupt-gzip'), null, deps()));
    expect(outcome.error.kind).toBe('network');
    expect(outcome.error.message).toContain('could not be decompressed');
    expect(outcome.attempts).toBe(1);
  });

  it.each(['/huge-declared', '/huge-chunked'])('refuses a huge body (%s) without downloading it all', async (path) => {
    const outcome = failure(await fetchFeed(feed(path), null, deps({ maxBodyBytes: 2 * 1024 * 1024 })));
    expect(outcome.error.kind).toBe('too-large');
  });

  it('gives up on a body that never ends after the total timeout', async () => {
    // The body never ends: only the 0.4 s timer can end the fetch (a missing one fails by the test timeout).
    const outcome = failure(await fetchFeed(feed('/never-ends'), null, deps({ totalTimeoutMs: 400 })));
    expect(outcome.error.kind).toBe('timeout');
    expect(outcome.error.message).toMatch(/timed out after 0\.4 s while downloading the answer/);
    expect(outcome.attempts).toBe(1);
  });

  it('gives up on a server that never answers, saying so', async () => {
    const outcome = failure(await fetchFeed(feed('/never-answers'), null, deps({ totalTimeoutMs: 300 })));
    expect(outcome.error.message).toBe('timed out after 0.3 s waiting for the server to answer');
  });

  it('reports a connection cut before the whole body arrived', async () => {
    const outcome = failure(await fetchFeed(feed('/cut-short'), null, deps({ retries: 0 })));
    expect(outcome.error.kind).toBe('network');
    expect(outcome.error.message).toContain('closed by the server before the whole answer arrived');
  });

  it('detects a redirect loop', async () => {
    const outcome = failure(await fetchFeed(feed('/loop-a'), null, deps()));
    expect(outcome.error.kind).toBe('too-many-redirects');
    expect(outcome.error.message).toContain('redirects in a loop');
  });

  it('follows at most maxRedirects redirects', async () => {
    const outcome = failure(await fetchFeed(feed('/chain-0'), null, deps({ maxRedirects: 3 })));
    expect(outcome.error.kind).toBe('too-many-redirects');
    expect(outcome.error.message).toContain('gave up after 3 redirects');
  });

  it('reports a chain of permanent redirects as the new address to store', async () => {
    const outcome = fetched(await fetchFeed(feed('/moved'), null, deps()));
    expect(outcome.permanentUrl).toBe(server.url('/feed.xml'));
    expect(outcome.finalUrl).toBe(server.url('/feed.xml'));
  });

  it('does not store an address reached through a temporary redirect', async () => {
    const outcome = fetched(await fetchFeed(feed('/temporarily'), null, deps()));
    expect(outcome.permanentUrl).toBeNull();
    expect(outcome.finalUrl).toBe(server.url('/feed.xml'));
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const outcome = failure(await fetchFeed(feed('/to-ftp'), null, deps()));
    expect(outcome.error.kind).toBe('bad-url');
  });

  it('refuses a feed address that is not http or https', async () => {
    const outcome = failure(await fetchFeed({ ...feed('/x'), url: 'file:///etc/passwd' }, null, deps()));
    expect(outcome.error.kind).toBe('bad-url');
    expect(outcome.error.message).toContain('only http and https');
  });

  it('reports 404 in plain words and does not retry it', async () => {
    const outcome = failure(await fetchFeed(feed('/missing'), null, deps()));
    expect(outcome.error.kind).toBe('http-status');
    expect(outcome.error.message).toMatch(/^the server answered 404 Not Found/);
    expect(outcome.error.details.status).toBe(404);
    expect(outcome.attempts).toBe(1);
  });

  it('retries a 500 with growing backoff, then reports it', async () => {
    sleeps.length = 0;
    const outcome = failure(await fetchFeed(feed('/broken'), null, deps({ retries: 2, retryBaseDelayMs: 100 })));
    expect(outcome.error.message).toMatch(/^the server answered 500 Internal Server Error/);
    expect(outcome.attempts).toBe(3);
    expect(sleeps).toEqual([75, 150]);
  });

  it('succeeds when a retry after a 503 gets through', async () => {
    flaky = 0;
    const outcome = fetched(await fetchFeed(feed('/flaky'), null, deps()));
    expect(outcome.attempts).toBe(2);
  });

  it('honours a short Retry-After on 429', async () => {
    sleeps.length = 0;
    const outcome = failure(await fetchFeed(feed('/busy-short'), null, deps({ retries: 1 })));
    expect(sleeps).toEqual([2000]);
    expect(outcome.attempts).toBe(2);
    expect(outcome.error.message).toContain('429 Too Many Requests (asked to wait 2 s)');
  });

  it('does not wait for a Retry-After beyond the cap but reports it for rescheduling', async () => {
    sleeps.length = 0;
    const outcome = failure(await fetchFeed(feed('/busy-long'), null, deps({ maxRetryAfterSeconds: 60 })));
    expect(sleeps).toEqual([]);
    expect(outcome.attempts).toBe(1);
    expect(outcome.retryAfterSeconds).toBe(3600);
  });

  it('reports a refused connection', async () => {
    const closed = await startLoopbackServer();
    const url = closed.url('/feed.xml');
    await closed.close();
    const outcome = failure(await fetchFeed({ ...feed('/x'), url }, null, deps({ retries: 0 })));
    expect(outcome.error.kind).toBe('network');
    expect(outcome.error.message).toContain('refused the connection');
  });

  it('gives up on a connection that cannot be opened within the connect timeout', async () => {
    const neverResolves = (() => {}) as unknown as import('node:net').LookupFunction;
    const outcome = failure(
      await fetchFeed({ ...feed('/x'), url: 'http://slow-dns.example/feed.xml' }, null, { ...deps({ connectTimeoutMs: 200 }), lookup: neverResolves }),
    );
    expect(outcome.error.kind).toBe('timeout');
    expect(outcome.error.message).toBe('could not connect to slow-dns.example within 0.2 s');
  });

  it('fetches from the stored address rather than the configured one', async () => {
    const outcome = fetched(await fetchFeed(feed('/missing'), state('/missing', { url: server.url('/feed.xml') }), deps()));
    expect(outcome.finalUrl).toBe(server.url('/feed.xml'));
  });
});
