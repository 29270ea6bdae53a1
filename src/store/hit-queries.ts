// Reading hits for the digest and `rasid hits`: pending per recipient (not delivered, not in flight),
// by id, alerted since the last digest, and the filtered listing, each joined with its article,
// source name and the other outlets that carried the same story.
import type { PendingHit, Priority, StoredArticle } from '../types.ts';
import { ledgerKey, openDeliveries, parseList } from './ledger-repo.ts';
import type { Store } from './open-store.ts';

export interface HitRow {
  hitId: number;
  entry: string;
  terms: string;
  snippet: string;
  priority: string;
  why: string;
  createdAt: string;
  articleId: number;
  feedId: string;
  guid: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  published: string | null;
  language: string | null;
  fetchedAt: string;
  source: string;
}

export const HIT_COLUMNS = `
  h.id AS "hitId", h.entry, h.terms, h.snippet, h.priority, h.why, h.created_at AS "createdAt",
  a.id AS "articleId", a.feed_id AS "feedId", a.guid, a.url, a.title, a.summary,
  a.published_at AS "published", a.language, a.fetched_at AS "fetchedAt",
  COALESCE(NULLIF(f.title, ''), a.feed_id) AS "source"
  FROM hits h JOIN articles a ON a.id = h.article_id LEFT JOIN feeds f ON f.id = a.feed_id`;

export async function toPendingHits(store: Store, rows: HitRow[]): Promise<PendingHit[]> {
  const alsoIn = new Map<number, string[]>();
  if (rows.length > 0) {
    const sources = await store.sql.all<{ articleId: number; source: string; feedId: string }>(
      `SELECT s.article_id AS "articleId", COALESCE(NULLIF(f.title, ''), s.feed_id) AS "source", s.feed_id AS "feedId"
       FROM article_sources s LEFT JOIN feeds f ON f.id = s.feed_id
       WHERE ${store.sql.inList('s.article_id', 'int')} ORDER BY s.id`,
      [store.sql.listParam([...new Set(rows.map((r) => r.articleId))])],
    );
    const feedOf = new Map(rows.map((r) => [r.articleId, r.feedId]));
    for (const s of sources) {
      if (s.feedId === feedOf.get(s.articleId)) continue;
      const list = alsoIn.get(s.articleId) ?? [];
      if (!list.includes(s.source)) list.push(s.source);
      alsoIn.set(s.articleId, list);
    }
  }
  return rows.map((r) => {
    // The digest never shows the body, so it is not read: a day of hits stays small in memory.
    const article: StoredArticle = {
      id: r.articleId,
      feedId: r.feedId,
      guid: r.guid,
      url: r.url,
      title: r.title,
      summary: r.summary,
      content: null,
      published: r.published,
      language: r.language,
      fetchedAt: r.fetchedAt,
    };
    return {
      hitId: r.hitId,
      entry: r.entry,
      terms: parseList(r.terms),
      snippet: r.snippet,
      priority: r.priority as Priority,
      why: parseList(r.why),
      createdAt: r.createdAt,
      article,
      source: r.source,
      alsoIn: alsoIn.get(r.articleId) ?? [],
    };
  });
}

/**
 * Hits not yet delivered to this recipient and not carried by one of its unfinished (`sending`)
 * messages, oldest first. `since` bounds the backlog a recipient seen for the first time receives.
 */
export async function pendingHitsFor(store: Store, recipient: string, options: { since?: string } = {}): Promise<PendingHit[]> {
  const key = ledgerKey(recipient);
  const inFlight = new Set((await openDeliveries(store, key)).flatMap((d) => d.hitIds));
  const rows = await store.sql.all<HitRow>(
    `SELECT ${HIT_COLUMNS}
     WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id AND d.recipient = ?)
       AND h.created_at >= ?
     ORDER BY h.id`,
    [key, options.since ?? ''],
  );
  return toPendingHits(store, rows.filter((r) => !inFlight.has(r.hitId)));
}

/** The hits with these ids, in id order (to rebuild a message that was left `sending`). */
export async function hitsByIds(store: Store, ids: number[]): Promise<PendingHit[]> {
  const rows = await store.sql.all<HitRow>(`SELECT ${HIT_COLUMNS} WHERE ${store.sql.inList('h.id', 'int')} ORDER BY h.id`, [
    store.sql.listParam(ids),
  ]);
  return toPendingHits(store, rows);
}

/** Hits delivered to this recipient by alert messages sent after `since` (for `alertsInDigest`). */
export async function alertedHitsSince(store: Store, recipient: string, since: string | null): Promise<PendingHit[]> {
  const rows = await store.sql.all<HitRow>(
    `SELECT ${HIT_COLUMNS}
     WHERE h.id IN (SELECT d.hit_id FROM deliveries d JOIN digests g ON g.id = d.digest_id
                    WHERE d.recipient = ? AND g.kind = 'alert' AND g.sent_at > ?)
     ORDER BY h.id`,
    [ledgerKey(recipient), since ?? ''],
  );
  return toPendingHits(store, rows);
}

