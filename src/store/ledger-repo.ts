// The delivery ledger: which hits are still pending for a recipient, and the two-step record of a
// message (`sending` before the transport is called, `sent` plus one `deliveries` row per hit after
// it accepted). Both steps commit with synchronous=FULL, because losing either after a power cut
// would resend mail under a new Message-ID or lose the fact that it went out.
import type Database from 'better-sqlite3';
import type { PendingHit, Priority, StoredArticle } from '../types.ts';
import type { Store } from './open-store.ts';

export type LedgerStore = Pick<Store, 'sqlite'>;
export type DigestKind = 'digest' | 'alert';
export type DigestStatus = 'sending' | 'sent' | 'failed' | 'superseded';

/** Ledger addresses compare case-insensitively: `A@x.org` and `a@x.org` are one mailbox here. */
export function ledgerKey(address: string): string {
  return address.trim().toLowerCase();
}

function withFullSync<T>(sqlite: Database.Database, work: () => T): T {
  const previous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = FULL');
  try {
    return sqlite.transaction(work).immediate();
  } finally {
    sqlite.pragma(`synchronous = ${Number(previous)}`);
  }
}

interface HitRow {
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

const HIT_COLUMNS = `
  h.id AS hitId, h.entry, h.terms, h.snippet, h.priority, h.why, h.created_at AS createdAt,
  a.id AS articleId, a.feed_id AS feedId, a.guid, a.url, a.title, a.summary,
  a.published_at AS published, a.language, a.fetched_at AS fetchedAt,
  COALESCE(NULLIF(f.title, ''), a.feed_id) AS source
  FROM hits h JOIN articles a ON a.id = h.article_id LEFT JOIN feeds f ON f.id = a.feed_id`;

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

function toPendingHits(sqlite: Database.Database, rows: HitRow[]): PendingHit[] {
  const alsoIn = new Map<number, string[]>();
  if (rows.length > 0) {
    const sources = sqlite
      .prepare(
        `SELECT s.article_id AS articleId, COALESCE(NULLIF(f.title, ''), s.feed_id) AS source, s.feed_id AS feedId
         FROM article_sources s LEFT JOIN feeds f ON f.id = s.feed_id
         WHERE s.article_id IN (SELECT value FROM json_each(?)) ORDER BY s.id`,
      )
      .all(JSON.stringify([...new Set(rows.map((r) => r.articleId))])) as Array<{ articleId: number; source: string; feedId: string }>;
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
export function pendingHitsFor(store: LedgerStore, recipient: string, options: { since?: string } = {}): PendingHit[] {
  const key = ledgerKey(recipient);
  const inFlight = new Set(openDeliveries(store, key).flatMap((d) => d.hitIds));
  const rows = store.sqlite
    .prepare(
      `SELECT ${HIT_COLUMNS}
       WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id AND d.recipient = ?)
         AND h.created_at >= ?
       ORDER BY h.id`,
    )
    .all(key, options.since ?? '') as HitRow[];
  return toPendingHits(store.sqlite, rows.filter((r) => !inFlight.has(r.hitId)));
}

/** The hits with these ids, in id order (to rebuild a message that was left `sending`). */
export function hitsByIds(store: LedgerStore, ids: number[]): PendingHit[] {
  const rows = store.sqlite
    .prepare(`SELECT ${HIT_COLUMNS} WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY h.id`)
    .all(JSON.stringify(ids)) as HitRow[];
  return toPendingHits(store.sqlite, rows);
}

/** Hits delivered to this recipient by alert messages sent after `since` (for `alertsInDigest`). */
export function alertedHitsSince(store: LedgerStore, recipient: string, since: string | null): PendingHit[] {
  const rows = store.sqlite
    .prepare(
      `SELECT ${HIT_COLUMNS}
       WHERE h.id IN (SELECT d.hit_id FROM deliveries d JOIN digests g ON g.id = d.digest_id
                      WHERE d.recipient = ? AND g.kind = 'alert' AND g.sent_at > ?)
       ORDER BY h.id`,
    )
    .all(ledgerKey(recipient), since ?? '') as HitRow[];
  return toPendingHits(store.sqlite, rows);
}

/** Every entry each of these articles has a hit for (story grouping across a message's subset of hits). */
export function articleEntries(store: LedgerStore, articleIds: number[]): Map<number, Set<string>> {
  const rows = store.sqlite
    .prepare('SELECT article_id AS articleId, entry FROM hits WHERE article_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...new Set(articleIds)])) as Array<{ articleId: number; entry: string }>;
  const map = new Map<number, Set<string>>();
  for (const r of rows) map.set(r.articleId, (map.get(r.articleId) ?? new Set()).add(r.entry));
  return map;
}

export interface DeliveryRecord {
  id: number;
  recipient: string;
  kind: DigestKind;
  status: DigestStatus;
  messageId: string;
  hitIds: number[];
  subject: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface DigestRow {
  id: number;
  recipient: string;
  kind: string;
  status: string;
  messageId: string;
  hitIds: string;
  subject: string | null;
  createdAt: string;
  sentAt: string | null;
}

const DIGEST_COLUMNS = `id, recipient, kind, status, message_id AS messageId, hit_ids AS hitIds, subject,
  created_at AS createdAt, sent_at AS sentAt`;

function toRecord(row: DigestRow): DeliveryRecord {
  return { ...row, kind: row.kind as DigestKind, status: row.status as DigestStatus, hitIds: parseList(row.hitIds).map(Number) };
}

/** Messages left `sending`: the transport may or may not have taken them before the process stopped. */
export function openDeliveries(store: LedgerStore, recipient?: string): DeliveryRecord[] {
  const rows = (
    recipient === undefined
      ? store.sqlite.prepare(`SELECT ${DIGEST_COLUMNS} FROM digests WHERE status = 'sending' ORDER BY id`).all()
      : store.sqlite
          .prepare(`SELECT ${DIGEST_COLUMNS} FROM digests WHERE status = 'sending' AND recipient = ? ORDER BY id`)
          .all(ledgerKey(recipient))
  ) as DigestRow[];
  return rows.map(toRecord);
}

/** When the last message of this kind went to this recipient, or null. */
export function lastSent(store: LedgerStore, recipient: string, kind: DigestKind): string | null {
  const row = store.sqlite
    .prepare(`SELECT MAX(sent_at) AS at FROM digests WHERE recipient = ? AND kind = ? AND status = 'sent'`)
    .get(ledgerKey(recipient), kind) as { at: string | null };
  return row.at;
}

/** Whether this recipient has ever been written a message (a first-time recipient gets a bounded backlog). */
export function hasHistory(store: LedgerStore, recipient: string): boolean {
  return store.sqlite.prepare('SELECT 1 FROM digests WHERE recipient = ? LIMIT 1').get(ledgerKey(recipient)) !== undefined;
}

/** Step 1: record the message as `sending`, with its Message-ID, before the transport sees it. */
export function beginDelivery(
  store: LedgerStore,
  message: { recipient: string; kind: DigestKind; messageId: string; hitIds: number[]; subject: string },
  now: Date,
): number {
  return withFullSync(store.sqlite, () => {
    const result = store.sqlite
      .prepare(
        `INSERT INTO digests (recipient, kind, status, message_id, hit_ids, subject, created_at)
         VALUES (?, ?, 'sending', ?, ?, ?, ?)`,
      )
      .run(ledgerKey(message.recipient), message.kind, message.messageId, JSON.stringify(message.hitIds), message.subject, now.toISOString());
    return Number(result.lastInsertRowid);
  });
}

/**
 * Step 2, after the transport accepted: the message becomes `sent` and each of its hits is recorded
 * as delivered to the recipient, in one transaction (`hitIds` narrows it to the hits the message
 * really carried, for a resend). Returns the number of new ledger rows.
 */
export function completeDelivery(store: LedgerStore, digestId: number, now: Date, hitIds?: number[]): number {
  const at = now.toISOString();
  return withFullSync(store.sqlite, () => {
    const row = store.sqlite.prepare('SELECT recipient, hit_ids AS hitIds FROM digests WHERE id = ?').get(digestId) as
      | { recipient: string; hitIds: string }
      | undefined;
    if (!row) return 0;
    store.sqlite.prepare(`UPDATE digests SET status = 'sent', sent_at = ?, error = NULL WHERE id = ?`).run(at, digestId);
    const inserted = store.sqlite
      .prepare(
        `INSERT INTO deliveries (hit_id, recipient, digest_id, delivered_at)
         SELECT value, ?, ?, ? FROM json_each(?) WHERE true
         ON CONFLICT (hit_id, recipient) DO NOTHING`,
      )
      .run(row.recipient, digestId, at, hitIds ? JSON.stringify(hitIds) : row.hitIds);
    return inserted.changes;
  });
}

/** The transport refused or failed: the hits stay pending and the next run composes a new message. */
export function failDelivery(store: LedgerStore, digestId: number, error: string, status: 'failed' | 'superseded' = 'failed'): void {
  withFullSync(store.sqlite, () => {
    store.sqlite.prepare('UPDATE digests SET status = ?, error = ? WHERE id = ?').run(status, error.slice(0, 2000), digestId);
  });
}

/** A resend of a `sending` message failed: it stays `sending` (same Message-ID next time), with the error noted. */
export function noteDeliveryError(store: LedgerStore, digestId: number, error: string): void {
  store.sqlite.prepare('UPDATE digests SET error = ? WHERE id = ?').run(error.slice(0, 2000), digestId);
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
export function listHits(store: LedgerStore, filter: HitListFilter = {}): ListedHit[] {
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
  const sql = `SELECT ${HIT_COLUMNS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY h.id DESC LIMIT ?`;
  const rows = store.sqlite.prepare(sql).all(...params, filter.limit ?? -1) as HitRow[];
  const hits = toPendingHits(store.sqlite, rows);
  const deliveries = store.sqlite
    .prepare(
      `SELECT hit_id AS hitId, recipient, delivered_at AS at, digest_id AS digestId FROM deliveries
       WHERE hit_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(hits.map((h) => h.hitId))) as Array<{ hitId: number; recipient: string; at: string; digestId: number }>;
  const byHit = new Map<number, ListedHit['deliveredTo']>();
  for (const d of deliveries) {
    const list = byHit.get(d.hitId) ?? [];
    list.push({ recipient: d.recipient, at: d.at, digestId: d.digestId });
    byHit.set(d.hitId, list);
  }
  return hits.map((h) => ({ ...h, deliveredTo: byHit.get(h.hitId) ?? [] }));
}

export interface FeedHealthRow {
  id: string;
  url: string;
  title: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
  lastItemAt: string | null;
  createdAt: string;
}

/** Every feed's health columns, for the digest's source-health section. */
export function feedHealthRows(store: LedgerStore): FeedHealthRow[] {
  return store.sqlite
    .prepare(
      `SELECT id, url, title, consecutive_failures AS consecutiveFailures, last_error AS lastError,
              last_error_at AS lastErrorAt, last_success_at AS lastSuccessAt, last_item_at AS lastItemAt,
              created_at AS createdAt
       FROM feeds ORDER BY id`,
    )
    .all() as FeedHealthRow[];
}
