// Full-text search over the whole archive: the FTS5 table `article_search` (migration
// 0003_search_fts) holds the search stems of every article (src/normalize/search-forms.ts). New
// articles are indexed when they are matched, in the same transaction as their hits; articles stored
// before the index existed are indexed by a backfill in batches, which also rebuilds the index on
// request (`rasid search --reindex`).
import type Database from 'better-sqlite3';
import { searchDocument } from '../normalize/search-forms.ts';
import type { StoredArticle } from '../types.ts';
import type { Store } from './open-store.ts';
import { preparedFor } from './prepared.ts';
import type { SearchQuery } from './search-query.ts';

type SearchStore = Pick<Store, 'sqlite'>;

function indexStatements(sqlite: Database.Database) {
  return {
    upsert: sqlite.prepare('INSERT OR REPLACE INTO article_search (rowid, title, body) VALUES (?, ?, ?)'),
    state: sqlite.prepare<[], { nextId: number; endId: number }>('SELECT next_id AS nextId, end_id AS endId FROM search_backfill WHERE id = 1'),
    advance: sqlite.prepare('UPDATE search_backfill SET next_id = ? WHERE id = 1'),
    batch: sqlite.prepare<[number, number, number], Pick<StoredArticle, 'id' | 'title' | 'summary' | 'content'>>(
      'SELECT id, title, summary, content FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?',
    ),
    remaining: sqlite.prepare<[number, number], number>('SELECT count(*) FROM articles WHERE id >= ? AND id < ?').pluck(),
  };
}

/**
 * Adds (or replaces) these articles in the index. Synchronous and without a transaction of its
 * own: the match stage calls it inside the transaction that stores the articles' hits.
 */
export function indexArticles(store: SearchStore, articles: Array<Pick<StoredArticle, 'id' | 'title' | 'summary' | 'content'>>): void {
  const { upsert } = preparedFor(store.sqlite, indexStatements);
  for (const a of articles) {
    const doc = searchDocument(a);
    upsert.run(a.id, doc.title, doc.body);
  }
}

export interface BackfillState {
  /** Articles stored before the index that are not indexed yet. */
  remaining: number;
}

export async function searchBackfillState(store: SearchStore): Promise<BackfillState> {
  const st = preparedFor(store.sqlite, indexStatements);
  const state = st.state.get();
  if (!state || state.nextId >= state.endId) return { remaining: 0 };
  return { remaining: st.remaining.get(state.nextId, state.endId) ?? 0 };
}

/** Indexes the next `batch` articles of the backfill in one transaction; returns how many it indexed (0: done). */
export async function backfillSearchIndex(store: SearchStore, batch = 500): Promise<number> {
  const st = preparedFor(store.sqlite, indexStatements);
  return store.sqlite
    .transaction(() => {
      const state = st.state.get();
      if (!state || state.nextId >= state.endId) return 0;
      const rows = st.batch.all(state.nextId, state.endId, batch);
      indexArticles(store, rows);
      const last = rows[rows.length - 1];
      st.advance.run(last && rows.length === batch ? last.id + 1 : state.endId);
      return rows.length;
    })
    .immediate();
}

/** Empties the index and schedules every stored article for the backfill (after the folding rules changed). */
export async function resetSearchIndex(store: SearchStore): Promise<void> {
  store.sqlite
    .transaction(() => {
      store.sqlite.prepare("INSERT INTO article_search (article_search) VALUES ('delete-all')").run();
      store.sqlite.prepare('UPDATE search_backfill SET next_id = 1, end_id = (SELECT COALESCE(MAX(id), 0) + 1 FROM articles) WHERE id = 1').run();
    })
    .immediate();
}

export interface SearchFilter {
  feed?: string;
  language?: string;
  /** ISO date-times: articles fetched at or after `from` and before `to`. */
  from?: string;
  to?: string;
  /** `newest` (default) pages by article id; `relevance` ranks by bm25 and pages by offset. */
  order?: 'newest' | 'relevance';
  /** newest: articles with an id below this one. */
  before?: number;
  /** relevance: results to skip. */
  offset?: number;
  limit: number;
}

