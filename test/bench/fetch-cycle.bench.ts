// Benchmark: a whole fetch cycle over 1,000 feeds × 50 items from a loopback server into a temp
// SQLite database, then the same cycle again with nothing changed (every feed answers 304).
// Printed as ratios against a baseline measured in the same run: the bare HTTP download of the
// same 1,000 bodies with our client (no parsing, no storage).
// The feed server runs in a child process so that its CPU and memory are not counted as ours.
// Run: npx tsx test/bench/fetch-cycle.bench.ts   (FEEDS=200 ITEMS=20 for a quick look)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchFeed } from '../../src/fetch/fetch-feed.ts';
import { createHostLimiter } from '../../src/fetch/host-limiter.ts';
import { fetchLimits } from '../../src/fetch/limits.ts';
import { fetchFeeds } from '../../src/pipeline/fetch-feeds.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { FeedSettings } from '../../src/types.ts';
import { loopbackLimits } from '../helpers/loopback-opt-in.ts';
import { startBenchFeedServer } from './bench-feed-server.ts';

const FEEDS = Number(process.env.FEEDS ?? 1000);
const ITEMS = Number(process.env.ITEMS ?? 50);
// Every feed is on 127.0.0.1, so the per-host limit is raised to the overall one: the bench
// measures our throughput, not the politeness towards one host that production needs. Loopback is
// allowed explicitly, so the private-network guard runs on every connection as it does in production.
const limits = { concurrency: 32, perHostConcurrency: 32, ...loopbackLimits };

function peakRssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const server = await startBenchFeedServer(FEEDS, ITEMS);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-bench-'));
const store = await openStore(path.join(dir, 'bench.db'));
const feeds: FeedSettings[] = Array.from({ length: FEEDS }, (_, f) => ({
  id: `feed-${f}`,
  url: `http://127.0.0.1:${server.port}/feed/${f}.xml`,
  kind: 'rss',
  intervalMinutes: 0,
  enabled: true,
  fetchArticles: false,
}));
const logger = { debug() {}, info() {}, warn() {} };
const now = () => new Date();

try {
  // Baseline: download every body with the same client and limits, nothing else.
  const full = fetchLimits(limits);
  const limiter = createHostLimiter(full.concurrency, full.perHostConcurrency);
  let t = performance.now();
  let bytes = 0;
  await Promise.all(
    feeds.map((feed) =>
      limiter.run(feed.url, async () => {
        const outcome = await fetchFeed(feed, null, { now, limits: full });
        if (outcome.status !== 'fetched') throw new Error(`baseline fetch of ${feed.url}: ${outcome.status}`);
        bytes += outcome.body.length;
      }),
    ),
  );
  const baselineMs = performance.now() - t;

  const rssBefore = process.memoryUsage().rss;
  let sampler = peakRssSampler();
  t = performance.now();
  const first = await fetchFeeds({ store, feeds, now, logger, limits });
  const firstMs = performance.now() - t;
  const firstPeak = sampler.stop();

  sampler = peakRssSampler();
  t = performance.now();
  const second = await fetchFeeds({ store, feeds, now, logger, limits });
  const secondMs = performance.now() - t;
  const secondPeak = sampler.stop();

  const stored = (await store.sql.get<{ n: number }>('SELECT count(*) AS "n" FROM articles'))!.n;
  const items = FEEDS * ITEMS;
  const count = (r: typeof first, s: string) => r.feeds.filter((f) => f.status === s).length;
  if (count(first, 'ok') !== FEEDS || stored !== items) throw new Error(`first cycle stored ${stored} of ${items} items`);
  if (count(second, 'not-modified') !== FEEDS) throw new Error('second cycle: not every feed answered 304');

  console.log(`fetch cycle: ${FEEDS} feeds × ${ITEMS} items (${mb(bytes)} of RSS) from 127.0.0.1, concurrency ${limits.concurrency}`);
  console.log(`  baseline (download only)  ${baselineMs.toFixed(0).padStart(7)} ms`);
  console.log(
    `  first cycle               ${firstMs.toFixed(0).padStart(7)} ms  ${Math.round(items / (firstMs / 1000))} items/s  ` +
      `${(firstMs / baselineMs).toFixed(2)}× baseline  peak RSS ${mb(firstPeak)} (+${mb(firstPeak - rssBefore)})`,
  );
  console.log(
    `  unchanged cycle (304s)    ${secondMs.toFixed(0).padStart(7)} ms  ${(secondMs / firstMs).toFixed(3)}× first cycle  ` +
      `${(secondMs / baselineMs).toFixed(2)}× baseline  peak RSS ${mb(secondPeak)}`,
  );
} finally {
  server.stop();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
