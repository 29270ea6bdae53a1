// The channel ledger: every message to a chat or push channel, recorded like a mail send. A row is
// written as `sending` with its idempotency key and frozen request before the request leaves, and
// becomes `sent` with one channel_deliveries row per hit after the service answered 2xx; a refused
// or failed send waits as `retry` until its next attempt time, and one refused too often is
// `failed-permanently`. The state changes commit with synchronous=FULL, as the mail ledger's do.
import type Database from 'better-sqlite3';
import { parseList, type LedgerStore } from './ledger-repo.ts';

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

const COLUMNS = `id, channel, owner, kind, status, idempotency_key AS idempotencyKey, hit_ids AS hitIds, request,
  attempts, refusals, next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt,
  last_attempt_at AS lastAttemptAt, sent_at AS sentAt`;

function toRecord(row: Row): ChannelMessageRecord {
  return {
    ...row,
    kind: row.kind as ChannelMessageKind,
    status: row.status as ChannelMessageStatus,
    hitIds: parseList(row.hitIds).map(Number),
    request: JSON.parse(row.request) as FrozenRequest,
  };
}

// The mail ledger's commit discipline (ledger-repo.ts keeps its helper private).
function withFullSync<T>(sqlite: Database.Database, work: () => T): T {
  const previous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = FULL');
  try {
    return sqlite.transaction(work).immediate();
  } finally {
    sqlite.pragma(`synchronous = ${Number(previous)}`);
  }
}

const MAX_ERROR_CHARS = 2000;

/** Messages still on their way: left `sending` by a stopped process, or waiting as `retry`. Oldest first. */
export function openChannelMessages(store: LedgerStore, channel: string): ChannelMessageRecord[] {
  const rows = store.sqlite
    .prepare(`SELECT ${COLUMNS} FROM channel_messages WHERE channel = ? AND status IN ('sending', 'retry') ORDER BY id`)
    .all(channel) as Row[];
  return rows.map(toRecord);
}

/**
 * Hit ids this channel must not be offered again for `kind`: delivered, carried by a message on its
 * way, or carried by one given up (those wait for `rasid channels retry`, not for a new message).
 */
export function claimedHitIds(store: LedgerStore, channel: string, kind: ChannelMessageKind): Set<number> {
  const delivered = store.sqlite
    .prepare('SELECT hit_id AS id FROM channel_deliveries WHERE channel = ? AND kind = ?')
    .all(channel, kind) as Array<{ id: number }>;
  const carried = store.sqlite
    .prepare(`SELECT hit_ids AS hitIds FROM channel_messages WHERE channel = ? AND kind = ? AND status != 'sent'`)
    .all(channel, kind) as Array<{ hitIds: string }>;
  const ids = new Set(delivered.map((d) => d.id));
  for (const c of carried) for (const id of parseList(c.hitIds)) ids.add(Number(id));
  return ids;
}