export interface SearchRow {
  id: number;
  feedId: string;
  source: string;
  title: string | null;
  summary: string | null;
  /** The first 20,000 characters of the content: enough for a snippet, never a whole page in memory per result. */
  content: string | null;
  url: string | null;
  published: string | null;
  language: string | null;
  fetchedAt: string;
  /** Entries the article has hits for. */
  entries: string[];
}

export interface SearchPage {
  rows: SearchRow[];
  /** newest: the `before` of the next page; relevance: its `offset`; null on the last page. */
  next: number | null;
}

const ROW_COLUMNS = `a.id, a.feed_id AS feedId, COALESCE(NULLIF(f.title, ''), a.feed_id) AS source, a.title, a.summary,
  substr(a.content, 1, 20000) AS content, a.url, a.published_at AS published, a.language, a.fetched_at AS fetchedAt`;

function articleFilters(filter: SearchFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.feed) {
    where.push('a.feed_id = ?');
    params.push(filter.feed);
  }
  if (filter.language) {
    where.push('a.language = ?');
    params.push(filter.language);
  }
  if (filter.from) {
    where.push('a.fetched_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('a.fetched_at < ?');
    params.push(filter.to);
  }
  return { where, params };
}

/** One page of articles matching `query`, newest first (or best first), with the entries each has hits for. */
export async function searchArticles(store: SearchStore, query: SearchQuery, filter: SearchFilter): Promise<SearchPage> {
  const { where, params } = articleFilters(filter);
  const relevance = filter.order === 'relevance';
  if (!relevance && filter.before !== undefined) {
    where.push('article_search.rowid < ?');
    params.push(filter.before);
  }
  const sql = `SELECT ${ROW_COLUMNS} FROM article_search JOIN articles a ON a.id = article_search.rowid LEFT JOIN feeds f ON f.id = a.feed_id
    WHERE article_search MATCH ? ${where.map((w) => `AND ${w}`).join(' ')}
    ORDER BY ${relevance ? 'article_search.rank' : 'article_search.rowid DESC'} LIMIT ? ${relevance ? 'OFFSET ?' : ''}`;
  const args = [query.expression, ...params, filter.limit + 1, ...(relevance ? [filter.offset ?? 0] : [])];
  const found = store.sqlite.prepare(sql).all(...args) as Array<Omit<SearchRow, 'entries'>>;
  const rows = found.slice(0, filter.limit);
  const entries = new Map<number, string[]>();
  if (rows.length) {
    const hitRows = store.sqlite
      .prepare('SELECT article_id AS id, entry FROM hits WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY id')
      .all(JSON.stringify(rows.map((r) => r.id))) as Array<{ id: number; entry: string }>;
    for (const h of hitRows) entries.set(h.id, [...(entries.get(h.id) ?? []), h.entry]);
  }
  const more = found.length > filter.limit;
  const next = !more ? null : relevance ? (filter.offset ?? 0) + filter.limit : rows[rows.length - 1]!.id;
  return { rows: rows.map((r) => ({ ...r, entries: entries.get(r.id) ?? [] })), next };
}

/** How many articles match, counting at most `cap` (a count over a million rows is not worth its time). */
export async function countSearchResults(store: SearchStore, query: SearchQuery, filter: SearchFilter, cap = 10_000): Promise<{ count: number; capped: boolean }> {
  const { where, params } = articleFilters(filter);
  const join = where.length ? 'JOIN articles a ON a.id = article_search.rowid' : '';
  const n = store.sqlite
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM article_search ${join} WHERE article_search MATCH ? ${where.map((w) => `AND ${w}`).join(' ')} LIMIT ?)`)
    .pluck()
    .get(query.expression, ...params, cap + 1) as number;
  return { count: Math.min(n, cap), capped: n > cap };
}

/**
 * Runs the backfill to its end, a batch at a time, yielding to the event loop between batches so a
 * server answering requests stays responsive; `signal` stops it between batches.
 */
export async function runSearchBackfill(
  store: SearchStore,
  options: { batch?: number; onProgress?: (indexed: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<number> {
  const total = (await searchBackfillState(store)).remaining;
  let indexed = 0;
  while (!options.signal?.aborted) {
    const n = await backfillSearchIndex(store, options.batch);
    if (n === 0) break;
    indexed += n;
    options.onProgress?.(indexed, total);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return indexed;
}
