// The hit list of the web UI and its JSON API: newest first, filtered, paged by hit id (keyset),
// so page 1,000 costs what page 1 costs; an OFFSET would read every row before the page.
import { HIT_COLUMNS, withDeliveries, type HitRow, type ListedHit } from './hit-queries.ts';
import type { Store } from './store.ts';


export interface HitPageFilter {
  /** Only hits of these entries (one entry, or the entries of a watchlist). */
  entries?: string[];
  /** Only stories this feed carried (as their first source or as "also in"). */
  feed?: string;
  language?: string;
  /** ISO date-times: hits found at or after `from` and before `to`. */
  from?: string;
  to?: string;
  /** `pending`: delivered to nobody yet; `delivered`: to at least one recipient. */
  state?: 'pending' | 'delivered';
  /** Hits older than this hit id (the next page). */
  before?: number;
  /** Hits newer than this hit id (the page before). */
  after?: number;
  limit: number;
}

export interface HitPage {
  hits: ListedHit[];
  /** `before` of the next (older) page, or null when this is the last. */
  older: number | null;
  /** `after` of the previous (newer) page, or null when this is the first. */
  newer: number | null;
}

/**
 * A feed's articles, when there are few enough that reading them all beats walking the hits from the
 * newest until a page is full: the cost of the first grows with the feed, of the second with how rare
 * the feed is among the hits (a feed with 0.2% of a million articles meant 100 ms of walking).
 */
async function feedIsSmall(store: Store, feed: string): Promise<boolean> {
  const articles = (await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM article_sources WHERE feed_id = ?', [feed]))?.n ?? 0;
  const total = (await store.sql.get<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS "n" FROM articles'))?.n || 1;
  return articles * articles < 25 * total;
}

async function conditions(store: Store, filter: HitPageFilter): Promise<{ where: string[]; params: unknown[]; joinArticles: boolean }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.entries?.length === 1) add('h.entry = ?', filter.entries[0]);
  else if (filter.entries) add(store.sql.inList('h.entry', 'text'), store.sql.listParam(filter.entries));
  if (filter.feed) {
    if (await feedIsSmall(store, filter.feed)) add('h.article_id IN (SELECT article_id FROM article_sources WHERE feed_id = ?)', filter.feed);
    else add('EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = h.article_id AND s.feed_id = ?)', filter.feed);
  }
  if (filter.language) add('a.language = ?', filter.language);
  if (filter.from) add('h.created_at >= ?', filter.from);
  if (filter.to) add('h.created_at < ?', filter.to);
  if (filter.state === 'pending') add('NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id)');
  if (filter.state === 'delivered') add('EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id)');
  return { where, params, joinArticles: Boolean(filter.language) };
}

/** One page of hits, newest first, with the pages around it. */
export async function listHitPage(store: Store, filter: HitPageFilter): Promise<HitPage> {
  const { where, params, joinArticles } = await conditions(store, filter);
  const backwards = filter.after !== undefined && filter.before === undefined;
  if (filter.before !== undefined) {
    where.push('h.id < ?');
    params.push(filter.before);
  } else if (backwards) {
    where.push('h.id > ?');
    params.push(filter.after);
  }
  // Ids first, through only what the filters need; the joins for display run for the page alone.
  const ids = (
    await store.sql.all<{ id: number }>(
      `SELECT h.id FROM hits h ${joinArticles ? 'JOIN articles a ON a.id = h.article_id' : ''}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY h.id ${backwards ? 'ASC' : 'DESC'} LIMIT ?`,
      [...params, filter.limit + 1],
    )
  ).map((r) => r.id);
  const more = ids.length > filter.limit;
  const pageIds = ids.slice(0, filter.limit);
  const rows = await store.sql.all<HitRow>(`SELECT ${HIT_COLUMNS} WHERE ${store.sql.inList('h.id', 'int')} ORDER BY h.id DESC`, [
    store.sql.listParam(pageIds),
  ]);
  const hits = await withDeliveries(store, rows);
  const first = hits[0]?.hitId;
  const last = hits[hits.length - 1]?.hitId;
  return {
    hits,
    older: last === undefined ? null : backwards || more ? last : null,
    newer: first === undefined ? null : backwards ? (more ? first : null) : filter.before !== undefined ? first : null,
  };
}

/** The hit with this id, with its deliveries; null when there is none. */
export async function hitById(store: Store, id: number): Promise<ListedHit | null> {
  const rows = await store.sql.all<HitRow>(`SELECT ${HIT_COLUMNS} WHERE h.id = ?`, [id]);
  return (await withDeliveries(store, rows))[0] ?? null;
}
