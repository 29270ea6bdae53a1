// Full-text search over the whole archive. Every article's search stems (src/normalize/search-forms.ts:
// folded and stemmed the way matching folds, so `حفتر` finds `وحفتر`) go into the engine's own index:
// an FTS5 table on SQLite (`article_search`, contentless, title weighted 3:1 by bm25), a tsvector
// with a GIN index on PostgreSQL (title lexemes weighted A, body B). The stems are produced here, not
// by the engine's text parser, so both engines index exactly the same tokens whatever their locale.
// New articles are indexed when they are matched, in the same transaction as their hits; articles
// stored before the index existed (or copied in by `rasid db copy`) are indexed by a backfill in
// batches, which also rebuilds the index on request (`rasid search --reindex`).
import { searchDocument } from '../normalize/search-forms.ts';
import type { StoredArticle } from '../types.ts';
import type { SearchQuery } from './search-query.ts';
import type { Store } from './store.ts';

type Indexed = Pick<StoredArticle, 'id' | 'title' | 'summary' | 'content'>;

const INSERT_ROWS = 200;
/** tsvector positions stop at 16,383 and a tsvector at 1 MB: the rest of a very long body is left out. */
const MAX_PG_TOKENS = 16_000;

/** A document as tsvector input text: `'lexeme':position` with the weight letter, positions as in the text. */
export function tsvectorText(doc: { title: string; body: string }): string {
  const parts: string[] = [];
  let position = 0;
  const add = (stems: string, weight: 'A' | 'B') => {
    for (const stem of stems.split(' ')) {
      if (!stem || position >= MAX_PG_TOKENS) continue;
      position++;
      parts.push(`'${stem.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${position}${weight}`);
    }
  };
  add(doc.title, 'A');
  add(doc.body, 'B');
  return parts.join(' ');
}

/**
 * Adds (or replaces) these articles in the index. Without a transaction of its own: the match stage
 * calls it inside the transaction that stores the articles' hits.
 */
export async function indexArticles(store: Store, articles: Indexed[]): Promise<void> {
  for (let i = 0; i < articles.length; i += INSERT_ROWS) {
    const chunk = articles.slice(i, i + INSERT_ROWS);
    const docs = chunk.map((a) => ({ id: a.id, doc: searchDocument(a) }));
    if (store.kind === 'postgres') {
      await store.sql.run(
        `INSERT INTO article_search (article_id, document) VALUES ${docs.map(() => '(?, CAST(? AS tsvector))').join(', ')}
         ON CONFLICT (article_id) DO UPDATE SET document = excluded.document`,
        docs.flatMap((d) => [d.id, tsvectorText(d.doc)]),
      );
    } else {
      await store.sql.run(
        `INSERT OR REPLACE INTO article_search (rowid, title, body) VALUES ${docs.map(() => '(?, ?, ?)').join(', ')}`,
        docs.flatMap((d) => [d.id, d.doc.title, d.doc.body]),
      );
    }
  }
}

export interface BackfillState {
  /** Articles stored before the index that are not indexed yet. */
  remaining: number;
}

async function backfillRange(store: Store): Promise<{ nextId: number; endId: number } | undefined> {
  return store.sql.get<{ nextId: number; endId: number }>('SELECT next_id AS "nextId", end_id AS "endId" FROM search_backfill WHERE id = 1');
}

export async function searchBackfillState(store: Store): Promise<BackfillState> {
  const state = await backfillRange(store);
  if (!state || state.nextId >= state.endId) return { remaining: 0 };
  const row = await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM articles WHERE id >= ? AND id < ?', [state.nextId, state.endId]);
  return { remaining: row?.n ?? 0 };
}

/** Indexes the next `batch` articles of the backfill in one transaction; returns how many it indexed (0: done). */
export async function backfillSearchIndex(store: Store, batch = 500): Promise<number> {
  return store.sql.transaction(async () => {
    const state = await backfillRange(store);
    if (!state || state.nextId >= state.endId) return 0;
    const rows = await store.sql.all<Indexed>('SELECT id, title, summary, content FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?', [
      state.nextId,
      state.endId,
      batch,
    ]);
    await indexArticles(store, rows);
    const last = rows[rows.length - 1];
    await store.sql.run('UPDATE search_backfill SET next_id = ? WHERE id = 1', [last && rows.length === batch ? last.id + 1 : state.endId]);
    return rows.length;
  });
}

/** Empties the index and schedules every stored article for the backfill (after the folding rules changed, or a copy). */
export async function resetSearchIndex(store: Store): Promise<void> {
  await store.sql.transaction(async () => {
    if (store.kind === 'postgres') await store.sql.run('DELETE FROM article_search');
    else await store.sql.run("INSERT INTO article_search (article_search) VALUES ('delete-all')");
    await store.sql.run('UPDATE search_backfill SET next_id = 1, end_id = (SELECT COALESCE(MAX(id), 0) + 1 FROM articles) WHERE id = 1');
  });
}

