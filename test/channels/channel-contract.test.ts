// One contract for every channel, run against each service's loopback receiver over real HTTP: what
// a channel must do whatever the service — deliver what it can show, keep feed text harmless and
// readable, and turn every failure into the right typed outcome in words, with no secret in it.
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, type ChannelType } from '../../src/channels/channel-types.ts';
import type { ChannelRuntime } from '../../src/channels/channel-sender.ts';
import { composeChannelMessage } from '../../src/channels/compose-channel-message.ts';
import { createChannel } from '../../src/channels/create-channel.ts';
import { httpSend } from '../../src/channels/http-send.ts';
import type { PendingHit } from '../../src/types.ts';
import { ARABIC, CHANNEL_CATALOG, HOSTILE, alertHit } from './alert-hits.ts';
import { HARNESSES, type ChannelHarness } from './harnesses.ts';

const NOW = new Date('2026-11-28T09:00:00.000Z');
const open: ChannelHarness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) await h.receiver.close();
});

async function harness(type: ChannelType): Promise<ChannelHarness> {
  const h = await HARNESSES[type]();
  open.push(h);
  return h;
}

function runtime(env: Record<string, string>, timeouts?: { connectMs: number; totalMs: number }): ChannelRuntime {
  return {
    http: (request) => httpSend(request, timeouts),
    secrets: { env, readFile: () => { throw new Error('no files in this test'); } },
    // The webhook receiver checks the signature's timestamp against its own clock.
    now: () => new Date(),
  };
}

function message(hits: PendingHit[], showAtMost = 3) {
  return composeChannelMessage(hits, { kind: 'alert', catalog: CHANNEL_CATALOG, now: NOW, timeZone: 'Africa/Tripoli', showAtMost, publicUrl: 'https://rasid.example.org/' });
}

