import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { searchExcerpt } from '../../src/match/search-snippet.ts';
import { matchNewArticles } from '../../src/pipeline/match-articles.ts';
import { storeItems } from '../../src/store/articles-repo.ts';
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, openStore, type Store } from '../../src/store/open-store.ts';
import { pruneStore } from '../../src/store/prune.ts';
import {
  countSearchResults,
  indexArticles,
  resetSearchIndex,
  runSearchBackfill,
  searchArticles,
  searchBackfillState,
  searchTuning,
} from '../../src/store/search-index.ts';
import { parseSearchQuery, type SearchQuery } from '../../src/store/search-query.ts';
import type { FeedItem, FeedSettings } from '../../src/types.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const now = new Date('2026-11-20T08:00:00Z');

function feed(id: string, language: string): FeedSettings {
  return { id, url: `http://127.0.0.1/${id}.xml`, kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false, language };
}

function item(guid: string, title: string, summary: string): FeedItem {
  return { guid, link: `https://news.example/${guid}`, title, summary, content: null, published: '2026-11-19T10:00:00.000Z' };
}

/** Fictional items in four languages, each with a form of a name that matching must fold. */
const ITEMS: Array<[FeedSettings, FeedItem]> = [
  [feed('barqa', 'ar'), item('ar-1', 'المشير يستقبل وفداً عسكرياً', 'قالت مصادر إن وحفتر التقى الوفد في بنغازي')],
  [feed('barqa', 'ar'), item('ar-2', 'اجتماع في الرجمة', 'استقبل المشير خليفة بحفتر وفداً من النيجر والفيلق الأفريقي')],
  [feed('barqa', 'ar'), item('ar-3', 'أسعار النفط', 'ارتفعت أسعار النفط في الأسواق العالمية')],
  [feed('afrika', 'ru'), item('ru-1', 'Переговоры в Бенгази', 'Евкуров провёл переговоры с Хафтаром')],
  [feed('afrika', 'ru'), item('ru-2', 'Визит замминистра', 'Премьер Нигера обсудил с Евкуровым поставки')],
  [feed('afrika', 'ru'), item('ru-3', 'Погода', 'В Москве идёт снег')],
  [feed('sahel', 'fr'), item('fr-1', "L'oléoduc d'Agadem", "Les travaux sur l'oléoduc d'Agadem reprennent")],
  [feed('sahel', 'fr'), item('fr-2', 'Le général Mody à Benghazi', 'Le ministre nigérien de la Défense, Salifou Mody, est arrivé')],
  [feed('wire', 'en'), item('en-1', 'Wagner opera in Bayreuth', 'Richard Wagner opera season opens with the Ring')],
  [feed('wire', 'en'), item('en-2', 'Africa Corps in Niger', 'Former Wagner fighters now serve in the Africa Corps')],
];

async function seed(store: Store): Promise<Store> {
  for (const [f, i] of ITEMS) await storeItems(store, f, [i], now);
  await matchNewArticles({ store, watchlists: compileWatchlists([]), now: () => now });
  return store;
}

function query(text: string): SearchQuery {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
}

async function guidsFor(store: Store, text: string): Promise<string[]> {
  const page = await searchArticles(store, query(text), { limit: 50 });
  const guids: string[] = [];
  for (const r of page.rows) guids.push((await store.sql.get<{ guid: string }>('SELECT guid FROM articles WHERE id = ?', [r.id]))!.guid);
  return guids.sort();
}

