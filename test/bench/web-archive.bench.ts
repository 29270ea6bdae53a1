// Benchmark: the archive-wide reads at 100,000 and 1,000,000 articles, on SQLite and on PostgreSQL
// (when RASID_TEST_PG_URL or 127.0.0.1:5432 answers): the hit list (keyset paging, every filter),
// full-text search (FTS5 / tsvector over search stems), `rasid status`, and a backtest of the
// archive's last day. Baselines measured in the same run: OFFSET paging to the same depth, and a
// LIKE scan of the article text (what search would cost without the index). The archive is
// synthetic (test/bench/archive-builder.ts).
// Run: node --import tsx test/bench/web-archive.bench.ts   (ARTICLES=100000 for the small size only; ENGINES=sqlite)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { matchArticle } from '../../src/match/match-article.ts';
import pg from 'pg';
import { backtest } from '../../src/match/backtest.ts';
import { articleToMatchInput } from '../../src/pipeline/match-articles.ts';
import { iterateArticles } from '../../src/store/articles-repo.ts';
import { hitsByArticle } from '../../src/store/hits-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { readHealth } from '../../src/store/status-repo.ts';
import { loadWatchlists } from '../../src/watchlist/load-watchlists.ts';
import { listHitPage, type HitPageFilter } from '../../src/store/hit-list.ts';
import { countSearchResults, indexArticles, searchArticles, type SearchFilter } from '../../src/store/search-index.ts';
import { parseSearchQuery } from '../../src/store/search-query.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { resolvePaths } from '../../src/config/paths.ts';
import { webDeps } from '../../src/web/serve-web.ts';
import { startWebServer } from '../../src/web/start-web-server.ts';
import { buildArchive, deliverOlderHits, RARE_ENTRY, type ArchiveFacts } from './archive-builder.ts';

