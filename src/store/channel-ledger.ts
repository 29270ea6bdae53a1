// The channel ledger: every message to a chat or push channel, recorded like a mail send. A row is
// written as `sending` with its idempotency key and frozen request before the request leaves, and
// becomes `sent` with one channel_deliveries row per hit after the service answered 2xx; a refused
// or failed send waits as `retry` until its next attempt time, and one refused too often is
// `failed-permanently`. The state changes commit durably (SQLite: synchronous=FULL), as the mail
// ledger's do, on either engine.
import { parseList } from './ledger-repo.ts';
import type { Store } from './open-store.ts';

export type ChannelMessageKind = 'alert' | 'summary';
export type ChannelMessageStatus = 'sending' | 'sent' | 'retry' | 'failed-permanently';

/** A request as frozen in the ledger: no secret in the URL (placeholders) or in the headers. */
export interface FrozenRequest {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ChannelMessageRecord {
  id: number;
  channel: string;
  owner: string;
  kind: ChannelMessageKind;
  status: ChannelMessageStatus;
  idempotencyKey: string;
  hitIds: number[];
  request: FrozenRequest;
  attempts: number;
  refusals: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  sentAt: string | null;
}

interface Row extends Omit<ChannelMessageRecord, 'hitIds' | 'request' | 'kind' | 'status'> {
  kind: string;
  status: string;
  hitIds: string;
  request: string;
}

const COLUMNS = `id, channel, owner, kind, status, idempotency_key AS "idempotencyKey", hit_ids AS "hitIds", request,
  attempts, refusals, next_attempt_at AS "nextAttemptAt", last_error AS "lastError", created_at AS "createdAt",
  last_attempt_at AS "lastAttemptAt", sent_at AS "sentAt"`;

function toRecord(row: Row): ChannelMessageRecord {
  return {
    ...row,
    kind: row.kind as ChannelMessageKind,
    status: row.status as ChannelMessageStatus,
    hitIds: parseList(row.hitIds).map(Number),
    request: JSON.parse(row.request) as FrozenRequest,
  };
}

const MAX_ERROR_CHARS = 2000;
const durable = { durable: true };

/** Messages still on their way: left `sending` by a stopped process, or waiting as `retry`. Oldest first. */
export async function openChannelMessages(store: Store, channel: string): Promise<ChannelMessageRecord[]> {
  const rows = await store.sql.all<Row>(`SELECT ${COLUMNS} FROM channel_messages WHERE channel = ? AND status IN ('sending', 'retry') ORDER BY id`, [channel]);
  return rows.map(toRecord);
}

/**
 * Hit ids this channel must not be offered again for `kind`: delivered, carried by a message on its
 * way, or carried by one given up (those wait for `rasid channels retry`, not for a new message).
 */
export async function claimedHitIds(store: Store, channel: string, kind: ChannelMessageKind): Promise<Set<number>> {
  const delivered = await store.sql.all<{ id: number }>('SELECT hit_id AS "id" FROM channel_deliveries WHERE channel = ? AND kind = ?', [channel, kind]);
  const carried = await store.sql.all<{ hitIds: string }>(`SELECT hit_ids AS "hitIds" FROM channel_messages WHERE channel = ? AND kind = ? AND status != 'sent'`, [channel, kind]);
  const ids = new Set(delivered.map((d) => d.id));
  for (const c of carried) for (const id of parseList(c.hitIds)) ids.add(Number(id));
  return ids;
}

/** Hit ids created at or after `since` with one of these priorities, oldest first. */
export async function recentHitIds(store: Store, since: string, priorities: readonly string[]): Promise<number[]> {
  const rows = await store.sql.all<{ id: number }>(`SELECT id FROM hits WHERE created_at >= ? AND ${store.sql.inList('priority', 'text')} ORDER BY id`, [
    since,
    store.sql.listParam(priorities),
  ]);
  return rows.map((r) => r.id);
}

/** When the channel's first message was created, or null for a channel new to the ledger. */
export async function channelFirstMessageAt(store: Store, channel: string): Promise<string | null> {
  return (await store.sql.get<{ at: string | null }>('SELECT MIN(created_at) AS "at" FROM channel_messages WHERE channel = ?', [channel]))?.at ?? null;
}

/** Messages created for this channel since `since` (any status): the hourly rate limit counts them. */
export async function channelMessagesSince(store: Store, channel: string, since: string): Promise<number> {
  return (await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM channel_messages WHERE channel = ? AND created_at >= ?', [channel, since]))?.n ?? 0;
}

/** When the last message of this kind was confirmed on this channel, or null. */
export async function lastChannelSent(store: Store, channel: string, kind: ChannelMessageKind): Promise<string | null> {
  const row = await store.sql.get<{ at: string | null }>(
    `SELECT MAX(sent_at) AS "at" FROM channel_messages WHERE channel = ? AND kind = ? AND status = 'sent'`,
    [channel, kind],
  );
  return row?.at ?? null;
}

/** Step 1: the message and its frozen request, recorded as `sending` before the request leaves. */
export async function beginChannelMessage(
  store: Store,
  message: { channel: string; owner: string; kind: ChannelMessageKind; idempotencyKey: string; hitIds: number[]; request: FrozenRequest },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  return store.sql.transaction(async () => {
    const row = await store.sql.get<{ id: number }>(
      `INSERT INTO channel_messages (channel, owner, kind, status, idempotency_key, hit_ids, request, attempts, created_at, last_attempt_at)
       VALUES (?, ?, ?, 'sending', ?, ?, ?, 1, ?, ?) RETURNING id`,
      [message.channel, message.owner, message.kind, message.idempotencyKey, JSON.stringify(message.hitIds), JSON.stringify(message.request), at, at],
    );
    return row!.id;
  }, durable);
}

/** Step 1 of a resend: the frozen request goes out again, so the row is `sending` again. */
export async function markChannelAttempt(store: Store, id: number, now: Date): Promise<void> {
  await store.sql.transaction(async () => {
    await store.sql.run(`UPDATE channel_messages SET status = 'sending', attempts = attempts + 1, last_attempt_at = ? WHERE id = ?`, [now.toISOString(), id]);
  }, durable);
}

/** Step 2, after a 2xx: `sent`, and each hit recorded as delivered to the channel. Returns the new delivery rows. */
export async function completeChannelMessage(store: Store, id: number, now: Date): Promise<number> {
  const at = now.toISOString();
  return store.sql.transaction(async () => {
    const row = await store.sql.get<{ channel: string; kind: string; hitIds: string }>('SELECT channel, kind, hit_ids AS "hitIds" FROM channel_messages WHERE id = ?', [id]);
    if (!row) return 0;
    await store.sql.run(`UPDATE channel_messages SET status = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?`, [at, id]);
    let inserted = 0;
    for (const hitId of parseList(row.hitIds).map(Number)) {
      inserted += await store.sql.run(
        `INSERT INTO channel_deliveries (hit_id, channel, kind, message_id, delivered_at)
         SELECT id, ?, ?, ?, ? FROM hits WHERE id = ?
         ON CONFLICT (hit_id, channel, kind) DO NOTHING`,
        [row.channel, row.kind, id, at, hitId],
      );
    }
    return inserted;
  }, durable);
}

/** The send failed or was refused: the same request is tried again at `nextAttemptAt`. */
export async function deferChannelMessage(store: Store, id: number, next: { at: Date; error: string; refused: boolean }): Promise<void> {
  await store.sql.transaction(async () => {
    await store.sql.run(`UPDATE channel_messages SET status = 'retry', next_attempt_at = ?, last_error = ?, refusals = refusals + ? WHERE id = ?`, [
      next.at.toISOString(),
      next.error.slice(0, MAX_ERROR_CHARS),
      next.refused ? 1 : 0,
      id,
    ]);
  }, durable);
}

/** The service refused the message too often: no more attempts until an operator asks (`rasid channels retry`). */
export async function giveUpChannelMessage(store: Store, id: number, error: string): Promise<void> {
  await store.sql.transaction(async () => {
    await store.sql.run(
      `UPDATE channel_messages SET status = 'failed-permanently', next_attempt_at = NULL, last_error = ?, refusals = refusals + 1 WHERE id = ?`,
      [error.slice(0, MAX_ERROR_CHARS), id],
    );
  }, durable);
}

/** Given-up messages of a channel go back to `retry`, due now, with the same request and key. Returns how many. */
export async function requeueFailedChannelMessages(store: Store, channel: string, now: Date): Promise<number> {
  return store.sql.transaction(
    () =>
      store.sql.run(`UPDATE channel_messages SET status = 'retry', refusals = 0, next_attempt_at = ? WHERE channel = ? AND status = 'failed-permanently'`, [
        now.toISOString(),
        channel,
      ]),
    durable,
  );
}

/** Given-up messages created since `since`, newest first (for `rasid status` and the digest's health section). */
export async function failedChannelMessages(store: Store, since: string): Promise<ChannelMessageRecord[]> {
  const rows = await store.sql.all<Row>(`SELECT ${COLUMNS} FROM channel_messages WHERE status = 'failed-permanently' AND created_at >= ? ORDER BY id DESC`, [since]);
  return rows.map(toRecord);
}

export interface ChannelStanding {
  channel: string;
  sent: number;
  waiting: number;
  failed: number;
  lastSentAt: string | null;
  /** The oldest message still on its way, with its last error. */
  oldestWaiting: { createdAt: string; attempts: number; nextAttemptAt: string | null; lastError: string | null } | null;
}

/** Per channel: how many messages went out, wait for a retry, or were given up. */
export async function channelStandings(store: Store): Promise<ChannelStanding[]> {
  const counts = await store.sql.all<Omit<ChannelStanding, 'oldestWaiting'>>(
    `SELECT channel, SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS "sent",
            SUM(CASE WHEN status IN ('sending', 'retry') THEN 1 ELSE 0 END) AS "waiting",
            SUM(CASE WHEN status = 'failed-permanently' THEN 1 ELSE 0 END) AS "failed", MAX(sent_at) AS "lastSentAt"
     FROM channel_messages GROUP BY channel ORDER BY channel`,
  );
  const out: ChannelStanding[] = [];
  for (const c of counts) {
    const oldest = await store.sql.get<NonNullable<ChannelStanding['oldestWaiting']>>(
      `SELECT created_at AS "createdAt", attempts, next_attempt_at AS "nextAttemptAt", last_error AS "lastError"
       FROM channel_messages WHERE channel = ? AND status IN ('sending', 'retry') ORDER BY id LIMIT 1`,
      [c.channel],
    );
    out.push({ ...c, oldestWaiting: oldest ?? null });
  }
  return out;
}
