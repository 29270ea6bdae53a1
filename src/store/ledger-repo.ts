// The delivery ledger: the two-step record of a message, `sending` before the transport is called,
// then `sent` plus one `deliveries` row per hit after it accepted. Both steps commit durably
// (SQLite: synchronous=FULL), because losing either after a power cut would resend mail under a new
// Message-ID or lose the fact that it went out. The composed message is frozen in the `sending` row,
// so a retry sends exactly what the first attempt sent.
import type { Store } from './open-store.ts';

export type DigestKind = 'digest' | 'alert';
export type DigestStatus = 'sending' | 'sent' | 'failed' | 'superseded';

/** Ledger addresses compare case-insensitively: `A@x.org` and `a@x.org` are one mailbox here. */
export function ledgerKey(address: string): string {
  return address.trim().toLowerCase();
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

/** The message as composed at the first attempt: a retry sends these bytes' sources unchanged. */
export interface FrozenMessage {
  subject: string;
  html: string;
  text: string;
  /** The Date header (ISO). */
  date: string;
}

export interface DeliveryRecord {
  id: number;
  recipient: string;
  kind: DigestKind;
  status: DigestStatus;
  messageId: string;
  hitIds: number[];
  subject: string | null;
  /** Null for a row written by a Rasid that did not freeze messages yet: it is composed again. */
  message: FrozenMessage | null;
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
  message: string | null;
  createdAt: string;
  sentAt: string | null;
}

const DIGEST_COLUMNS = `id, recipient, kind, status, message_id AS "messageId", hit_ids AS "hitIds", subject, message,
  created_at AS "createdAt", sent_at AS "sentAt"`;

function frozen(json: string | null): FrozenMessage | null {
  if (!json) return null;
  try {
    const m = JSON.parse(json) as Partial<FrozenMessage>;
    return typeof m.subject === 'string' && typeof m.html === 'string' && typeof m.text === 'string' && typeof m.date === 'string'
      ? { subject: m.subject, html: m.html, text: m.text, date: m.date }
      : null;
  } catch {
    return null;
  }
}

function toRecord(row: DigestRow): DeliveryRecord {
  return {
    ...row,
    kind: row.kind as DigestKind,
    status: row.status as DigestStatus,
    hitIds: parseList(row.hitIds).map(Number),
    message: frozen(row.message),
  };
}

/** Messages left `sending`: the transport may or may not have taken them before the process stopped. */
export async function openDeliveries(store: Store, recipient?: string): Promise<DeliveryRecord[]> {
  const rows =
    recipient === undefined
      ? await store.sql.all<DigestRow>(`SELECT ${DIGEST_COLUMNS} FROM digests WHERE status = 'sending' ORDER BY id`)
      : await store.sql.all<DigestRow>(`SELECT ${DIGEST_COLUMNS} FROM digests WHERE status = 'sending' AND recipient = ? ORDER BY id`, [
          ledgerKey(recipient),
        ]);
  return rows.map(toRecord);
}

/** When the last message of this kind went to this recipient, or null. */
export async function lastSent(store: Store, recipient: string, kind: DigestKind): Promise<string | null> {
  const row = await store.sql.get<{ at: string | null }>(
    `SELECT MAX(sent_at) AS "at" FROM digests WHERE recipient = ? AND kind = ? AND status = 'sent'`,
    [ledgerKey(recipient), kind],
  );
  return row?.at ?? null;
}

/** The latest message attempt (any status) and the latest sent message to this recipient, or null. */
export async function recipientActivity(store: Store, recipient: string): Promise<{ lastAttemptAt: string | null; lastSentAt: string | null }> {
  const row = await store.sql.get<{ lastAttemptAt: string | null; lastSentAt: string | null }>(
    `SELECT MAX(created_at) AS "lastAttemptAt", MAX(CASE WHEN status = 'sent' THEN sent_at END) AS "lastSentAt"
     FROM digests WHERE recipient = ?`,
    [ledgerKey(recipient)],
  );
  return { lastAttemptAt: row?.lastAttemptAt ?? null, lastSentAt: row?.lastSentAt ?? null };
}

/** Step 1: record the message as `sending`, with its Message-ID and its composed form, before the transport sees it. */
export async function beginDelivery(
  store: Store,
  message: { recipient: string; kind: DigestKind; messageId: string; hitIds: number[]; subject: string; frozen: FrozenMessage },
  now: Date,
): Promise<number> {
  return store.sql.transaction(
    async () => {
      const row = await store.sql.get<{ id: number }>(
        `INSERT INTO digests (recipient, kind, status, message_id, hit_ids, subject, message, created_at)
         VALUES (?, ?, 'sending', ?, ?, ?, ?, ?) RETURNING id`,
        [
          ledgerKey(message.recipient),
          message.kind,
          message.messageId,
          JSON.stringify(message.hitIds),
          message.subject,
          JSON.stringify(message.frozen),
          now.toISOString(),
        ],
      );
      return row!.id;
    },
    { durable: true },
  );
}

/**
 * Step 2, after the transport accepted: the message becomes `sent` and each of its hits is recorded
 * as delivered to the recipient, in one transaction (`hitIds` narrows it to the hits the message
 * really carried, for a resend). Returns the number of new ledger rows.
 */
export async function completeDelivery(store: Store, digestId: number, now: Date, hitIds?: number[]): Promise<number> {
  const at = now.toISOString();
  return store.sql.transaction(
    async () => {
      const row = await store.sql.get<{ recipient: string; hitIds: string }>('SELECT recipient, hit_ids AS "hitIds" FROM digests WHERE id = ?', [
        digestId,
      ]);
      if (!row) return 0;
      await store.sql.run(`UPDATE digests SET status = 'sent', sent_at = ?, error = NULL WHERE id = ?`, [at, digestId]);
      let inserted = 0;
      const ids = hitIds ?? parseList(row.hitIds).map(Number);
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        inserted += await store.sql.run(
          `INSERT INTO deliveries (hit_id, recipient, digest_id, delivered_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
           ON CONFLICT (hit_id, recipient) DO NOTHING`,
          chunk.flatMap((hitId) => [hitId, row.recipient, digestId, at]),
        );
      }
      return inserted;
    },
    { durable: true },
  );
}

/** The transport refused or failed: the hits stay pending and the next run composes a new message. */
export async function failDelivery(store: Store, digestId: number, error: string, status: 'failed' | 'superseded' = 'failed'): Promise<void> {
  await store.sql.transaction(
    async () => {
      await store.sql.run('UPDATE digests SET status = ?, error = ? WHERE id = ?', [status, error.slice(0, 2000), digestId]);
    },
    { durable: true },
  );
}

/** A send of a `sending` message failed in a way that may have delivered it: it stays `sending` (same message next time), with the error noted. */
export async function noteDeliveryError(store: Store, digestId: number, error: string): Promise<void> {
  await store.sql.run('UPDATE digests SET error = ? WHERE id = ?', [error.slice(0, 2000), digestId]);
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
export async function feedHealthRows(store: Store): Promise<FeedHealthRow[]> {
  return store.sql.all<FeedHealthRow>(
    `SELECT id, url, title, consecutive_failures AS "consecutiveFailures", last_error AS "lastError",
            last_error_at AS "lastErrorAt", last_success_at AS "lastSuccessAt", last_item_at AS "lastItemAt",
            created_at AS "createdAt"
     FROM feeds ORDER BY id`,
  );
}