/** Every entry each of these articles has a hit for (story grouping across a message's subset of hits). */
export async function articleEntries(store: Store, articleIds: number[]): Promise<Map<number, Set<string>>> {
  const rows = await store.sql.all<{ articleId: number; entry: string }>(
    `SELECT article_id AS "articleId", entry FROM hits WHERE ${store.sql.inList('article_id', 'int')}`,
    [store.sql.listParam([...new Set(articleIds)])],
  );
  const map = new Map<number, Set<string>>();
  for (const r of rows) map.set(r.articleId, (map.get(r.articleId) ?? new Set()).add(r.entry));
  return map;
}

export interface HitListFilter {
  entry?: string;
  /** ISO date or date-time; hits created at or after it. */
  since?: string;
  /** `delivered`: to at least one recipient (or to `recipient`); `pending`: to none (or not to `recipient`). */
  state?: 'delivered' | 'pending';
  recipient?: string;
  limit?: number;
}

export interface ListedHit extends PendingHit {
  deliveredTo: Array<{ recipient: string; at: string; digestId: number }>;
}

/** Stored hits, newest first, with whom each went to (`rasid hits`). */
export async function listHits(store: Store, filter: HitListFilter = {}): Promise<ListedHit[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.entry) {
    where.push('h.entry = ?');
    params.push(filter.entry);
  }
  if (filter.since) {
    where.push('h.created_at >= ?');
    params.push(filter.since);
  }
  if (filter.state) {
    const exists = filter.recipient
      ? 'EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id AND d.recipient = ?)'
      : 'EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id)';
    where.push(filter.state === 'delivered' ? exists : `NOT ${exists}`);
    if (filter.recipient) params.push(ledgerKey(filter.recipient));
  }
  const limit = filter.limit !== undefined && filter.limit >= 0 ? ' LIMIT ?' : '';
  if (limit) params.push(filter.limit);
  const rows = await store.sql.all<HitRow>(`SELECT ${HIT_COLUMNS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY h.id DESC${limit}`, params);
  return withDeliveries(store, rows);
}

/** Hit rows as listed hits: article, sources and who each was delivered to (`rasid hits`, the web UI). */
export async function withDeliveries(store: Store, rows: HitRow[]): Promise<ListedHit[]> {
  const hits = await toPendingHits(store, rows);
  const deliveries = await store.sql.all<{ hitId: number; recipient: string; at: string; digestId: number }>(
    `SELECT hit_id AS "hitId", recipient, delivered_at AS "at", digest_id AS "digestId" FROM deliveries
     WHERE ${store.sql.inList('hit_id', 'int')} ORDER BY id`,
    [store.sql.listParam(hits.map((h) => h.hitId))],
  );
  const byHit = new Map<number, ListedHit['deliveredTo']>();
  for (const d of deliveries) {
    const list = byHit.get(d.hitId) ?? [];
    list.push({ recipient: d.recipient, at: d.at, digestId: d.digestId });
    byHit.set(d.hitId, list);
  }
  return hits.map((h) => ({ ...h, deliveredTo: byHit.get(h.hitId) ?? [] }));
}

/** Every entry id that has stored hits. */
export async function storedEntries(store: Store): Promise<string[]> {
  return (await store.sql.all<{ entry: string }>('SELECT DISTINCT entry FROM hits ORDER BY entry')).map((r) => r.entry);
}

/** The first alert sent to a recipient that carried each of these articles (by a hit of any entry). */
export async function alertsForArticles(store: Store, recipient: string, articleIds: number[]): Promise<Map<number, { at: string; messageId: string }>> {
  const map = new Map<number, { at: string; messageId: string }>();
  if (articleIds.length === 0) return map;
  const rows = await store.sql.all<{ articleId: number; at: string; messageId: string }>(
    `SELECT h.article_id AS "articleId", g.sent_at AS "at", g.message_id AS "messageId"
     FROM deliveries d JOIN digests g ON g.id = d.digest_id JOIN hits h ON h.id = d.hit_id
     WHERE d.recipient = ? AND g.kind = 'alert' AND g.sent_at IS NOT NULL AND ${store.sql.inList('h.article_id', 'int')}
     ORDER BY g.sent_at`,
    [ledgerKey(recipient), store.sql.listParam([...new Set(articleIds)])],
  );
  for (const r of rows) if (!map.has(r.articleId)) map.set(r.articleId, { at: r.at, messageId: r.messageId });
  return map;
}