describe.each(CHANNEL_TYPES)('the %s channel', (type) => {
  it('delivers an alert the service accepts, with the title, source, snippet and article link', async () => {
    const h = await harness(type);
    const channel = createChannel(h.config, runtime(h.env));
    const hit = alertHit();
    const outcome = await channel.send(channel.render(message([hit]), 'rasid-test-0001'));
    expect(outcome).toMatchObject({ outcome: 'sent' });
    const [shown] = h.shown();
    expect(h.shown()).toHaveLength(1);
    expect(shown!.visible).toContain(hit.article.title!);
    expect(shown!.visible).toContain('Sahel Hebdo (fictional)');
    expect(shown!.visible).toContain('Salifou Mody, est arrivé à Benghazi');
    expect(shown!.links).toContain(hit.article.url);
    expect(shown!.mentions).toEqual([]);
  });

  it('keeps an Arabic title in its own direction inside a right-to-left isolate', async () => {
    const h = await harness(type);
    const channel = createChannel(h.config, runtime(h.env));
    await channel.send(channel.render(message([alertHit(ARABIC)]), 'rasid-test-0002'));
    const visible = h.shown()[0]!.visible;
    // The webhook carries data, not display text: isolating is the receiver's business there.
    if (type === 'webhook') expect(visible).toContain(ARABIC.title);
    else expect(visible).toContain(`\u2067${ARABIC.title}\u2069`);
  });

  it('lets no mention, markup or link from hostile feed text through', async () => {
    const h = await harness(type);
    const channel = createChannel(h.config, runtime(h.env));
    const outcome = await channel.send(channel.render(message([alertHit(HOSTILE), alertHit({ ...HOSTILE, url: 'http://evil.example/real-article' })]), 'rasid-test-0003'));
    expect(outcome).toMatchObject({ outcome: 'sent' });
    const [shown] = h.shown();
    expect(shown!.mentions).toEqual([]);
    // The only links are the article's own http(s) URL (the javascript: one is dropped) and Rasid's list.
    for (const link of shown!.links) expect(['http://evil.example/real-article', 'https://rasid.example.org/hits?entry=mody-benghazi-trip']).toContain(link);
    expect(shown!.links).not.toContain('http://evil.example/phish');
    expect(shown!.links).not.toContain('http://evil.example/a');
    expect(shown!.body).not.toMatch(/javascript:|<script|onerror/i);
    // The words stay readable: the attempt is visible as text, it just does nothing.
    expect(shown!.visible).toMatch(/click me/);
  });

  it('turns a rate limit into retry-later with the wait the service asked for', async () => {
    const h = await harness(type);
    h.receiver.retryAfterSeconds = 7;
    h.receiver.fault = () => 'rate-limit';
    const channel = createChannel(h.config, runtime(h.env));
    const outcome = await channel.send(channel.render(message([alertHit()]), 'rasid-test-0004'));
    expect(outcome).toMatchObject({ outcome: 'retry-later', status: 429 });
    if (outcome.outcome !== 'retry-later') return;
    expect(outcome.reason).toMatch(/429/);
    // ntfy's 429 carries no hint: the ledger's backoff decides there.
    if (type === 'ntfy') expect(outcome.afterMs).toBeNull();
    else expect(outcome.afterMs).toBe(7000);
    expect(h.shown()).toHaveLength(0);
  });

  it.each([
    ['the service is unavailable (5xx)', 'unavailable', /answered 5\d\d/],
    ['the connection is dropped before an answer', 'drop-before', /could not reach .*closed by the server/],
  ] as const)('retries later when %s', async (_what, fault, reason) => {
    const h = await harness(type);
    h.receiver.fault = () => fault;
    const channel = createChannel(h.config, runtime(h.env));
    const outcome = await channel.send(channel.render(message([alertHit()]), 'rasid-test-0005'));
    expect(outcome).toMatchObject({ outcome: 'retry-later', reason: expect.stringMatching(reason) });
  });

  it('retries later when nothing listens (connection refused) or the service never answers (timeout)', async () => {
    const h = await harness(type);
    const channel = createChannel(h.config, runtime(h.env, { connectMs: 2000, totalMs: 400 }));
    h.receiver.fault = () => 'hang';
    const hung = await channel.send(channel.render(message([alertHit()]), 'rasid-test-0006'));
    expect(hung).toMatchObject({ outcome: 'retry-later', reason: expect.stringMatching(/no answer from 127\.0\.0\.1:\d+ within 0\.4 s/) });
    await h.receiver.down();
    const refused = await channel.send(channel.render(message([alertHit()]), 'rasid-test-0007'));
    expect(refused).toMatchObject({ outcome: 'retry-later', reason: expect.stringMatching(/refused the connection/) });
  });

  it('reports a wrong credential as a permanent failure in words, without the secret', async () => {
    const h = await harness(type);
    const wrong = h.wrongCredential();
    const channel = createChannel(wrong.config, runtime(wrong.env));
    const outcome = await channel.send(channel.render(message([alertHit()]), 'rasid-test-0008'));
    expect(outcome).toMatchObject({ outcome: 'permanent-failure' });
    if (outcome.outcome !== 'permanent-failure') return;
    expect(outcome.status).toBeGreaterThanOrEqual(400);
    expect(outcome.reason.length).toBeGreaterThan(30);
    for (const secret of [...h.secretValues, ...Object.values(wrong.env)]) expect(outcome.reason).not.toContain(secret);
    expect(h.shown()).toHaveLength(0);
  });

  it('renders a request without secrets that resends byte for byte; an idempotent service shows it once', async () => {
    const h = await harness(type);
    const channel = createChannel(h.config, runtime(h.env));
    const msg = message([alertHit()]);
    const request = channel.render(msg, 'rasid-test-0009');
    expect(channel.render(msg, 'rasid-test-0009')).toEqual(request);
    for (const secret of h.secretValues) expect(JSON.stringify(request)).not.toContain(secret);
    expect(await channel.send(request)).toMatchObject({ outcome: 'sent' });
    expect(await channel.send(request)).toMatchObject({ outcome: 'sent' });
    const bodies = h.receiver.requests.map((r) => r.body);
    expect(bodies).toEqual([request.body, request.body]);
    expect(h.shown()).toHaveLength(h.idempotent ? 1 : 2);
  });

  it('shows a burst as the first hits and "and N more" with a link to the list', async () => {
    const h = await harness(type);
    const channel = createChannel(h.config, runtime(h.env));
    const hits = Array.from({ length: 200 }, () => alertHit());
    const msg = message(hits);
    expect(msg).toMatchObject({ more: 197, hitIds: hits.map((x) => x.hitId) });
    expect(await channel.send(channel.render(msg, 'rasid-test-0010'))).toMatchObject({ outcome: 'sent' });
    const [shown] = h.shown();
    expect(shown!.visible).toContain(hits[0]!.article.title!);
    expect(shown!.visible).not.toContain(hits[3]!.article.title!);
    if (type === 'webhook') expect(JSON.parse(shown!.body)).toMatchObject({ more: 197, moreUrl: 'https://rasid.example.org/hits?entry=mody-benghazi-trip' });
    else expect(shown!.visible).toMatch(/and 197 more/);
    expect(shown!.links).toContain('https://rasid.example.org/hits?entry=mody-benghazi-trip');
  });
});
