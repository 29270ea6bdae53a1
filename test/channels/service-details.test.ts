// What each service needs beyond the contract: where the idempotency key goes, size limits, the
// webhook signature per attempt, Discord's wait=true, ntfy's headers.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRuntime } from '../../src/channels/channel-sender.ts';
import { composeChannelMessage } from '../../src/channels/compose-channel-message.ts';
import { createChannel } from '../../src/channels/create-channel.ts';
import { httpSend } from '../../src/channels/http-send.ts';
import { headerText, NTFY_MAX_BYTES, renderNtfy } from '../../src/channels/ntfy-channel.ts';
import { renderSlack } from '../../src/channels/slack-channel.ts';
import { renderTeams } from '../../src/channels/teams-channel.ts';
import { renderTelegram, TELEGRAM_MAX_CHARS } from '../../src/channels/telegram-channel.ts';
import { signWebhook, verifyWebhook } from '../../src/channels/sign-webhook.ts';
import { decodeEncodedWords } from '../helpers/receivers/ntfy-receiver.ts';
import type { WebhookReceiver } from '../helpers/receivers/webhook-receiver.ts';
import { ARABIC, CHANNEL_CATALOG, alertHit } from './alert-hits.ts';
import { HARNESSES, type ChannelHarness } from './harnesses.ts';

const open: ChannelHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.receiver.close();
});

const compose = (n: number, kind: 'alert' | 'summary' = 'alert', extra = {}) =>
  composeChannelMessage(Array.from({ length: n }, () => alertHit(extra)), { kind, catalog: CHANNEL_CATALOG, now: new Date('2026-11-28T09:00:00Z'), timeZone: 'Africa/Tripoli', showAtMost: kind === 'alert' ? 3 : 5 });

function runtime(env: Record<string, string>, clock: () => Date = () => new Date()): ChannelRuntime {
  return { http: (r) => httpSend(r), secrets: { env, readFile: () => '' }, now: clock };
}

describe('where the idempotency key goes', () => {
  it('is the Slack header block_id and the Teams card first element id, so a resend is recognisable', () => {
    const message = compose(1);
    expect((JSON.parse(renderSlack(message, 'rasid-k1').body) as { blocks: Array<{ block_id?: string }> }).blocks[0]!.block_id).toBe('rasid-k1');
    const card = JSON.parse(renderTeams(message, 'rasid-k1').body) as { attachments: Array<{ content: { body: Array<{ id?: string }> } }> };
    expect(card.attachments[0]!.content.body[0]!.id).toBe('rasid-k1');
  });

  it('is the Matrix transaction id in the PUT path, and ntfy\'s X-Sequence-ID', async () => {
    const matrix = await HARNESSES.matrix();
    open.push(matrix);
    const channel = createChannel(matrix.config, runtime(matrix.env));
    const request = channel.render(compose(1), 'rasid-k2');
    expect(request).toMatchObject({ method: 'PUT', url: `${matrix.receiver.baseUrl}/_matrix/client/v3/rooms/!rAsIdDesk%3Amatrix.example.org/send/m.room.message/rasid-k2` });
    expect(renderNtfy(compose(1), 'rasid-k3', 'https://ntfy.example/t').headers['x-sequence-id']).toBe('rasid-k3');
  });
});

describe('service limits', () => {
  it('keeps an ntfy body under 4,096 bytes (beyond, ntfy makes it an attachment), counting what it drops', () => {
    const long = compose(5, 'summary', { title: ARABIC.title.repeat(4), snippet: ARABIC.snippet.repeat(4), language: 'ar' });
    const request = renderNtfy(long, 'rasid-k4', 'https://ntfy.example/t');
    expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(NTFY_MAX_BYTES);
    expect(request.body).toMatch(/and \d+ more/);
  });

  it('keeps a Telegram text under 4,096 characters', () => {
    const long = compose(5, 'summary', { title: 'T'.repeat(240), snippet: 'S & <x> '.repeat(60) });
    const text = (JSON.parse(renderTelegram(long, '-100', 'https://api.telegram.org').body) as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
  });

  it('encodes a non-ASCII ntfy title as an RFC 2047 word, and maps priorities to ntfy\'s 1–5 and tags', () => {
    expect(headerText("Rasid: Mody's trip")).toBe("Rasid: Mody's trip");
    expect(decodeEncodedWords(headerText('Rasid: رحلة مودي\r\nX-Evil: 1'))).toBe('Rasid: رحلة مودي  X-Evil: 1');
    expect(renderNtfy(compose(1), 'k', 'https://n/t').headers).toMatchObject({ priority: '5', tags: 'rotating_light,rasid' });
    expect(renderNtfy(compose(1, 'alert', { priority: 'high' }), 'k', 'https://n/t').headers).toMatchObject({ priority: '4', tags: 'warning,rasid' });
  });
});

describe('the webhook signature', () => {
  it('is made per attempt over the timestamp and the frozen body; the receiver refuses a wrong key or an old timestamp', async () => {
    const hook = await HARNESSES.webhook();
    open.push(hook);
    let now = new Date();
    const channel = createChannel(hook.config, runtime(hook.env, () => now));
    const request = channel.render(compose(1), 'rasid-k5');
    expect(await channel.send(request)).toMatchObject({ outcome: 'sent' });
    now = new Date(now.getTime() + 2000);
    expect(await channel.send(request)).toMatchObject({ outcome: 'sent' });
    const [a, b] = hook.receiver.requests;
    expect(a!.body).toBe(b!.body);
    expect(a!.headers['x-rasid-delivery']).toBe('rasid-k5');
    expect(a!.headers['x-rasid-timestamp']).not.toBe(b!.headers['x-rasid-timestamp']);
    expect(a!.headers['x-rasid-signature']).toBe(signWebhook((hook.receiver as WebhookReceiver).secret, Number(a!.headers['x-rasid-timestamp']), a!.body));
    expect((hook.receiver as WebhookReceiver).deliveries).toHaveLength(1);
    const ts = Math.floor(Date.now() / 1000);
    expect(verifyWebhook('k', { signature: signWebhook('k', ts, 'body'), timestamp: String(ts) }, 'body', ts)).toEqual({ ok: true });
    expect(verifyWebhook('k', { signature: signWebhook('k', ts, 'body'), timestamp: String(ts) }, 'body!', ts)).toMatchObject({ ok: false });
    expect(verifyWebhook('k', { signature: signWebhook('k', ts - 900, 'body'), timestamp: String(ts - 900) }, 'body', ts)).toMatchObject({ ok: false, reason: expect.stringMatching(/too old/) });
  });
});

describe('Discord', () => {
  it('posts with wait=true, so success is Discord confirming the message, and allows no mentions', async () => {
    const discord = await HARNESSES.discord();
    open.push(discord);
    const channel = createChannel(discord.config, runtime(discord.env));
    expect(await channel.send(channel.render(compose(1), 'k'))).toMatchObject({ outcome: 'sent', status: 200 });
    expect(discord.receiver.requests[0]!.url).toMatch(/\?wait=true$/);
    expect(JSON.parse(discord.receiver.requests[0]!.body)).toMatchObject({ allowed_mentions: { parse: [] } });
  });
});
