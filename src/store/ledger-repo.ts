// The delivery ledger: the two-step record of a message, `sending` before the transport is called,
// then `sent` plus one `deliveries` row per hit after it accepted. Both steps commit with synchronous=FULL, because losing either after a power cut
// would resend mail under a new Message-ID or lose the fact that it went out.
import type Database from 'better-sqlite3';
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

/** A JSON array column as strings; a damaged value reads as empty rather than failing the digest. */
export function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
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

/** The latest message attempt (any status) and the latest sent message to this recipient, or null. */
export function recipientActivity(store: LedgerStore, recipient: string): { lastAttemptAt: string | null; lastSentAt: string | null } {
  return store.sqlite
    .prepare(
      `SELECT MAX(created_at) AS lastAttemptAt, MAX(CASE WHEN status = 'sent' THEN sent_at END) AS lastSentAt
       FROM digests WHERE recipient = ?`,
    )
    .get(ledgerKey(recipient)) as { lastAttemptAt: string | null; lastSentAt: string | null };
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
