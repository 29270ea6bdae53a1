// The channel ledger on a real SQLite file: the two-step record, what counts as claimed, retries and
// giving up, and the upgrade of a database written before channels existed.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  beginChannelMessage,
  channelStandings,
  claimedHitIds,
  completeChannelMessage,
  deferChannelMessage,
  failedChannelMessages,
  giveUpChannelMessage,
  openChannelMessages,
  requeueFailedChannelMessages,
  type FrozenRequest,
} from '../../src/store/channel-ledger.ts';
import { copyDatabase } from '../../src/store/copy-database.ts';
import { MIGRATIONS_DIR, openStore, type Store } from '../../src/store/open-store.ts';
import { STORIES } from '../fixtures/digest/stories.ts';
import { seed, tempDir } from '../digest/seed.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const REQUEST: FrozenRequest = { method: 'POST', url: '{url}', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' };
let store: Store;

function begin(hitIds: number[], key: string, channel = 'desk-slack') {
  return beginChannelMessage(store, { channel, owner: 'desk@example.org', kind: 'alert', idempotencyKey: key, hitIds, request: REQUEST }, NOW);
}

describe.each(BACKENDS)('the channel ledger on %s', (backend) => {
  const db = useStore(backend);
  beforeEach(async () => {
    store = await db.open();
  });

  it('records a message as sending, then sent with one delivery row per hit, once', async () => {
    const hits = await seed(store, STORIES, NOW);
    const id = await begin(hits.slice(0, 2), 'k-1');
    expect(await openChannelMessages(store, 'desk-slack')).toMatchObject([{ id, status: 'sending', attempts: 1, idempotencyKey: 'k-1', hitIds: hits.slice(0, 2), request: REQUEST }]);
    expect([...(await claimedHitIds(store, 'desk-slack', 'alert'))]).toEqual(hits.slice(0, 2));
    expect((await claimedHitIds(store, 'other', 'alert')).size).toBe(0);
    expect(await completeChannelMessage(store, id, NOW)).toBe(2);
    expect(await completeChannelMessage(store, id, NOW)).toBe(0);
    expect(await openChannelMessages(store, 'desk-slack')).toEqual([]);
    expect(await channelStandings(store)).toMatchObject([{ channel: 'desk-slack', sent: 1, waiting: 0, failed: 0, lastSentAt: NOW.toISOString() }]);
    expect([...(await claimedHitIds(store, 'desk-slack', 'alert'))]).toEqual(hits.slice(0, 2));
    expect((await claimedHitIds(store, 'desk-slack', 'summary')).size).toBe(0);
  });

  it('keeps a deferred message open with its next attempt and error; gives up and requeues on request', async () => {
    const hits = await seed(store, STORIES, NOW);
    const id = await begin([hits[0]!], 'k-2');
    await deferChannelMessage(store, id, { at: new Date('2026-11-28T12:05:00.000Z'), error: 'Slack answered 503', refused: false });
    expect(await openChannelMessages(store, 'desk-slack')).toMatchObject([{ status: 'retry', nextAttemptAt: '2026-11-28T12:05:00.000Z', lastError: 'Slack answered 503', refusals: 0 }]);
    await deferChannelMessage(store, id, { at: NOW, error: 'Slack answered 404', refused: true });
    await giveUpChannelMessage(store, id, 'Slack answered 404 no_service');
    expect(await openChannelMessages(store, 'desk-slack')).toEqual([]);
    expect(await failedChannelMessages(store, '')).toMatchObject([{ status: 'failed-permanently', refusals: 2, lastError: 'Slack answered 404 no_service' }]);
    // Given up is still claimed: a new message must not carry those hits.
    expect((await claimedHitIds(store, 'desk-slack', 'alert')).has(hits[0]!)).toBe(true);
    expect(await channelStandings(store)).toEqual([{ channel: 'desk-slack', sent: 0, waiting: 0, failed: 1, lastSentAt: null, oldestWaiting: null }]);
    expect(await requeueFailedChannelMessages(store, 'desk-slack', NOW)).toBe(1);
    expect(await openChannelMessages(store, 'desk-slack')).toMatchObject([{ status: 'retry', refusals: 0, nextAttemptAt: NOW.toISOString(), idempotencyKey: 'k-2' }]);
  });

  it('refuses a second message with the same idempotency key', async () => {
    await begin([], 'k-3');
    await expect(begin([], 'k-3')).rejects.toThrow();
    expect(await channelStandings(store)).toMatchObject([{ channel: 'desk-slack', waiting: 1 }]);
  });
});

describe('the channel ledger on SQLite', () => {
  it('adds its tables to a database written before channels existed, keeping its data', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old-migrations');
    fs.cpSync(MIGRATIONS_DIR, old, { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(old, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
    const channels = journal.entries.find((e) => e.tag.endsWith('_channels'))!;
    fs.rmSync(path.join(old, `${channels.tag}.sql`));
    journal.entries = journal.entries.filter((e) => e !== channels);
    fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify(journal));
    const file = path.join(dir, 'rasid.db');
    const before = await openStore(file, { migrationsDir: old });
    const hits = await seed(before, STORIES, NOW);
    await before.close();
    const after = await openStore(file);
    try {
      expect(await after.sql.get("SELECT COUNT(*) AS \"n\" FROM sqlite_master WHERE name IN ('channel_messages', 'channel_deliveries')")).toEqual({ n: 2 });
      expect((await after.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM hits'))!.n).toBe(hits.length);
    } finally {
      await after.close();
    }
  });
});

describe.each(BACKENDS.flatMap((a) => BACKENDS.map((b) => [a, b] as const)))('rasid db copy of the channel ledger from %s to %s', (fromKind, toKind) => {
  const from = useStore(fromKind);
  const to = useStore(toKind);
  it('carries every channel message and delivery, so nothing goes to a channel again after the move', async () => {
    const source = await from.open();
    const hits = await seed(source, STORIES, NOW);
    store = source;
    const sent = await begin(hits.slice(0, 3), 'k-copy-1');
    await completeChannelMessage(source, sent, NOW);
    await begin(hits.slice(3, 4), 'k-copy-2');
    const target = await to.open();
    const report = await copyDatabase(source, target);
    expect(report.tables.filter((t) => t.table.startsWith('channel_')).map((t) => [t.table, t.target])).toEqual([
      ['channel_messages', 2],
      ['channel_deliveries', 3],
    ]);
    expect([...(await claimedHitIds(target, 'desk-slack', 'alert'))].sort((a, b) => a - b)).toEqual(hits.slice(0, 4));
    expect(await openChannelMessages(target, 'desk-slack')).toMatchObject([{ idempotencyKey: 'k-copy-2', status: 'sending', request: REQUEST }]);
  });
});
