// The private-network guard through the fetch stage and the CLI: a refusal is the feed's failure,
// stored on its row and shown by `rasid feeds status`; article pages go through the same guard.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeeds } from '../../src/pipeline/fetch-feeds.ts';
import { getFeedState } from '../../src/store/feeds-repo.ts';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { articlesOf, quietLogger, rssFeed, tempStore } from './store-helpers.ts';

const article = (title: string) =>
  `<html><body><article><h1>${title}</h1><p>${'Niger and Libya agreed a new border patrol arrangement near the Salvador pass, officials in Niamey said. '.repeat(8)}</p></article></body></html>`;

/** A feed whose items link to `articleBase`, plus the article pages themselves; every request is counted. */
async function deskServer(host: string, articleBase: () => string) {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '/');
    if (req.url === '/desk.xml') {
      const items = ['one', 'two']
        .map((n) => `<item><guid>${n}</guid><title>Border patrol ${n}</title><link>${articleBase()}/story/${n}</link><description>Short.</description></item>`)
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>${items}</channel></rss>`);
    } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(`Story ${req.url}`));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    base,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let loopback: Awaited<ReturnType<typeof deskServer>>;
let other: Awaited<ReturnType<typeof deskServer>>;
beforeAll(async () => {
  loopback = await deskServer('127.0.0.1', () => loopback.base);
  // Its items link to the 127.0.0.1 server: allowed here, its article pages are not.
  other = await deskServer('127.0.0.2', () => loopback.base);
});
afterAll(async () => {
  await Promise.all([loopback.close(), other.close()]);
});
afterEach(async () => {
  loopback.paths.length = 0;
  other.paths.length = 0;
});

describe('the fetch stage', () => {
  it('records a refused feed as failed, with the reason on its row, and never asks the server', async () => {
    const db = await tempStore();
    try {
      const report = await fetchFeeds({ store: db.store, feeds: [rssFeed('desk', `${loopback.base}/desk.xml`)], now: () => new Date(), logger: quietLogger });
      expect(report.feeds[0]).toMatchObject({ status: 'failed', errorKind: 'private-address' });
      expect(report.feeds[0]!.error).toContain(`refused to fetch ${loopback.base}/desk.xml: it leads to 127.0.0.1, a loopback address`);
      const state = await getFeedState(db.store, 'desk');
      expect(state?.lastError).toBe(report.feeds[0]!.error);
      expect(state?.consecutiveFailures).toBe(1);
      expect(loopback.paths).toEqual([]);
    } finally {
      await db.cleanup();
    }
  });

  it('fetches a feed that opts in, and the article pages it links to', async () => {
    const db = await tempStore();
    try {
      const feed = rssFeed('desk', `${loopback.base}/desk.xml`, { allowPrivateNetwork: true, fetchArticles: true });
      const report = await fetchFeeds({ store: db.store, feeds: [feed], now: () => new Date(), logger: quietLogger, limits: { retries: 0 } });
      expect(report.feeds[0]).toMatchObject({ status: 'ok', itemsNew: 2, articlePages: { fetched: 2, failed: 0 } });
      expect(loopback.paths.sort()).toEqual(['/desk.xml', '/story/one', '/story/two']);
      expect((await articlesOf(db.store, 'desk')).every((a) => a.content?.includes('Salvador pass'))).toBe(true);
    } finally {
      await db.cleanup();
    }
  });

  it('refuses article pages on a network the feed itself was not allowed', async () => {
    const db = await tempStore();
    try {
      const feed = rssFeed('desk', `${other.base}/desk.xml`, { fetchArticles: true });
      const report = await fetchFeeds({
        store: db.store,
        feeds: [feed],
        now: () => new Date(),
        logger: quietLogger,
        limits: { retries: 0, allowNetworks: ['127.0.0.2/32'] },
      });
      expect(report.feeds[0]).toMatchObject({ status: 'ok', itemsNew: 2, articlePages: { fetched: 0, failed: 2 } });
      expect(other.paths).toEqual(['/desk.xml']);
      expect(loopback.paths).toEqual([]);
    } finally {
      await db.cleanup();
    }
  });
});

const tempDir = useTempDir('rasid-private-cli-');

describe('rasid fetch and rasid feeds status', () => {
  function install(feedsYaml: string) {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'feeds.yaml'), feedsYaml);
    return { RASID_FEEDS: path.join(dir, 'feeds.yaml'), RASID_DB: path.join(dir, 'rasid.db'), RASID_WATCHLISTS: path.join(REPO_ROOT, 'watchlists') };
  }

  it('refuses a loopback feed by default and shows why in feeds status; the feeds file opts in', async () => {
    // interval 0: the next run fetches again at once, failure or not.
    const env = install(`defaults:\n  interval: 0\nfeeds:\n  - url: ${loopback.base}/desk.xml\n    id: desk\n`);
    const refused = await runCli(['fetch'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('desk');
    const status = await runCli(['feeds', 'status', '--json'], { env });
    expect(status.code).toBe(0);
    const health = JSON.parse(status.stdout) as { feeds: Array<{ feedId: string; lastError: string | null }> };
    expect(health.feeds.find((f) => f.feedId === 'desk')?.lastError).toContain(
      'it leads to 127.0.0.1, a loopback address (this machine); Rasid does not fetch private networks unless allowed (feeds file: allowPrivateNetwork: true on the feed',
    );
    const text = await runCli(['feeds', 'status'], { env });
    expect(text.stdout).toContain('refused to fetch');
    expect(loopback.paths).toEqual([]);

    fs.writeFileSync(env.RASID_FEEDS, `defaults:\n  interval: 0\nfeeds:\n  - url: ${loopback.base}/desk.xml\n    id: desk\n    allowPrivateNetwork: true\n`);
    const allowed = await runCli(['fetch'], { env });
    expect(allowed.code).toBe(0);
    expect(loopback.paths).toEqual(['/desk.xml']);
  });

  it('takes the allow-list from RASID_ALLOW_NETWORKS', async () => {
    const env = install(`feeds:\n  - url: ${loopback.base}/desk.xml\n    id: desk\n`);
    expect((await runCli(['fetch'], { env: { ...env, RASID_ALLOW_NETWORKS: '10.0.0.0/8,127.0.0.1/32' } })).code).toBe(0);
    expect(loopback.paths).toEqual(['/desk.xml']);
  });
});
