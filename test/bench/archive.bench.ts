// Benchmark: how the archive's size weighs on the reads analysts do, on both engines. Archives of
// 100,000 and 1,000,000 articles (5% with a hit) are built with multi-row inserts; then timed, as
// the median of a few runs: the newest page of `rasid hits` (50), one entry's newest page, the
// pending count `rasid status` shows, and a backtest that re-matches the last day of the archive
// (and, up to 100,000 articles, the whole of it). Each figure is printed beside the smallest
// archive's, so the ratio says how it grows.
// Run: npx tsx test/bench/archive.bench.ts   (SIZES=20000,100000 for a quick look; PostgreSQL from
// RASID_TEST_PG_URL or 127.0.0.1:5432, left out when unreachable)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/load-config.ts';
import { backtest } from '../../src/match/backtest.ts';
import { matchArticle } from '../../src/match/match-article.ts';
import { articleToMatchInput } from '../../src/pipeline/match-articles.ts';
import { iterateArticles } from '../../src/store/articles-repo.ts';
import { listHits } from '../../src/store/hit-queries.ts';
import { hitsByArticle } from '../../src/store/hits-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { readHealth } from '../../src/store/status-repo.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

const SIZES = (process.env.SIZES ?? '100000,1000000').split(',').map(Number);
const PG_URL = process.env.RASID_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const ENTRIES = ['haftar', 'mody', 'agadem', 'wagner', 'yevkurov'];
const { watchlists } = loadConfig({ watchlists: path.join(REPO_ROOT, 'watchlists') }, {}, { watchlists: true });

const TEXTS = [
  ['Marshal Haftar receives a delegation in Benghazi', 'Khalifa Haftar met officers of the LNA to discuss the southern border.'],
  ['Weather: a hot week in Niamey', 'Temperatures near 42 degrees are expected across the capital.'],
  ['Agadem crude pipeline exports resume', 'The pipeline to the port of Seme pumped again after a month.'],
  ['Markets: onion prices fall in Zinder', 'Traders said the harvest was early this year.'],
];

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Articles spread over 100 days, newest last; every 20th has a hit; the newest 1% are pending. */
async function fill(store: Store, n: number): Promise<void> {
  const CHUNK = 1000;
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    await store.sql.transaction(async () => {
      const rows: unknown[] = [];
      for (let i = start; i < start + count; i++) {
        const [title, text] = TEXTS[i % TEXTS.length]!;
        const at = new Date(NOW - Math.floor(((n - i) / n) * 100 * DAY_MS)).toISOString();
        rows.push(i + 1, 'wire', `g${i}`, `https://wire.example/${i}`, `https://wire.example/${i}`, `h${i}`, `${title} (${i})`, text, at, at, at);
      }
      await store.sql.run(
        `INSERT INTO articles (id, feed_id, guid, url, canonical_url, content_hash, title, summary, published_at, fetched_at, matched_at)
         VALUES ${Array.from({ length: count }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows,
      );
      const hits: unknown[] = [];
      let h = 0;
      for (let i = start; i < start + count; i++) {
        if (i % 20 !== 0) continue;
        const at = new Date(NOW - Math.floor(((n - i) / n) * 100 * DAY_MS)).toISOString();
        hits.push(i + 1, ENTRIES[(i / 20) % ENTRIES.length]!, '["Haftar"]', '…Haftar…', 'normal', '[]', at);
        h++;
      }
      if (h > 0)
        await store.sql.run(
          `INSERT INTO hits (article_id, entry, terms, snippet, priority, why, created_at) VALUES ${Array.from({ length: h }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          hits,
        );
    });
  }
  await store.sql.run(`INSERT INTO feeds (id, url, title) VALUES ('wire', 'https://wire.example/rss', 'Wire') ON CONFLICT (id) DO NOTHING`);
  // Everything but the newest 1% delivered, as on a working installation.
  const digest = await store.sql.get<{ id: number }>(
    `INSERT INTO digests (recipient, kind, status, message_id, hit_ids, created_at, sent_at) VALUES ('desk@example.org', 'digest', 'sent', '<bench@x>', '[]', ?, ?) RETURNING id`,
    [new Date(NOW).toISOString(), new Date(NOW).toISOString()],
  );
  await store.sql.run(
    `INSERT INTO deliveries (hit_id, recipient, digest_id, delivered_at) SELECT id, 'desk@example.org', ?, ? FROM hits WHERE article_id <= ?`,
    [digest!.id, new Date(NOW).toISOString(), Math.floor(n * 0.99)],
  );
  if (store.kind === 'postgres') await store.sql.run('ANALYZE');
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function measure(store: Store, n: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  out['hits, newest 50'] = await median(5, () => listHits(store, { limit: 50 }));
  out['hits --entry mody, newest 50'] = await median(5, () => listHits(store, { entry: 'mody', limit: 50 }));
  out['status (pending, failing, runs)'] = await median(3, () => readHealth(store, new Date(NOW)));
  const rematch = (since?: string) => async () => {
    const stored = await hitsByArticle(store);
    const articles = (async function* () {
      for await (const a of iterateArticles(store, { since })) yield { id: a.id, title: a.title, input: articleToMatchInput(a) };
    })();
    return backtest(articles, stored, (input) => matchArticle(watchlists, input));
  };
  out['backtest, the last day'] = await median(1, rematch(new Date(NOW - DAY_MS).toISOString()));
  if (n <= 100_000) out['backtest, the whole archive'] = await median(1, rematch());
  return out;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-archive-bench-'));
const engines: Array<'sqlite' | 'postgres'> = (await pgReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
if (engines.length === 1) console.log(`PostgreSQL not reachable at ${PG_URL}: SQLite only`);
const admin = engines.includes('postgres') ? new pg.Client({ connectionString: PG_URL }) : null;
await admin?.connect();
try {
  for (const engine of engines) {
    const results = new Map<number, Record<string, number>>();
    for (const n of SIZES) {
      const schema = `archive_bench_${process.pid}_${n}`;
      const location = engine === 'sqlite' ? path.join(dir, `archive-${n}.db`) : `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
      const store = await openStore(location);
      try {
        const t = performance.now();
        await fill(store, n);
        const built = performance.now() - t;
        results.set(n, await measure(store, n));
        console.log(`${engine}: ${n.toLocaleString('en')} articles built in ${(built / 1000).toFixed(1)} s`);
      } finally {
        await store.close();
        if (engine === 'postgres') await admin!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    }
    const first = results.get(SIZES[0]!)!;
    for (const label of Object.keys(first)) {
      const cells = SIZES.map((n) => {
        const ms = results.get(n)?.[label];
        return ms === undefined ? '—' : `${ms.toFixed(1)} ms`;
      });
      console.log(`  ${engine.padEnd(9)} ${label.padEnd(34)} ${cells.map((c) => c.padStart(12)).join('')}`);
    }
    for (const n of SIZES.slice(1)) {
      const r = results.get(n)!;
      for (const label of Object.keys(r)) {
        const base = first[label];
        if (base) console.log(`  ${engine.padEnd(9)} ${label.padEnd(34)} ${(r[label]! / base).toFixed(2)}× at ${n.toLocaleString('en')} vs ${SIZES[0]!.toLocaleString('en')}`);
      }
    }
  }
} finally {
  await admin?.end();
  fs.rmSync(dir, { recursive: true, force: true });
}
