import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { searchExcerpt } from '../../src/match/search-snippet.ts';
import { matchNewArticles } from '../../src/pipeline/match-articles.ts';
import { storeItems } from '../../src/store/articles-repo.ts';
import { MIGRATIONS_DIR, openStore, type Store } from '../../src/store/open-store.ts';
import { pruneStore } from '../../src/store/prune.ts';
import {
  countSearchResults,
  indexArticles,
  resetSearchIndex,
  runSearchBackfill,
  searchArticles,
  searchBackfillState,
} from '../../src/store/search-index.ts';
import { parseSearchQuery, type SearchQuery } from '../../src/store/search-query.ts';
import type { FeedItem, FeedSettings } from '../../src/types.ts';
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

function seededStore(): Store {
  const store = openStore(path.join(tempDir(), 'rasid.db'));
  for (const [f, i] of ITEMS) storeItems(store, f, [i], now);
  matchNewArticles({ store, watchlists: compileWatchlists([]), now: () => now });
  return store;
}

function query(text: string): SearchQuery {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
}

async function guidsFor(store: Store, text: string): Promise<string[]> {
  const page = await searchArticles(store, query(text), { limit: 50 });
  const guid = store.sqlite.prepare('SELECT guid FROM articles WHERE id = ?').pluck();
  return page.rows.map((r) => guid.get(r.id) as string).sort();
}

describe('full-text search', () => {
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
    const store = seededStore();
    expect(await guidsFor(store, text)).toEqual(expected);
    store.close();
  });

  it('reads FTS5 syntax typed into the box as plain words', async () => {
    const store = seededStore();
    for (const text of ['title:Wagner', 'NEAR(Wagner opera)', 'Wagner" OR "x', '^Wagner', 'Wagner AND', '"unclosed Wagner']) {
      const parsed = parseSearchQuery(text);
      expect(parsed.ok, text).toBe(true);
      if (parsed.ok) await expect(searchArticles(store, parsed.query, { limit: 5 })).resolves.toBeDefined();
    }
    store.close();
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
    const store = seededStore();
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
    store.close();
  });

  it('filters by feed and language, and ranks by relevance with offset paging', async () => {
    const store = seededStore();
    const q = query('Wagner OR Евкуров');
    expect((await searchArticles(store, q, { limit: 10, language: 'ru' })).rows).toHaveLength(2);
    expect((await searchArticles(store, q, { limit: 10, feed: 'wire' })).rows).toHaveLength(2);
    const ranked = await searchArticles(store, q, { limit: 3, order: 'relevance' });
    expect(ranked.rows).toHaveLength(3);
    expect(ranked.next).toBe(3);
    expect((await searchArticles(store, q, { limit: 3, order: 'relevance', offset: 3 })).rows).toHaveLength(1);
    store.close();
  });

  it('excerpts the text around the found word and names its written form', () => {
    const excerpt = searchExcerpt([null, 'استقبل المشير خليفة بحفتر وفداً من النيجر'], query('حفتر'));
    expect(excerpt).toEqual({ snippet: 'استقبل المشير خليفة بحفتر وفداً من النيجر', terms: ['بحفتر'] });
    expect(searchExcerpt(['<p>Премьер обсудил с <b>Евкуровым</b></p>'], query('Евкуров'))?.terms).toEqual(['Евкуровым']);
    expect(searchExcerpt(['nothing here'], query('Евкуров'))).toBeNull();
  });
});

describe('the search index over time', () => {
  it('indexes an archive stored before the index existed, in batches, with the count left', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old-migrations');
    fs.cpSync(MIGRATIONS_DIR, old, { recursive: true });
    const journalFile = path.join(old, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => !e.tag.endsWith('search_fts')) }));
    const file = path.join(dir, 'rasid.db');
    const before = openStore(file, { migrationsDir: old });
    for (const [f, i] of ITEMS) storeItems(before, f, [i], now);
    before.close();

    const store = openStore(file);
    expect(await searchBackfillState(store)).toEqual({ remaining: ITEMS.length });
    expect(await guidsFor(store, 'حفتر')).toEqual([]);
    const progress: number[] = [];
    expect(await runSearchBackfill(store, { batch: 3, onProgress: (done) => progress.push(done) })).toBe(ITEMS.length);
    expect(progress).toEqual([3, 6, 9, 10]);
    expect(await searchBackfillState(store)).toEqual({ remaining: 0 });
    expect(await guidsFor(store, 'حفتر')).toEqual(['ar-1', 'ar-2']);
    // Matching them afterwards replaces their rows instead of adding a second one.
    matchNewArticles({ store, watchlists: compileWatchlists([]), now: () => now });
    expect(await countSearchResults(store, query('حفتر'), { limit: 1 })).toEqual({ count: 2, capped: false });
    store.close();
  });

  it('rebuilds from scratch on request and forgets pruned articles', async () => {
    const store = seededStore();
    await resetSearchIndex(store);
    expect(await guidsFor(store, 'Wagner')).toEqual([]);
    expect(await searchBackfillState(store)).toEqual({ remaining: ITEMS.length });
    await runSearchBackfill(store);
    expect(await guidsFor(store, 'Wagner')).toEqual(['en-1', 'en-2']);
    const report = pruneStore(store, new Date('2027-06-01T00:00:00Z'));
    expect(report.articlesRemoved).toBe(ITEMS.length);
    expect(store.sqlite.prepare("SELECT count(*) FROM article_search WHERE article_search MATCH '\"wagner\"'").pluck().get()).toBe(0);
    store.close();
  });

  it('indexes the articles a match batch stores, with HTML removed', async () => {
    const store = openStore(path.join(tempDir(), 'rasid.db'));
    indexArticles(store, [{ id: 99, title: '<b>Agadem</b>', summary: null, content: '<p>Le <i>pipe</i>line</p>' }]);
    expect(store.sqlite.prepare("SELECT rowid FROM article_search WHERE article_search MATCH '\"pipeline\"'").pluck().all()).toEqual([99]);
    store.close();
  });
});
