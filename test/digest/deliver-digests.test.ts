// End to end on real parts: a SQLite file or a PostgreSQL schema, the SMTP server on 127.0.0.1, mail
// parsed by mailparser. The whole suite runs on both engines.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECIPIENT_DEFAULTS, type Recipient } from '../../src/config/recipients.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import { deliverDigests, type DeliveryDeps } from '../../src/pipeline/deliver-digests.ts';
import { listHits, pendingHitsFor } from '../../src/store/hit-queries.ts';
import { beginDelivery, openDeliveries } from '../../src/store/ledger-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { CATALOG, STORIES } from '../fixtures/digest/stories.ts';
import { startDroppingSmtpServer, startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.ts';
import { BACKENDS, newDatabase, type TestDatabase } from '../helpers/stores.ts';
import { seed, tempDir } from './seed.ts';

const SEEDED_AT = new Date('2026-11-28T12:00:00.000Z');
const recipient = (address: string, extra: Partial<Recipient> = {}): Recipient => ({ ...RECIPIENT_DEFAULTS, address, ...extra });

describe.each(BACKENDS)('deliverDigests on %s', (backend) => {
  let smtp: SmtpTestServer;
  let store: Store;
  let db: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    dir = tempDir();
    db = newDatabase(backend);
    store = await openStore(db.location);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function deps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
    return {
      store,
      transport: createTransport({ smtpUrl: smtp.url, outboxDir: path.join(dir, 'outbox') }),
      recipients: [recipient('desk@example.org')],
      from: 'rasid@example.org',
      now: () => new Date('2026-11-28T13:00:00.000Z'),
      logger: silentLogger(),
      mode: 'now',
      catalog: CATALOG,
      ...overrides,
    };
  }

  async function deliveriesPerHit(): Promise<Map<string, number>> {
    const rows = await store.sql.all<{ h: number; r: string; n: number }>(
      'SELECT hit_id AS "h", recipient AS "r", COUNT(*) AS "n" FROM deliveries GROUP BY hit_id, recipient',
    );
    return new Map(rows.map((x) => [`${x.h}:${x.r}`, x.n]));
  }

  describe('sending', () => {
    it('sends each recipient one UTF-8 multipart/alternative digest and a rerun sends nothing', async () => {
      const hitIds = await seed(store, STORIES, SEEDED_AT);
      const first = await deliverDigests(deps({ recipients: [recipient('desk@example.org', { alerts: false }), recipient('chief@example.org', { alerts: false })] }));
      expect(first).toMatchObject({ sent: 2, failed: 0 });
      expect(smtp.received).toHaveLength(2);
      const mail = smtp.received.find((m) => m.envelopeTo.includes('desk@example.org'))!.parsed;
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
      expect(mail.subject).toMatch(/^Rasid: 1 new on Mody's Benghazi trip/);
      expect(mail.text).toContain('ساليفو مودي');
      expect(mail.html).toContain('Евкуров');
      expect(mail.html).not.toMatch(/<script|javascript:|<img/i);
      expect(mail.to).toMatchObject({ value: [{ address: 'desk@example.org' }] });
      const ledger = await deliveriesPerHit();
      expect(ledger.size).toBe(hitIds.length * 2);
      expect([...ledger.values()].every((n) => n === 1)).toBe(true);

      const second = await deliverDigests(deps({ recipients: [recipient('desk@example.org', { alerts: false }), recipient('chief@example.org', { alerts: false })] }));
      expect(second).toEqual({ messages: [], sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(2);
    });

    it('honours subscriptions by entry, by watchlist and by minimum priority', async () => {
      await seed(store, STORIES, SEEDED_AT);
      const report = await deliverDigests(
        deps({
          recipients: [
            recipient('oil@example.org', { entries: ['agadem'] }),
            recipient('russia@example.org', { watchlists: ['russia'] }),
            recipient('urgent@example.org', { minPriority: 'high', alerts: false }),
          ],
        }),
      );
      expect(report.sent).toBe(3);
      const entriesFor = async (address: string) =>
        (await listHits(store, { state: 'delivered', recipient: address })).map((h) => h.entry).sort();
      expect(await entriesFor('oil@example.org')).toEqual(['agadem', 'agadem']);
      expect(await entriesFor('russia@example.org')).toEqual(['yevkurov']);
      expect(await entriesFor('urgent@example.org')).toEqual(['mody', 'mody', 'mody-benghazi-trip', 'mody-benghazi-trip', 'yevkurov']);
      const oil = smtp.received.find((m) => m.envelopeTo.includes('oil@example.org'))!.parsed;
      expect(oil.subject).toBe('Rasid: 1 new on Agadem pipeline');
    });

    it('warns when a recipient subscribes to a watchlist that has no loaded entries', async () => {
      await seed(store, STORIES, SEEDED_AT);
      const warnings: string[] = [];
      const logger = { ...silentLogger(), info: () => {}, error: () => {}, warn: (_o: object, msg: string) => warnings.push(msg) };
      const report = await deliverDigests(deps({ recipients: [recipient('desk@example.org', { watchlists: ['lybia'] })], logger: logger as never }));
      expect(report.messages).toEqual([]);
      expect(warnings).toEqual([expect.stringContaining('watchlists with no loaded entries (lybia)')]);
    });

    it('sends critical hits at once as an alert and leaves them out of the digest', async () => {
      await seed(store, STORIES, SEEDED_AT);
      const report = await deliverDigests(deps());
      expect(report.messages.map((m) => [m.kind, m.hitCount, m.status])).toEqual([
        ['alert', 2, 'sent'],
        ['digest', 6, 'sent'],
      ]);
      const alert = smtp.received[0]!.parsed;
      expect(alert.subject).toBe("Rasid alert: Mody's Benghazi trip — وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي للقاء المشير حفتر");
      expect(alert.headers.get('x-rasid-kind')).toBe('alert');
      expect(smtp.received[1]!.parsed.subject).not.toContain("Mody's Benghazi trip");
    });

    it('repeats alerted hits in the next digest when the recipient asks for it', async () => {
      await seed(store, STORIES, SEEDED_AT);
      await deliverDigests(deps({ recipients: [recipient('desk@example.org', { alertsInDigest: true })] }));
      const digest = smtp.received[1]!.parsed;
      expect(digest.text).toMatch(/Mody's Benghazi trip\u2069 \[critical\] — 1 story \(already sent as an alert\)/);
      expect((await deliveriesPerHit()).size).toBe(8);
    });

    it('keeps hits pending when the SMTP server refuses, then delivers them exactly once, as the same messages', async () => {
      const hitIds = await seed(store, STORIES, SEEDED_AT);
      smtp.failAll = true;
      const failed = await deliverDigests(deps());
      expect(failed.failed).toBe(2);
      expect(failed.sent).toBe(0);
      expect(failed.messages[0]!.error).toMatch(/did not take the message: 451/);
      expect(await pendingHitsFor(store, 'desk@example.org')).toHaveLength(0);
      expect((await deliveriesPerHit()).size).toBe(0);
      const refusedIds = failed.messages.map((m) => m.messageId);

      smtp.failAll = false;
      const retried = await deliverDigests(deps({ now: () => new Date('2026-11-28T15:00:00.000Z') }));
      expect(retried).toMatchObject({ sent: 2, failed: 0 });
      expect(retried.messages.every((m) => m.resumed)).toBe(true);
      expect(smtp.received.map((m) => m.parsed.messageId)).toEqual(refusedIds);
      expect(smtp.received.map((m) => m.parsed.date?.toISOString())).toEqual(['2026-11-28T13:00:00.000Z', '2026-11-28T13:00:00.000Z']);
      expect(await pendingHitsFor(store, 'desk@example.org')).toHaveLength(0);
      expect([...(await deliveriesPerHit()).values()]).toEqual(hitIds.map(() => 1));

      expect((await deliverDigests(deps())).sent).toBe(0);
      expect(smtp.received).toHaveLength(2);
    });

    it('resends exactly the same message, same Message-ID, when the server took it but the connection broke before 250', async () => {
      const hitIds = await seed(store, STORIES.slice(2, 4), SEEDED_AT);
      const dropping = await startDroppingSmtpServer(1);
      try {
        const viaDropping = (now: string) =>
          deps({ transport: createTransport({ smtpUrl: dropping.url, outboxDir: path.join(dir, 'outbox') }), now: () => new Date(now), recipients: [recipient('desk@example.org', { alerts: false })] });
        const first = await deliverDigests(viaDropping('2026-11-28T13:00:00.000Z'));
        expect(first).toMatchObject({ sent: 0, failed: 1 });
        expect(dropping.taken).toHaveLength(1);
        expect((await deliveriesPerHit()).size).toBe(0);
        // New hits meanwhile do not change the message being retried: they go into a message of their own.
        const later = await seed(store, STORIES.slice(4, 5), new Date('2026-11-28T14:00:00.000Z'));
        const second = await deliverDigests(viaDropping('2026-11-28T16:00:00.000Z'));
        expect(second.messages.map((m) => [m.resumed ?? false, m.status, m.hitCount])).toEqual([
          [true, 'sent', hitIds.length],
          [false, 'sent', later.length],
        ]);
        expect(dropping.taken).toHaveLength(3);
        const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1];
        expect(header(dropping.taken[1]!, 'Message-ID')).toBe(header(dropping.taken[0]!, 'Message-ID'));
        expect(header(dropping.taken[1]!, 'Subject')).toBe(header(dropping.taken[0]!, 'Subject'));
        expect(header(dropping.taken[1]!, 'Date')).toBe(header(dropping.taken[0]!, 'Date'));
        const body = (raw: string) => raw.slice(raw.indexOf('\r\n\r\n')).replace(/boundary="?[^"\r\n;]+"?|--[-_=a-zA-Z0-9]+/g, '');
        expect(body(dropping.taken[1]!)).toBe(body(dropping.taken[0]!));
        expect(header(dropping.taken[2]!, 'Message-ID')).not.toBe(header(dropping.taken[0]!, 'Message-ID'));
        expect([...(await deliveriesPerHit()).values()]).toEqual([...hitIds, ...later].map(() => 1));
      } finally {
        await dropping.close();
      }
    });

    it('tracks a server that accepts some recipients and refuses others per recipient', async () => {
      const hitIds = await seed(store, STORIES, SEEDED_AT);
      smtp.refuse.add('left@example.org');
      const recipients = [recipient('stays@example.org', { alerts: false }), recipient('left@example.org', { alerts: false })];
      const report = await deliverDigests(deps({ recipients }));
      expect(report.messages.map((m) => [m.recipient, m.status])).toEqual([
        ['stays@example.org', 'sent'],
        ['left@example.org', 'failed'],
      ]);
      expect(await pendingHitsFor(store, 'stays@example.org')).toHaveLength(0);
      // Refused, the message stays open with its hits, to be sent again as it is.
      expect(await pendingHitsFor(store, 'left@example.org')).toHaveLength(0);
      expect((await openDeliveries(store, 'left@example.org')).map((d) => d.hitIds.length)).toEqual([hitIds.length]);

      smtp.refuse.clear();
      const again = await deliverDigests(deps({ recipients }));
      expect(again.messages.map((m) => [m.recipient, m.status, m.hitCount])).toEqual([['left@example.org', 'sent', hitIds.length]]);
      expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['stays@example.org'], ['left@example.org']]);
    });

    it('resends a message left "sending" by a crash after the server took it, with the same Message-ID, and records it once', async () => {
      const hitIds = await seed(store, STORIES, new Date());
      const child = promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, 'crash-after-send.ts'), db.location, smtp.url, 'desk@example.org'],
        { cwd: path.resolve(import.meta.dirname, '../..') },
      );
      await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });
      expect(smtp.received).toHaveLength(1);
      const open = await openDeliveries(store, 'desk@example.org');
      expect(open).toHaveLength(1);
      expect(open[0]!.messageId).toBe(smtp.received[0]!.parsed.messageId);
      expect((await deliveriesPerHit()).size).toBe(0);

      const report = await deliverDigests(deps({ now: () => new Date() }));
      expect(report.messages[0]).toMatchObject({ resumed: true, status: 'sent', kind: open[0]!.kind });
      expect(smtp.received[1]!.parsed.messageId).toBe(open[0]!.messageId);
      expect(smtp.received[1]!.parsed.subject).toBe(smtp.received[0]!.parsed.subject);
      expect(await openDeliveries(store)).toHaveLength(0);

      await deliverDigests(deps({ now: () => new Date() }));
      const ledger = await deliveriesPerHit();
      expect(ledger.size).toBe(hitIds.length);
      expect([...ledger.values()].every((n) => n === 1)).toBe(true);
      const ids = smtp.received.map((m) => m.parsed.messageId);
      expect(new Set(ids).size).toBe(ids.length - 1);
    });

    it('keeps a resent message "sending" with its Message-ID while the server refuses it', async () => {
      const hitIds = await seed(store, STORIES.slice(2, 4), SEEDED_AT);
      await beginDelivery(
        store,
        {
          recipient: 'desk@example.org',
          kind: 'digest',
          messageId: '<rasid.interrupted@example.org>',
          hitIds,
          subject: 'Rasid: 1 new on Agadem pipeline',
          frozen: { subject: 'Rasid: 1 new on Agadem pipeline', html: '<p>Agadem</p>', text: 'Agadem', date: SEEDED_AT.toISOString() },
        },
        SEEDED_AT,
      );
      smtp.failAll = true;
      const refused = await deliverDigests(deps());
      expect(refused.messages).toMatchObject([{ resumed: true, status: 'failed' }]);
      expect(await openDeliveries(store, 'desk@example.org')).toMatchObject([{ messageId: '<rasid.interrupted@example.org>' }]);
      smtp.failAll = false;
      const resent = await deliverDigests(deps());
      expect(resent.messages).toMatchObject([{ resumed: true, status: 'sent', hitCount: 2 }]);
      expect(smtp.received.map((m) => [m.parsed.messageId, m.parsed.subject])).toEqual([['<rasid.interrupted@example.org>', 'Rasid: 1 new on Agadem pipeline']]);
      expect(smtp.received[0]!.parsed.date?.toISOString()).toBe(SEEDED_AT.toISOString());
      expect((await deliveriesPerHit()).size).toBe(2);
    });

    it('with --dry-run says who would get what and sends or records nothing', async () => {
      await seed(store, STORIES, SEEDED_AT);
      const report = await deliverDigests(deps({ dryRun: true }));
      expect(report.messages.map((m) => [m.recipient, m.kind, m.status, m.hitCount])).toEqual([
        ['desk@example.org', 'alert', 'skipped', 2],
        ['desk@example.org', 'digest', 'skipped', 6],
      ]);
      expect(smtp.received).toHaveLength(0);
      expect(await store.sql.get('SELECT COUNT(*) AS "n" FROM digests')).toEqual({ n: 0 });
    });

    it('sends a scheduled digest once the local hour has come, once per local day', async () => {
      await seed(store, STORIES, SEEDED_AT);
      const tripoli = [recipient('desk@example.org', { hour: 7, timeZone: 'Africa/Tripoli', alerts: false })];
      const at = (iso: string) => deps({ recipients: tripoli, mode: 'scheduled', now: () => new Date(iso) });
      expect((await deliverDigests(at('2026-11-29T04:30:00Z'))).sent).toBe(0); // 06:30 in Tripoli
      expect((await deliverDigests(at('2026-11-29T05:05:00Z'))).sent).toBe(1); // 07:05
      await seed(store, [{ ...STORIES[2]!, item: { ...STORIES[2]!.item, guid: 'later', link: 'https://desertwire.example/later', title: 'Agadem field: second tanker loads at Seme terminal' } }], new Date('2026-11-29T06:00:00Z'));
      expect((await deliverDigests(at('2026-11-29T09:00:00Z'))).sent).toBe(0); // same local day
      expect((await deliverDigests(at('2026-11-30T05:01:00Z'))).sent).toBe(1); // next day, 07:01
    });

    it('sends nothing on an empty day unless the recipient asked for a "nothing new" digest', async () => {
      const quiet = recipient('quiet@example.org', { hour: 6, timeZone: 'UTC' });
      const eager = recipient('eager@example.org', { hour: 6, timeZone: 'UTC', sendEmpty: true });
      const report = await deliverDigests(deps({ recipients: [quiet, eager], mode: 'scheduled', now: () => new Date('2026-11-28T07:00:00Z') }));
      expect(report.messages.map((m) => [m.recipient, m.hitCount])).toEqual([['eager@example.org', 0]]);
      expect(smtp.received[0]!.parsed.subject).toBe('Rasid: nothing new on your watchlists (28 Nov 2026)');
      expect((await deliverDigests(deps({ recipients: [eager], mode: 'scheduled', now: () => new Date('2026-11-28T09:00:00Z') }))).sent).toBe(0);
    });

    it('gives a first-time recipient only the recent backlog', async () => {
      await seed(store, STORIES.slice(2, 3), new Date('2026-11-01T12:00:00Z'));
      await seed(store, STORIES.slice(4, 5), SEEDED_AT);
      const report = await deliverDigests(deps({ backlogDays: 7 }));
      expect(report.messages.map((m) => m.hitCount)).toEqual([1]);
    });

    it('writes to the outbox as .eml and .html when no SMTP server is configured', async () => {
      await seed(store, STORIES, SEEDED_AT);
      const outbox = path.join(dir, 'outbox');
      const report = await deliverDigests(deps({ transport: createTransport({ smtpUrl: null, outboxDir: outbox }) }));
      expect(report.sent).toBe(2);
      const files = fs.readdirSync(outbox).sort();
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
      expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(2);
      expect(report.messages.every((m) => m.file && fs.existsSync(m.file))).toBe(true);
    });
  });
});