describe.each(BACKENDS)('full-text search on %s', (backend) => {
  const db = useStore(backend);
  const seededStore = async () => seed(await db.open());

  it.each([
    ['حفتر', ['ar-1', 'ar-2']],
    ['وحفتر', ['ar-1', 'ar-2']],
    ['الفيلق', ['ar-2']],
    ['Евкуров', ['ru-1', 'ru-2']],
    ['Евкуровым', ['ru-1', 'ru-2']],
    ['Хафтар', ['ru-1']],
    ['Москва', ['ru-3']],
    ['agadem', ['fr-1']],
    ['OLEODUC', ['fr-1']],
    ['"Salifou Mody"', ['fr-2']],
    ['"Mody Salifou"', []],
    ['Wagner', ['en-1', 'en-2']],
    ['Wagner -opera', ['en-2']],
    ['Agadem OR Евкуров', ['fr-1', 'ru-1', 'ru-2']],
    ['Wag*', ['en-1', 'en-2']],
    ['"Africa Corps" Niger', ['en-2']],
    ['نفط أسواق', ['ar-3']],
  ])('%s finds %j', async (text, expected) => {
    const store = await seededStore();
    expect(await guidsFor(store, text)).toEqual(expected);
  });

  it('reads FTS5 syntax typed into the box as plain words', async () => {
    const store = await seededStore();
    for (const text of ['title:Wagner', 'NEAR(Wagner opera)', 'Wagner" OR "x', '^Wagner', 'Wagner AND', '"unclosed Wagner']) {
      const parsed = parseSearchQuery(text);
      expect(parsed.ok, text).toBe(true);
      if (parsed.ok) await expect(searchArticles(store, parsed.query, { limit: 5 })).resolves.toBeDefined();
    }
  });

  it.each([
    ['', 'type a word'],
    ['-opera', 'not only words to leave out'],
    ['Wa*', 'at least 3 letters'],
    ['!!! ???', 'type a word'],
  ])('refuses %j with a sentence', (text, message) => {
    const parsed = parseSearchQuery(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('pages newest first by article id and counts the matches', async () => {
    const store = await seededStore();
    const q = query('Евкуров OR Agadem OR Wagner');
    const first = await searchArticles(store, q, { limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((a, b) => b - a));
    expect(first.next).toBe(first.rows[1]!.id);
    const second = await searchArticles(store, q, { limit: 2, before: first.next! });
    const third = await searchArticles(store, q, { limit: 2, before: second.next! });
    const all = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(new Set(all).size).toBe(5);
    expect(third.next).toBeNull();
    expect(await countSearchResults(store, q, { limit: 2 })).toEqual({ count: 5, capped: false });
    expect(await countSearchResults(store, q, { limit: 2 }, 3)).toEqual({ count: 3, capped: true });
  });

  it('pages the same when the newest-first walk is bounded (PostgreSQL reads older matches through the index)', async () => {
    const store = await seededStore();
    const q = query('Евкуров OR Agadem OR Wagner');
    const unbounded: number[] = [];
    for (let page = await searchArticles(store, q, { limit: 50 }); ; ) {
      unbounded.push(...page.rows.map((r) => r.id));
      if (page.next === null) break;
      page = await searchArticles(store, q, { limit: 50, before: page.next });
    }
    const saved = searchTuning.newestWindow;
    searchTuning.newestWindow = 2;
    try {
      const bounded: number[] = [];
      let page = await searchArticles(store, q, { limit: 2 });
      for (;;) {
        bounded.push(...page.rows.map((r) => r.id));
        if (page.next === null) break;
        page = await searchArticles(store, q, { limit: 2, before: page.next });
      }
      expect(unbounded).toHaveLength(5);
      expect(bounded).toEqual(unbounded);
      expect(bounded).toEqual([...bounded].sort((a, b) => b - a));
      expect((await searchArticles(store, query('Zzyzxqq'), { limit: 2 })).rows).toEqual([]);
    } finally {
      searchTuning.newestWindow = saved;
    }
  });

  it('filters by feed and language, and ranks by relevance with offset paging', async () => {
    const store = await seededStore();
    const q = query('Wagner OR Евкуров');
    expect((await searchArticles(store, q, { limit: 10, language: 'ru' })).rows).toHaveLength(2);
    expect((await searchArticles(store, q, { limit: 10, feed: 'wire' })).rows).toHaveLength(2);
    const ranked = await searchArticles(store, q, { limit: 3, order: 'relevance' });
    expect(ranked.rows).toHaveLength(3);
    expect(ranked.next).toBe(3);
    expect((await searchArticles(store, q, { limit: 3, order: 'relevance', offset: 3 })).rows).toHaveLength(1);
  });

  it('excerpts the text around the found word and names its written form', () => {
    const excerpt = searchExcerpt([null, 'استقبل المشير خليفة بحفتر وفداً من النيجر'], query('حفتر'));
    expect(excerpt).toEqual({ snippet: 'استقبل المشير خليفة بحفتر وفداً من النيجر', terms: ['بحفتر'] });
    expect(searchExcerpt(['<p>Премьер обсудил с <b>Евкуровым</b></p>'], query('Евкуров'))?.terms).toEqual(['Евкуровым']);
    expect(searchExcerpt(['nothing here'], query('Евкуров'))).toBeNull();
  });
});

describe.each(BACKENDS)('the search index over time on %s', (backend) => {
  const db = useStore(backend);
  const seededStore = async () => seed(await db.open());

  it('indexes an archive stored before the index existed, in batches, with the count left', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old-migrations');
    fs.cpSync(backend === 'sqlite' ? MIGRATIONS_DIR : POSTGRES_MIGRATIONS_DIR, old, { recursive: true });
    const journalFile = path.join(old, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    const cut = journal.entries.findIndex((e) => e.tag.endsWith('search_index'));
    expect(cut).toBeGreaterThan(0);
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
    const location = db.database().location;
    const before = await openStore(location, { migrationsDir: old });
    for (const [f, i] of ITEMS) await storeItems(before, f, [i], now);
    await before.close();

    const store = await db.open();
    expect(await searchBackfillState(store)).toEqual({ remaining: ITEMS.length });
    expect(await guidsFor(store, 'حفتر')).toEqual([]);
    const progress: number[] = [];
    expect(await runSearchBackfill(store, { batch: 3, onProgress: (done) => progress.push(done) })).toBe(ITEMS.length);
    expect(progress).toEqual([3, 6, 9, 10]);
    expect(await searchBackfillState(store)).toEqual({ remaining: 0 });
    expect(await guidsFor(store, 'حفتر')).toEqual(['ar-1', 'ar-2']);
    // Matching them afterwards replaces their rows instead of adding a second one.
    await matchNewArticles({ store, watchlists: compileWatchlists([]), now: () => now });
    expect(await countSearchResults(store, query('حفتر'), { limit: 1 })).toEqual({ count: 2, capped: false });
  });

  it('rebuilds from scratch on request and forgets pruned articles', async () => {
    const store = await seededStore();
    await resetSearchIndex(store);
    expect(await guidsFor(store, 'Wagner')).toEqual([]);
    expect(await searchBackfillState(store)).toEqual({ remaining: ITEMS.length });
    await runSearchBackfill(store);
    expect(await guidsFor(store, 'Wagner')).toEqual(['en-1', 'en-2']);
    const report = await pruneStore(store, new Date('2027-06-01T00:00:00Z'));
    expect(report.articlesRemoved).toBe(ITEMS.length);
    expect(await countSearchResults(store, query('Wagner'), { limit: 1 })).toEqual({ count: 0, capped: false });
    const indexRows = await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM article_search');
    expect(indexRows?.n).toBe(0);
  });

  it('indexes the articles it is given, with HTML removed', async () => {
    const store = await db.open();
    const { newArticles } = await storeItems(store, feed('sahel', 'fr'), [item('html-1', 'x', 'y')], now);
    const id = newArticles[0]!.id;
    await indexArticles(store, [{ id, title: '<b>Agadem</b>', summary: null, content: '<p>Le <i>pipe</i>line</p>' }]);
    expect((await searchArticles(store, query('pipeline'), { limit: 5 })).rows.map((r) => r.id)).toEqual([id]);
  });
});
