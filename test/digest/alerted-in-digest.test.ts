// An article alerted through a critical entry (Mody's Benghazi trip) is pending under its other
// entries (Mody) too. With alertsInDigest: false the next digest still shows it there, since those
// hits were never sent, but marked "alerted at HH:MM" with a mid: link to the alert, so the reader
// knows it is not news. Each hit still reaches each recipient exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECIPIENT_DEFAULTS, type Recipient } from '../../src/config/recipients.ts';
import { midUrl } from '../../src/digest/alert-mark.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import { deliverDigests, type DeliveryDeps } from '../../src/pipeline/deliver-digests.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { CATALOG, STORIES } from '../fixtures/digest/stories.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.ts';
import { BACKENDS, newDatabase, type TestDatabase } from '../helpers/stores.ts';
import { seed, tempDir } from './seed.ts';

const SEEDED_AT = new Date('2026-11-28T05:00:00.000Z');
const ALERTED_TITLE = 'وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي للقاء المشير حفتر';

describe.each(BACKENDS)('an alerted article in the next digest, on %s', (backend) => {
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

  const desk: Recipient = { ...RECIPIENT_DEFAULTS, address: 'desk@example.org', hour: 7, timeZone: 'UTC', alertsInDigest: false };

  function deps(at: string, overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
    return {
      store,
      transport: createTransport({ smtpUrl: smtp.url, outboxDir: path.join(dir, 'outbox') }),
      recipients: [desk],
      from: 'rasid@example.org',
      now: () => new Date(at),
      logger: silentLogger(),
      mode: 'scheduled',
      catalog: CATALOG,
      ...overrides,
    };
  }

  const mails = (kind: string) => smtp.received.filter((m) => m.parsed.headers.get('x-rasid-kind') === kind);

  it('the digest after the alert shows the article under its other entry, marked "alerted at" with a link to the alert', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const early = await deliverDigests(deps('2026-11-28T06:00:00.000Z'));
    expect(early.messages.map((m) => m.kind)).toEqual(['alert']);
    const alert = mails('alert')[0]!.parsed;

    const morning = await deliverDigests(deps('2026-11-28T07:05:00.000Z'));
    expect(morning.messages.map((m) => m.kind)).toEqual(['digest']);
    const digest = mails('digest')[0]!.parsed;
    const html = String(digest.html);
    // Under Mody, not under Mody's Benghazi trip (alertsInDigest: false), and marked.
    expect(html).not.toMatch(/already sent as an alert/);
    const story = html.slice(html.indexOf(ALERTED_TITLE));
    expect(story.slice(0, 2000)).toMatch(/alerted at 06:00 &middot; <a href="mid:[^"]+"[^>]*>see the alert<\/a>/);
    expect(html).toContain(`href="${midUrl(alert.messageId!)}"`);
    expect(digest.text).toContain(`alerted at 06:00 (the alert's Message-ID: ${alert.messageId})`);
    // One mark: the other stories of the digest were never alerted.
    expect(html.match(/see the alert/g)).toHaveLength(1);

    const ledger = await store.sql.all<{ n: number }>('SELECT COUNT(*) AS "n" FROM deliveries GROUP BY hit_id, recipient');
    expect(ledger.every((r) => r.n === 1)).toBe(true);
    const hits = (await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM hits'))!.n;
    expect(ledger).toHaveLength(hits);
  });

  it('an alert and a digest in the same run: the digest links to the alert sent just before it', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const report = await deliverDigests(deps('2026-11-28T13:00:00.000Z', { mode: 'now' }));
    expect(report.messages.map((m) => [m.kind, m.status])).toEqual([
      ['alert', 'sent'],
      ['digest', 'sent'],
    ]);
    const alertId = mails('alert')[0]!.parsed.messageId!;
    expect(report.messages[0]!.messageId).toBe(alertId);
    const digest = mails('digest')[0]!.parsed;
    expect(String(digest.html)).toContain(`alerted at 13:00 &middot; <a href="${midUrl(alertId)}"`);
  });

  it('an alert on an earlier day is dated in full', async () => {
    await seed(store, STORIES, SEEDED_AT);
    await deliverDigests(deps('2026-11-28T06:00:00.000Z'));
    await deliverDigests(deps('2026-11-29T07:05:00.000Z'));
    expect(String(mails('digest')[0]!.parsed.html)).toContain('alerted on 28 Nov 2026, 06:00');
  });
});