const SIZES = (process.env.ARTICLES ?? '100000,1000000').split(',').map(Number);
const PAGE = 50;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown, runs = 7): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function row(label: string, ms: number, note = ''): void {
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(2).padStart(9)} ms  ${note}`);
}

const count = async (store: Store, text: string, params: unknown[] = []) => (await store.sql.get<{ n: number }>(text, params))?.n ?? 0;

async function measure(store: Store, facts: ArchiveFacts): Promise<void> {
  const hitCount = await count(store, 'SELECT COUNT(*) AS "n" FROM hits');
  const maxHit = await count(store, 'SELECT MAX(id) AS "n" FROM hits');
  const middle = Math.floor(maxHit / 2);
  const depth = await count(store, 'SELECT COUNT(*) AS "n" FROM hits WHERE id >= ?', [middle]);
  const size = (await store.size()).bytes;
  console.log(`\n${store.kind}: ${facts.articles.toLocaleString('en')} articles, ${hitCount.toLocaleString('en')} hits, ${facts.feeds.length} feeds, database ${(size / 1e6).toFixed(0)} MB`);
  console.log('hit list (one page of 50, with sources, "also in" and deliveries):');
  const baseline = await time(() => store.sql.all('SELECT id FROM hits ORDER BY id DESC LIMIT 50'));
  row('baseline: 50 hit ids, newest first', baseline, '1×');
  const hitCases: Array<[string, Omit<HitPageFilter, 'limit'>]> = [
    ['newest, no filter', {}],
    [`page at depth ${depth.toLocaleString('en')} (keyset)`, { before: middle }],
    ['entry haftar (common)', { entries: ['haftar'] }],
    [`entry ${RARE_ENTRY} (rare)`, { entries: [RARE_ENTRY] }],
    ['watchlist (6 entries)', { entries: ['haftar', 'mody', 'wagner', 'agadem', 'yevkurov', 'zeine'] }],
    ['feed (common)', { feed: facts.feeds[0] }],
    ['feed (rare)', { feed: facts.rareFeed }],
    ['language ar', { language: 'ar' }],
    ['pending', { state: 'pending' }],
    ['delivered', { state: 'delivered' }],
    ['found in the last 7 days', { from: new Date(Date.parse('2026-11-30T00:00:00Z') - 7 * 86_400_000).toISOString() }],
    ['entry + language + pending', { entries: ['haftar'], language: 'ar', state: 'pending' }],
  ];
  for (const [label, filter] of hitCases) {
    const ms = await time(() => listHitPage(store, { ...filter, limit: PAGE }));
    row(label, ms, `${(ms / baseline).toFixed(0)}×`);
  }
  const offset = await time(() => store.sql.all('SELECT id FROM hits ORDER BY id DESC LIMIT 50 OFFSET ?', [depth]), 3);
  row(`OFFSET ${depth.toLocaleString('en')} (ids only, what keyset avoids)`, offset);

  console.log('search (one page of 50, newest first unless said):');
  // A word no article holds: the whole archive is read, as every search without an index would.
  const like = await time(() => store.sql.all("SELECT id FROM articles WHERE title LIKE '%nowhere%' OR summary LIKE '%nowhere%' ORDER BY id DESC LIMIT 50"), 1);
  row('baseline: LIKE scan of every article (no index)', like, '1×');
  const common = facts.commonWords.en;
  const second = facts.commonWords.fr;
  const searches: Array<[string, string, Omit<SearchFilter, 'limit'>]> = [
    ['Arabic name with clitics: حفتر', 'حفتر', {}],
    ['Russian inflected: Евкуровым', 'Евкуровым', {}],
    ['phrase: "Salifou Mody"', '"Salifou Mody"', {}],
    [`most common English word: ${common}`, common, {}],
    ['most common English + French word (none has both)', `${common} ${second}`, {}],
    ['OR of names', 'Agadem OR Евкуров OR "Africa Corps"', {}],
    ['prefix: Евку*', 'Евку*', {}],
    ['name + language filter', 'Haftar', { language: 'fr' }],
    ['name + rare feed', 'Haftar', { feed: facts.rareFeed }],
    ['most common word, relevance order', common, { order: 'relevance' }],
    ['a word no article has', 'nowhere', {}],
  ];
  for (const [label, text, filter] of searches) {
    const parsed = parseSearchQuery(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const ms = await time(() => searchArticles(store, parsed.query, { ...filter, limit: PAGE }));
    const count = await countSearchResults(store, parsed.query, { ...filter, limit: PAGE });
    const countMs = await time(() => countSearchResults(store, parsed.query, { ...filter, limit: PAGE }), 3);
    row(label, ms, `${(like / ms).toFixed(0)}× faster than LIKE; count ${count.capped ? '≥' : ''}${count.count.toLocaleString('en')} in ${countMs.toFixed(1)} ms`);
  }

  console.log('status and backtest:');
  row('rasid status (pending, failing feeds, runs, leases)', await time(() => readHealth(store, new Date('2026-11-30T00:00:00Z')), 3));
  const lastDay = new Date(Date.parse('2026-11-30T00:00:00Z') - 86_400_000).toISOString();
  const rematch = async () => {
    const stored = await hitsByArticle(store);
    const articles = (async function* () {
      for await (const a of iterateArticles(store, { since: lastDay })) yield { id: a.id, title: a.title, input: articleToMatchInput(a) };
    })();
    return backtest(articles, stored, (input) => matchArticle(compiledWatchlists, input));
  };
  const report = await rematch();
  row(`backtest of the last day (${report.articles.toLocaleString('en')} articles re-matched)`, await time(rematch, 1));
}

const compiledWatchlists = compileWatchlists(loadWatchlists(path.join(import.meta.dirname, '..', '..', 'watchlists')).watchlists);

// KEEP=FILE builds the archive into FILE and leaves it there (to look at it, or to point `rasid serve` at it).
const keep = process.env.KEEP;
/**
 * What the index adds to the match stage: the labelled set's articles (four languages, HTML
 * included) matched with the shipped watchlists, and the same articles folded, stemmed and inserted
 * into the FTS5 table, in articles per second.
 */
async function measureIndexing(dir: string): Promise<void> {
  const folder = path.join(import.meta.dirname, '..', 'fixtures', 'labelled');
  const items = fs.readdirSync(folder).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
    fs.readFileSync(path.join(folder, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; title?: string; content?: string }),
  );
  const articles = Array.from({ length: 20 }, (_, round) => items.map((it, i) => ({ id: round * items.length + i + 1, title: it.title ?? null, summary: null, content: it.content ?? null }))).flat();
  const store = await openStore(path.join(dir, 'index-bench.db'));
  try {
    const match = await time(() => { for (const a of articles) matchArticle(compiledWatchlists, { id: String(a.id), title: a.title, content: a.content }); }, 3);
    const index = await time(() => store.sql.transaction(() => indexArticles(store, articles)), 3);
    console.log(`\nindexing at match time (${articles.length.toLocaleString('en')} labelled articles, median of 3):`);
    row('baseline: matching with the shipped watchlists', match, `${Math.round(articles.length / (match / 1000)).toLocaleString('en')} articles/s`);
    row('search index: fold, stem, FTS5 insert', index, `${Math.round(articles.length / (index / 1000)).toLocaleString('en')} articles/s, ${(index / match).toFixed(2)}× matching`);
  } finally {
    await store.close();
  }
}

/** Whole pages as a browser gets them: HTTP on loopback, rendering and all, through the real server. */
async function measurePages(store: Store, facts: ArchiveFacts, configDir: string): Promise<void> {
  fs.mkdirSync(configDir, { recursive: true });
  fs.cpSync(path.join(import.meta.dirname, '..', 'fixtures', 'web', 'watchlists'), path.join(configDir, 'watchlists'), { recursive: true });
  fs.writeFileSync(path.join(configDir, 'feeds.yaml'), `feeds:\n${facts.feeds.map((id) => `  - url: https://${id}.example/rss\n    id: ${id}\n    language: ${id.slice(-2)}\n`).join('')}`);
  const paths = resolvePaths({}, { RASID_DB: store.location, RASID_FEEDS: path.join(configDir, 'feeds.yaml'), RASID_WATCHLISTS: path.join(configDir, 'watchlists'), RASID_RECIPIENTS: path.join(configDir, 'none.yaml') }, configDir);
  const server = await startWebServer({ host: '127.0.0.1', port: 0 }, webDeps({ store, paths, env: {}, logger: silentLogger() }));
  const maxHit = await count(store, 'SELECT MAX(id) AS "n" FROM hits');
  try {
    console.log('pages over HTTP (GET, rendered HTML or JSON, median of 7):');
    const get = async (url: string) => {
      const res = await fetch(`${server.url}${url}`);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      return res.text();
    };
    const base = await time(() => get('/static/rasid.css'));
    row('baseline: GET /static/rasid.css', base, '1×');
    for (const [label, url] of [
      ['/hits (first page, 50 hits)', '/hits'],
      ['/hits, a page deep in the archive', `/hits?before=${Math.floor(maxHit / 2)}`],
      ['/hits?entry=haftar', '/hits?entry=haftar'],
      ['/hits?feed=<rare feed>', `/hits?feed=${facts.rareFeed}`],
      ['/hits?language=ar&state=pending', '/hits?language=ar&state=pending'],
      ['/search?q=حفتر (25 results with snippets)', `/search?q=${encodeURIComponent('حفتر')}`],
      ['/search?q=Евкуровым', `/search?q=${encodeURIComponent('Евкуровым')}`],
      [`/search?q=${facts.commonWords.en} (most common word)`, `/search?q=${facts.commonWords.en}`],
      ['/api/hits?limit=100', '/api/hits?limit=100'],
      ['/api/search?q=Agadem', '/api/search?q=Agadem'],
    ] as const) {
      const ms = await time(() => get(url));
      row(label, ms, `${(ms / base).toFixed(0)}×`);
    }
  } finally {
    await server.close();
  }
}

const PG_URL = process.env.RASID_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
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
const wanted = (process.env.ENGINES ?? 'sqlite,postgres').split(',');
const engines = wanted.includes('postgres') && !(await pgReachable()) ? wanted.filter((e) => e !== 'postgres') : wanted;
if (engines.length < wanted.length) console.log(`PostgreSQL not reachable at ${PG_URL}: SQLite only`);

const dir = keep ? path.dirname(path.resolve(keep)) : fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-web-bench-'));
const schema = `web_bench_${process.pid}`;
try {
  await measureIndexing(dir);
  for (const engine of engines) {
    const location = engine === 'postgres' ? `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}` : keep ? path.resolve(keep) : path.join(dir, 'archive.db');
    const store = await openStore(location);
    try {
      let built = 0;
      for (const size of SIZES) {
        const started = performance.now();
        const facts = await buildArchive(store, {
          articles: size - built,
          onProgress: (n) => process.stderr.write(`\rbuilding on ${engine}: ${(built + n).toLocaleString('en')} articles`),
        });
        process.stderr.write('\n');
        built = size;
        await deliverOlderHits(store, '2026-11-20T00:00:00.000Z');
        if (engine === 'postgres') await store.sql.run('ANALYZE');
        console.log(`built ${size.toLocaleString('en')} articles on ${engine} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await measure(store, facts);
        await measurePages(store, facts, path.join(dir, 'config'));
      }
    } finally {
      await store.close();
    }
  }
} finally {
  if (engines.includes('postgres')) {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}
