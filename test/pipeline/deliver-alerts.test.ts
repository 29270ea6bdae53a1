// Channel delivery on real parts: a SQLite file seeded through the store, the services' loopback
// receivers over HTTP, a fake clock and a fake pause (no test waits on wall-clock time).
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../src/channels/channel-config.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { deliverAlerts, type AlertDeliveryDeps } from '../../src/pipeline/deliver-alerts.ts';
import { channelStandings, failedChannelMessages, openChannelMessages, requeueFailedChannelMessages } from '../../src/store/channel-ledger.ts';
import { DIGEST_LEASE, holdLease } from '../../src/store/leases-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/open-store.ts';
import { CATALOG, STORIES, type SeedStory } from '../fixtures/digest/stories.ts';
import { seed } from '../digest/seed.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';
import { HARNESSES, type ChannelHarness } from '../channels/harnesses.ts';
import type { SlackReceiver } from '../helpers/receivers/slack-receiver.ts';

const T0 = new Date('2026-11-28T13:00:00.000Z');
const SEEDED_AT = new Date('2026-11-28T12:00:00.000Z');
let store: Store;
let clock: Date;
let pauses: number[];
const open: ChannelHarness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) await h.receiver.close();
});

async function harness(type: keyof typeof HARNESSES, name?: string, overrides: Partial<ChannelConfig> = {}): Promise<ChannelHarness> {
  const h = await HARNESSES[type](name);
  h.config = { ...h.config, ...overrides };
  open.push(h);
  return h;
}

