// A channel that refused messages until they were given up is reported in words: by `rasid status`
// (attention, exit 3) and in the health section of the next digest; one that keeps failing for
// more than an hour is reported too. Nothing of it shows a secret.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRecipient } from '../../src/config/recipients.ts';
import { collectStatus, formatStatus } from '../../src/cli/commands/status.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import { deliverAlerts } from '../../src/pipeline/deliver-alerts.ts';
import { deliverDigests } from '../../src/pipeline/deliver-digests.ts';
import type { Store } from '../../src/store/open-store.ts';
import { DEFAULT_THRESHOLDS } from '../../src/store/status-repo.ts';
import { CATALOG, STORIES } from '../fixtures/digest/stories.ts';
import { seed, tempDir } from '../digest/seed.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';
import type { SlackReceiver } from '../helpers/receivers/slack-receiver.ts';
import { HARNESSES, type ChannelHarness } from './harnesses.ts';

const T0 = new Date('2026-11-28T13:00:00.000Z');
let store: Store;
const open: ChannelHarness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) await h.receiver.close();
});

async function runs(h: ChannelHarness, times: number, start: Date) {
  for (let i = 0; i < times; i++) {
    await deliverAlerts({
      store,
      channels: [h.config],
      publicUrl: null,
      catalog: CATALOG,
      now: () => new Date(start.getTime() + i * 60_000),
      logger: silentLogger(),
      runtime: { secrets: { env: h.env, readFile: () => '' } },
      sleep: async () => {},
    });
  }
}

describe.each(BACKENDS)('channel health on %s', (backend) => {
  const db = useStore(backend);

  it('reports messages given up in rasid status and in the digest health section', async () => {
    const dir = tempDir();
    store = await db.open();
    await seed(store, STORIES, new Date('2026-11-28T12:00:00.000Z'));
    const h = await HARNESSES.slack();
    open.push(h);
    (h.receiver as SlackReceiver).archived = true;
    await runs(h, 3, T0);

    const status = await collectStatus(store, store.location, [], new Date(T0.getTime() + 5 * 60_000));
    const line = status.attention.find((a) => a.startsWith('channel desk-slack:'));
    expect(line).toMatch(/^channel desk-slack: 2 messages \(2 hits\) refused by the service and given up, the latest at 2026-11-28T13:02:00\.000Z: Slack answered 410 Gone \("channel_is_archived"\): the Slack channel was archived.* — fix the channel, then `rasid channels retry desk-slack`$/);
    expect(status.healthy).toBe(false);
    expect(status.channels).toMatchObject({ standings: [{ channel: 'desk-slack', failed: 2, sent: 0 }], givenUp: [{ channel: 'desk-slack', kind: 'alert', hits: 1, refusals: 3 }, { channel: 'desk-slack', kind: 'alert', hits: 1, refusals: 3 }] });
    expect(formatStatus(status)).toContain('channel    desk-slack: 0 sent, 0 waiting, 2 given up');
    for (const secret of h.secretValues) expect(JSON.stringify(status)).not.toContain(secret);
    // A channel removed from the recipients file is no longer reported.
    const removed = await collectStatus(store, store.location, [], new Date(T0.getTime() + 5 * 60_000), DEFAULT_THRESHOLDS, null, { configuredChannels: new Set(['other-channel']) });
    expect(removed.attention.filter((a) => a.startsWith('channel'))).toEqual([]);
    expect(removed.channels).toEqual({ standings: [], givenUp: [] });

    const outbox = path.join(dir, 'outbox');
    const report = await deliverDigests({
      store,
      transport: createTransport({ smtpUrl: null, outboxDir: outbox }),
      recipients: [{ ...defaultRecipient('desk@example.org'), alerts: false }],
      from: 'rasid@example.org',
      now: () => new Date(T0.getTime() + 10 * 60_000),
      logger: silentLogger(),
      mode: 'now',
      catalog: CATALOG,
    });
    expect(report.sent).toBe(1);
    const html = fs.readFileSync(report.messages[0]!.file!.replace(/\.eml$/, '.html'), 'utf8');
    expect(html).toMatch(/<bdi>channel desk-slack<\/bdi> &mdash; gave up \(latest [^)]+\): <bdi>2 messages \(2 hits\) not delivered: Slack answered 410 Gone/);
    const eml = fs.readFileSync(report.messages[0]!.file!, 'utf8');
    expect(eml).toContain('channel desk-slack');
  });

  it('reports a channel whose messages have waited for more than an hour', async () => {
    store = await db.open();
    await seed(store, STORIES, new Date('2026-11-28T12:00:00.000Z'));
    const h = await HARNESSES.telegram();
    open.push(h);
    await h.receiver.down();
    await runs(h, 1, T0);
    const early = await collectStatus(store, store.location, [], new Date(T0.getTime() + 30 * 60_000));
    expect(early.attention.filter((a) => a.startsWith('channel'))).toEqual([]);
    const late = await collectStatus(store, store.location, [], new Date(T0.getTime() + 2 * 3600_000), DEFAULT_THRESHOLDS);
    expect(late.attention.filter((a) => a.startsWith('channel'))).toEqual([
      // The first message found the service down; the second was not tried in that run.
      expect.stringMatching(/^channel desk-telegram: 1 message waiting since 2026-11-28T13:00:00\.000Z \(1 attempt, next .*\): could not reach Telegram: the server 127\.0\.0\.1:\d+ refused the connection .* — they are retried with backoff; check that the service is up$/),
    ]);
  });
});