/** Hit ids created at or after `since` with one of these priorities, oldest first. */
export function recentHitIds(store: LedgerStore, since: string, priorities: readonly string[]): number[] {
  const rows = store.sqlite
    .prepare('SELECT id FROM hits WHERE created_at >= ? AND priority IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(since, JSON.stringify(priorities)) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

/** When the channel's first message was created, or null for a channel new to the ledger. */
export function channelFirstMessageAt(store: LedgerStore, channel: string): string | null {
  const row = store.sqlite.prepare('SELECT MIN(created_at) AS at FROM channel_messages WHERE channel = ?').get(channel) as { at: string | null };
  return row.at;
}

/** Messages created for this channel since `since` (any status): the hourly rate limit counts them. */
export function channelMessagesSince(store: LedgerStore, channel: string, since: string): number {
  const row = store.sqlite.prepare('SELECT COUNT(*) AS n FROM channel_messages WHERE channel = ? AND created_at >= ?').get(channel, since) as { n: number };
  return row.n;
}

/** When the last message of this kind was confirmed on this channel, or null. */
export function lastChannelSent(store: LedgerStore, channel: string, kind: ChannelMessageKind): string | null {
  const row = store.sqlite
    .prepare(`SELECT MAX(sent_at) AS at FROM channel_messages WHERE channel = ? AND kind = ? AND status = 'sent'`)
    .get(channel, kind) as { at: string | null };
  return row.at;
}

/** Step 1: the message and its frozen request, recorded as `sending` before the request leaves. */
export function beginChannelMessage(
  store: LedgerStore,
  message: { channel: string; owner: string; kind: ChannelMessageKind; idempotencyKey: string; hitIds: number[]; request: FrozenRequest },
  now: Date,
): number {
  const at = now.toISOString();
  return withFullSync(store.sqlite, () => {
    const result = store.sqlite
      .prepare(
        `INSERT INTO channel_messages (channel, owner, kind, status, idempotency_key, hit_ids, request, attempts, created_at, last_attempt_at)
         VALUES (?, ?, ?, 'sending', ?, ?, ?, 1, ?, ?)`,
      )
      .run(message.channel, message.owner, message.kind, message.idempotencyKey, JSON.stringify(message.hitIds), JSON.stringify(message.request), at, at);
    return Number(result.lastInsertRowid);
  });
}

/** Step 1 of a resend: the frozen request goes out again, so the row is `sending` again. */
export function markChannelAttempt(store: LedgerStore, id: number, now: Date): void {
  withFullSync(store.sqlite, () => {
    store.sqlite
      .prepare(`UPDATE channel_messages SET status = 'sending', attempts = attempts + 1, last_attempt_at = ? WHERE id = ?`)
      .run(now.toISOString(), id);
  });
}

/** Step 2, after a 2xx: `sent`, and each hit recorded as delivered to the channel. Returns the new delivery rows. */
export function completeChannelMessage(store: LedgerStore, id: number, now: Date): number {
  const at = now.toISOString();
  return withFullSync(store.sqlite, () => {
    const row = store.sqlite.prepare('SELECT channel, kind, hit_ids AS hitIds FROM channel_messages WHERE id = ?').get(id) as
      | { channel: string; kind: string; hitIds: string }
      | undefined;
    if (!row) return 0;
    store.sqlite
      .prepare(`UPDATE channel_messages SET status = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?`)
      .run(at, id);
    return store.sqlite
      .prepare(
        `INSERT INTO channel_deliveries (hit_id, channel, kind, message_id, delivered_at)
         SELECT value, ?, ?, ?, ? FROM json_each(?) WHERE value IN (SELECT id FROM hits)
         ON CONFLICT (hit_id, channel, kind) DO NOTHING`,
      )
      .run(row.channel, row.kind, id, at, row.hitIds).changes;
  });
}

/** The send failed or was refused: the same request is tried again at `nextAttemptAt`. */
export function deferChannelMessage(store: LedgerStore, id: number, next: { at: Date; error: string; refused: boolean }): void {
  withFullSync(store.sqlite, () => {
    store.sqlite
      .prepare(
        `UPDATE channel_messages SET status = 'retry', next_attempt_at = ?, last_error = ?, refusals = refusals + ? WHERE id = ?`,
      )
      .run(next.at.toISOString(), next.error.slice(0, MAX_ERROR_CHARS), next.refused ? 1 : 0, id);
  });
}

/** The service refused the message too often: no more attempts until an operator asks (`rasid channels retry`). */
export function giveUpChannelMessage(store: LedgerStore, id: number, error: string): void {
  withFullSync(store.sqlite, () => {
    store.sqlite
      .prepare(
        `UPDATE channel_messages SET status = 'failed-permanently', next_attempt_at = NULL, last_error = ?, refusals = refusals + 1 WHERE id = ?`,
      )
      .run(error.slice(0, MAX_ERROR_CHARS), id);
  });
}

/** Given-up messages of a channel go back to `retry`, due now, with the same request and key. Returns how many. */
export function requeueFailedChannelMessages(store: LedgerStore, channel: string, now: Date): number {
  return withFullSync(store.sqlite, () =>
    store.sqlite
      .prepare(
        `UPDATE channel_messages SET status = 'retry', refusals = 0, next_attempt_at = ? WHERE channel = ? AND status = 'failed-permanently'`,
      )
      .run(now.toISOString(), channel).changes,
  );
}

/** Given-up messages created since `since`, newest first (for `rasid status` and the digest's health section). */
export function failedChannelMessages(store: LedgerStore, since: string): ChannelMessageRecord[] {
  const rows = store.sqlite
    .prepare(`SELECT ${COLUMNS} FROM channel_messages WHERE status = 'failed-permanently' AND created_at >= ? ORDER BY id DESC`)
    .all(since) as Row[];
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
export function channelStandings(store: LedgerStore): ChannelStanding[] {
  const counts = store.sqlite
    .prepare(
      `SELECT channel, SUM(status = 'sent') AS sent, SUM(status IN ('sending', 'retry')) AS waiting,
              SUM(status = 'failed-permanently') AS failed, MAX(sent_at) AS lastSentAt
       FROM channel_messages GROUP BY channel ORDER BY channel`,
    )
    .all() as Array<Omit<ChannelStanding, 'oldestWaiting'>>;
  const oldest = store.sqlite.prepare(
    `SELECT created_at AS createdAt, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError
     FROM channel_messages WHERE channel = ? AND status IN ('sending', 'retry') ORDER BY id LIMIT 1`,
  );
  return counts.map((c) => ({ ...c, oldestWaiting: (oldest.get(c.channel) as ChannelStanding['oldestWaiting'] | undefined) ?? null }));
}