function deps(harnesses: ChannelHarness[], overrides: Partial<AlertDeliveryDeps> = {}): AlertDeliveryDeps {
  return {
    store,
    channels: harnesses.map((h) => h.config),
    publicUrl: 'https://rasid.example.org',
    catalog: CATALOG,
    now: () => clock,
    logger: silentLogger(),
    runtime: { secrets: { env: Object.assign({}, ...harnesses.map((h) => h.env)), readFile: () => '' }, now: () => new Date() },
    sleep: async (ms) => {
      pauses.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
}

/** `n` critical stories of our own, each with one critical hit. */
function burst(n: number, entry = 'mody-benghazi-trip'): SeedStory[] {
  const template = STORIES[1]!;
  return Array.from({ length: n }, (_, i) => ({
    feed: template.feed,
    item: { ...template.item, guid: `burst-${entry}-${i}`, link: `https://sahel-hebdo.example/burst/${entry}/${i}`, title: `Convoi signalé près de Benghazi, dépêche ${entry} n° ${i}` },
    hits: [{ ...template.hits[0]!, entry }],
  }));
}

async function deliveredPerHit(channel: string): Promise<Map<number, number>> {
  const rows = await store.sql.all<{ h: number; n: number }>(`SELECT hit_id AS "h", COUNT(*) AS "n" FROM channel_deliveries WHERE channel = ? AND kind = 'alert' GROUP BY hit_id ORDER BY hit_id`, [channel]);
  return new Map(rows.map((r) => [r.h, r.n]));
}

const critical = async () => (await store.sql.all<{ id: number }>("SELECT id FROM hits WHERE priority = 'critical' ORDER BY id")).map((r) => r.id);

describe.each(BACKENDS)('deliverAlerts on %s', (backend) => {
  const db = useStore(backend);
  beforeEach(async () => {
    store = await db.open();
    clock = T0;
    pauses = [];
  });

  it('sends each critical hit once to each channel, each as its own message; a rerun sends nothing', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const slack = await harness('slack');
    const matrix = await harness('matrix');
    const report = await deliverAlerts(deps([slack, matrix]));
    expect(report).toMatchObject({ sent: 4, waiting: 0, failed: 0 });
    expect(slack.shown()).toHaveLength(2);
    expect(matrix.shown()).toHaveLength(2);
    for (const name of ['desk-slack', 'desk-matrix']) expect([...(await deliveredPerHit(name)).entries()]).toEqual((await critical()).map((id) => [id, 1]));
    clock = new Date(T0.getTime() + 60_000);
    expect(await deliverAlerts(deps([slack, matrix]))).toMatchObject({ sent: 0, messages: [] });
    expect(slack.receiver.requests).toHaveLength(2);
  });

  it('follows the owner subscriptions and the channel minimum priority', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const high = await harness('ntfy', 'mody-ntfy', { minPriority: 'high', subscription: { entries: ['mody', 'mody-benghazi-trip'], watchlists: [] } });
    await deliverAlerts(deps([high]));
    const titles = high.shown().map((m) => m.visible);
    // Two critical Mody's-trip hits and two high Mody hits; not Yevkurov (high, not subscribed) nor anything normal.
    expect(titles).toHaveLength(4);
    expect(titles.join('\n')).not.toMatch(/Евкуров|Agadem/);
  });

  it('turns a burst beyond the per-run limit into one message with "and N more", accounting for every hit', async () => {
    await seed(store, burst(200), SEEDED_AT);
    const slack = await harness('slack');
    const report = await deliverAlerts(deps([slack]));
    expect(report).toMatchObject({ sent: 1, messages: [{ hitCount: 200, status: 'sent' }] });
    expect(slack.shown()).toHaveLength(1);
    expect(slack.shown()[0]!.visible).toMatch(/and 197 more: open the list/);
    expect(slack.shown()[0]!.links).toContain('https://rasid.example.org/hits?entry=mody-benghazi-trip');
    expect((await deliveredPerHit('desk-slack')).size).toBe(200);
  });

  it('keeps to the hourly limit: hits beyond it wait, then go out together once the hour has passed', async () => {
    const teams = await harness('teams', undefined, { maxPerRun: 5, maxPerHour: 3 });
    await seed(store, burst(2, 'mody-benghazi-trip'), SEEDED_AT);
    await deliverAlerts(deps([teams]));
    await seed(store, burst(4, 'late'), SEEDED_AT);
    clock = new Date(T0.getTime() + 10 * 60_000);
    // One message left in this hour: the four new hits become one message.
    expect(await deliverAlerts(deps([teams]))).toMatchObject({ sent: 1, messages: [{ hitCount: 4 }] });
    await seed(store, burst(3, 'later'), SEEDED_AT);
    clock = new Date(T0.getTime() + 20 * 60_000);
    expect(await deliverAlerts(deps([teams]))).toMatchObject({ sent: 0 });
    // The hour slides: at 14:01 the message of 13:10 still counts, so two are left for three hits: one message.
    clock = new Date(T0.getTime() + 61 * 60_000);
    expect(await deliverAlerts(deps([teams]))).toMatchObject({ sent: 1, messages: [{ hitCount: 3 }] });
    expect(teams.shown()).toHaveLength(4);
  });

  it('keeps a failed send, and retries it later with exactly the same request and key', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const matrix = await harness('matrix', undefined, { retry: { firstSeconds: 60, maxSeconds: 3600 } });
    matrix.receiver.fault = () => 'unavailable';
    const first = await deliverAlerts(deps([matrix]));
    // Three tries in the run, with short pauses, then the rest is left for later.
    expect(first).toMatchObject({ sent: 0, waiting: 1, messages: [{ status: 'retry', error: expect.stringMatching(/Matrix answered 502/) }] });
    expect(pauses).toHaveLength(2);
    const [waiting] = await openChannelMessages(store, 'desk-matrix');
    expect(waiting).toMatchObject({ status: 'retry', nextAttemptAt: '2026-11-28T13:00:45.000Z', attempts: 1 });
    clock = new Date(T0.getTime() + 30_000);
    expect(await deliverAlerts(deps([matrix]))).toMatchObject({ messages: [] });
    expect(matrix.receiver.requests).toHaveLength(3);
    matrix.receiver.fault = null;
    clock = new Date(T0.getTime() + 50_000);
    expect(await deliverAlerts(deps([matrix]))).toMatchObject({ sent: 2, messages: [{ resumed: true, status: 'sent' }, { status: 'sent' }] });
    const bodies = matrix.receiver.requests.map((r) => `${r.url} ${r.body}`);
    expect(new Set(bodies.slice(0, 4)).size).toBe(1);
    expect(matrix.receiver.requests[3]!.url).toContain(encodeURIComponent(waiting!.idempotencyKey));
    expect(matrix.shown()).toHaveLength(2);
  });

  it('honours a long Retry-After: nothing goes to that channel before then, new hits included', async () => {
    await seed(store, burst(1), SEEDED_AT);
    const discord = await harness('discord');
    discord.receiver.retryAfterSeconds = 120;
    discord.receiver.fault = () => 'rate-limit';
    expect(await deliverAlerts(deps([discord]))).toMatchObject({ waiting: 1, messages: [{ nextAttemptAt: '2026-11-28T13:02:00.000Z' }] });
    expect(discord.receiver.requests).toHaveLength(1);
    discord.receiver.fault = null;
    await seed(store, burst(1, 'mody-benghazi-trip-2'), SEEDED_AT);
    clock = new Date(T0.getTime() + 119_000);
    expect(await deliverAlerts(deps([discord]))).toMatchObject({ messages: [] });
    expect(discord.receiver.requests).toHaveLength(1);
    clock = new Date(T0.getTime() + 121_000);
    expect(await deliverAlerts(deps([discord]))).toMatchObject({ sent: 2 });
  });

  it('pauses within the run for a short Retry-After and sends then', async () => {
    await seed(store, burst(1), SEEDED_AT);
    const telegram = await harness('telegram');
    telegram.receiver.retryAfterSeconds = 2;
    telegram.receiver.fault = (_r, n) => (n === 0 ? 'rate-limit' : null);
    expect(await deliverAlerts(deps([telegram]))).toMatchObject({ sent: 1 });
    expect(pauses).toEqual([2000]);
  });

  it('gives a refused message up after three refusals, reports it in words, and sends it again on request', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const slack = await harness('slack');
    const receiver = slack.receiver as SlackReceiver;
    receiver.archived = true;
    for (let run = 0; run < 3; run++) {
      clock = new Date(T0.getTime() + run * 60_000);
      await deliverAlerts(deps([slack]));
    }
    const failed = await failedChannelMessages(store, '');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ refusals: 3, lastError: expect.stringMatching(/Slack answered 410 Gone \("channel_is_archived"\): the Slack channel was archived; create a new incoming webhook in Slack and put its URL in \$TEST_SLACK_URL/) });
    clock = new Date(T0.getTime() + 10 * 60_000);
    expect(await deliverAlerts(deps([slack]))).toMatchObject({ messages: [] });
    expect(await channelStandings(store)).toMatchObject([{ channel: 'desk-slack', failed: 2, waiting: 0 }]);
    receiver.archived = false;
    expect(await requeueFailedChannelMessages(store, 'desk-slack', clock)).toBe(2);
    expect(await deliverAlerts(deps([slack]))).toMatchObject({ sent: 2 });
    expect((await deliveredPerHit('desk-slack')).size).toBe(2);
  });

  it('resumes a message an earlier run left "sending" with the same key: Matrix shows it once', async () => {
    await seed(store, burst(1), SEEDED_AT);
    const matrix = await harness('matrix');
    // The first run dies after Matrix answered and before the ledger write.
    await expect(
      deliverAlerts(
        deps([matrix], {
          checkpoint: (point) => {
            if (point === 'after-channel-send') throw new Error('killed');
          },
        }),
      ),
    ).rejects.toThrow('killed');
    expect(await openChannelMessages(store, 'desk-matrix')).toMatchObject([{ status: 'sending' }]);
    expect(await deliverAlerts(deps([matrix]))).toMatchObject({ sent: 1, messages: [{ resumed: true }] });
    expect(matrix.receiver.requests).toHaveLength(2);
    expect(matrix.receiver.requests[0]!.url).toBe(matrix.receiver.requests[1]!.url);
    expect(matrix.shown()).toHaveLength(1);
    expect((await deliveredPerHit('desk-matrix')).size).toBe(1);
  });

  it('sends the daily summary once its hour has come, once a day, with counts per entry', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const hook = await harness('webhook', undefined, { minPriority: 'critical', summary: { hour: 16, timeZone: 'Africa/Tripoli', minPriority: 'normal' } });
    expect(await deliverAlerts(deps([hook]))).toMatchObject({ sent: 2 });
    clock = new Date('2026-11-28T14:30:00.000Z');
    expect(await deliverAlerts(deps([hook]))).toMatchObject({ sent: 1, messages: [{ kind: 'summary', hitCount: 8 }] });
    const summary = hook.receiver.requests.at(-1)!;
    expect(JSON.parse(summary.body)).toMatchObject({ type: 'rasid.summary', more: 3, counts: expect.arrayContaining([{ label: "Mody's Benghazi trip", count: 2 }]) });
    clock = new Date('2026-11-28T18:00:00.000Z');
    expect(await deliverAlerts(deps([hook]))).toMatchObject({ messages: [] });
  });

  it('with several workers on one database, serves each channel from one worker at a time: each hit once', async () => {
    await seed(store, burst(6), SEEDED_AT);
    const hook = await harness('webhook', undefined, { maxPerRun: 10 });
    const slack = await harness('slack', undefined, { maxPerRun: 10 });
    const other = await openStore(db.database().location);
    try {
      const worker = (s: typeof store, holder: string) =>
        deliverAlerts({
          ...deps([hook, slack]),
          store: s,
          channelLease: (name) => holdLease(s, `${DIGEST_LEASE}:channel:${name}`, { holder }),
        });
      const reports = await Promise.all([worker(store, 'worker-a'), worker(other, 'worker-b'), worker(store, 'worker-c')]);
      expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(12);
      for (const name of ['desk-webhook', 'desk-slack']) expect([...(await deliveredPerHit(name)).values()]).toEqual([1, 1, 1, 1, 1, 1]);
      expect(slack.shown()).toHaveLength(6);
      expect(hook.receiver.requests).toHaveLength(6);
    } finally {
      await other.close();
    }
  });

  it('never writes a secret into the ledger or the logs, even when the service is refusing', async () => {
    await seed(store, STORIES, SEEDED_AT);
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const harnesses = [await harness('slack'), await harness('telegram'), await harness('matrix'), await harness('webhook')];
    harnesses[0]!.receiver.fault = (_r, n) => (n === 0 ? 'unavailable' : null);
    harnesses[1]!.receiver.fault = () => 'drop-before';
    await deliverAlerts(deps(harnesses, { logger }));
    const wrong = harnesses.map((h) => h.wrongCredential());
    await deliverAlerts(deps(harnesses, { logger, runtime: { secrets: { env: Object.assign({}, ...wrong.map((w) => w.env)), readFile: () => '' } } }));
    const dump = [...lines, JSON.stringify(await store.sql.all('SELECT * FROM channel_messages')), JSON.stringify(await store.sql.all('SELECT * FROM channel_deliveries'))].join('\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const h of harnesses) for (const secret of h.secretValues) expect(dump).not.toContain(secret);
  });
});