export interface SearchFilter {
  feed?: string;
  language?: string;
  /** ISO date-times: articles fetched at or after `from` and before `to`. */
  from?: string;
  to?: string;
  /** `newest` (default) pages by article id; `relevance` ranks by bm25 / ts_rank_cd and pages by offset. */
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

const ROW_COLUMNS = `a.id, a.feed_id AS "feedId", COALESCE(NULLIF(f.title, ''), a.feed_id) AS "source", a.title, a.summary,
  substr(a.content, 1, 20000) AS "content", a.url, a.published_at AS "published", a.language, a.fetched_at AS "fetchedAt"`;

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

/** The index's own words for "the row's article id" and "matches the query", per engine. */
function engineTerms(store: Store, query: SearchQuery) {
  return store.kind === 'postgres'
    ? { id: 's.article_id', match: 's.document @@ CAST(? AS tsquery)', param: query.tsquery, rank: 'ts_rank_cd(s.document, CAST(? AS tsquery)) DESC, s.article_id DESC', rankParams: [query.tsquery] }
    : { id: 's.rowid', match: 'article_search MATCH ?', param: query.expression, rank: 's.rank', rankParams: [] as unknown[] };
}

/** newestWindow: article ids PostgreSQL walks newest-first before it reads older matches through the index (tests make it small). */
export const searchTuning = { newestWindow: 20_000 };

/**
 * Newest first on PostgreSQL, in two steps. The planner has no statistics for a word the archive
 * lacks (or two words no article has together), guesses a fixed share of rows, and walks the whole
 * index newest-first for matches that never come: 0.8 s at 1,000,000 articles. So the walk is
 * bounded to the newest `searchTuning.newestWindow` ids, where a name in the news is found at once; what the page
 * still lacks is read from the older articles through the text index and sorted (`id + 0` takes
 * the ordered walk away from the planner).
 */
async function newestOnPostgres(
  store: Store,
  t: ReturnType<typeof engineTerms>,
  params: unknown[],
  filter: SearchFilter,
  select: (extra: string[], order: string) => string,
): Promise<Omit<SearchRow, 'entries'>[]> {
  const want = filter.limit + 1;
  const top = filter.before ?? ((await store.sql.get<{ n: number | null }>('SELECT MAX(article_id) AS "n" FROM article_search'))?.n ?? 0) + 1;
  const low = top - searchTuning.newestWindow;
  const recent = await store.sql.all<Omit<SearchRow, 'entries'>>(select([`${t.id} >= ?`], `${t.id} DESC`), [t.param, ...params, low, want]);
  if (recent.length >= want || low <= 0) return recent;
  const older = await store.sql.all<Omit<SearchRow, 'entries'>>(select([`${t.id} < ?`], `${t.id} + 0 DESC`), [t.param, ...params, low, want - recent.length]);
  return [...recent, ...older];
}

/** One page of articles matching `query`, newest first (or best first), with the entries each has hits for. */
export async function searchArticles(store: Store, query: SearchQuery, filter: SearchFilter): Promise<SearchPage> {
  const { where, params } = articleFilters(filter);
  const relevance = filter.order === 'relevance';
  const t = engineTerms(store, query);
  if (!relevance && filter.before !== undefined) {
    where.push(`${t.id} < ?`);
    params.push(filter.before);
  }
  const select = (extra: string[], order: string) => `SELECT ${ROW_COLUMNS} FROM article_search s JOIN articles a ON a.id = ${t.id} LEFT JOIN feeds f ON f.id = a.feed_id
    WHERE ${t.match} ${[...where, ...extra].map((w) => `AND ${w}`).join(' ')}
    ORDER BY ${order} LIMIT ? ${relevance ? 'OFFSET ?' : ''}`;
  const found =
    store.kind === 'postgres' && !relevance
      ? await newestOnPostgres(store, t, params, filter, select)
      : await store.sql.all<Omit<SearchRow, 'entries'>>(select([], relevance ? t.rank : `${t.id} DESC`), [
          t.param,
          ...params,
          ...(relevance ? t.rankParams : []),
          filter.limit + 1,
          ...(relevance ? [filter.offset ?? 0] : []),
        ]);
  const rows = found.slice(0, filter.limit);
  const entries = new Map<number, string[]>();
  if (rows.length) {
    const hitRows = await store.sql.all<{ id: number; entry: string }>(
      `SELECT article_id AS "id", entry FROM hits WHERE ${store.sql.inList('article_id', 'int')} ORDER BY id`,
      [store.sql.listParam(rows.map((r) => r.id))],
    );
    for (const h of hitRows) entries.set(h.id, [...(entries.get(h.id) ?? []), h.entry]);
  }
  const more = found.length > filter.limit;
  const next = !more ? null : relevance ? (filter.offset ?? 0) + filter.limit : rows[rows.length - 1]!.id;
  return { rows: rows.map((r) => ({ ...r, entries: entries.get(r.id) ?? [] })), next };
}

/** How many articles match, counting at most `cap` (a count over a million rows is not worth its time). */
export async function countSearchResults(store: Store, query: SearchQuery, filter: SearchFilter, cap = 10_000): Promise<{ count: number; capped: boolean }> {
  const { where, params } = articleFilters(filter);
  const t = engineTerms(store, query);
  const join = where.length ? `JOIN articles a ON a.id = ${t.id}` : '';
  const row = await store.sql.get<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM article_search s ${join} WHERE ${t.match} ${where.map((w) => `AND ${w}`).join(' ')} LIMIT ?) AS found`,
    [t.param, ...params, cap + 1],
  );
  const n = row?.n ?? 0;
  return { count: Math.min(n, cap), capped: n > cap };
}

/**
 * Runs the backfill to its end, a batch at a time, yielding to the event loop between batches so a
 * server answering requests stays responsive; `signal` stops it between batches.
 */
export async function runSearchBackfill(
  store: Store,
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
