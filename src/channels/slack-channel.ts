// Slack incoming webhooks: POST {text, blocks} to the webhook URL (the URL is the credential), answered
// `ok`, or 400 invalid_payload / 403 / 404 no_service / 410 channel_is_archived, 429 with Retry-After.
// Slack has no idempotency key; the delivery key rides along as the header block's block_id, so
// a resend after a crash is recognisable, but Slack itself shows it twice (README: the crash window).
import type { Channel, ChannelItem, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { defuse, isolateFeed } from './feed-text.ts';
import { describeSecret, type SecretRef } from './secrets.ts';

/** Slack's escaping: &, < and > as entities, which also disarms <!channel>, <@U…> and <url|text> tricks. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Feed text in mrkdwn: escaped, mentions defused, and a zero-width space before * _ ~ ` so they format nothing. */
export function slackMrkdwn(text: string, language?: string | null): string {
  return isolateFeed(defuse(slackEscape(text)).replace(/[*_~`]/g, '\u200b$&'), language);
}

/** An http(s) URL inside <url|text>: a | would end the URL early. */
function slackUrl(url: string): string {
  return slackEscape(url.replace(/\|/g, '%7C'));
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: Array.from(text).slice(0, max).join(''), emoji: false });

function itemBlocks(item: ChannelItem): unknown[] {
  const title = slackMrkdwn(item.title, item.language);
  const link = item.link ? `<${slackUrl(item.link)}|${title}>` : '';
  const meta = [isolateFeed(defuse(item.source), item.language), item.entryLabel, item.when].filter(Boolean).join(' · ');
  const blocks: unknown[] = [
    // Slack refuses a section over 3,000 characters: with a very long URL the title is shown without its link.
    { type: 'section', text: { type: 'mrkdwn', text: link && link.length <= 3000 ? link : title } },
    { type: 'context', elements: [plain(meta, 2000)] },
  ];
  if (item.snippet) blocks.push({ type: 'section', text: plain(isolateFeed(defuse(item.snippet), item.language), 3000) });
  return blocks;
}

export function renderSlack(message: ChannelMessage, idempotencyKey: string): FrozenRequest {
  const blocks: unknown[] = [{ type: 'header', block_id: idempotencyKey, text: plain(defuse(message.heading), 150) }];
  for (const item of message.items) blocks.push(...itemBlocks(item));
  for (const c of message.kind === 'summary' ? message.counts : []) blocks.push({ type: 'context', elements: [plain(`${c.label}: ${c.count}`, 2000)] });
  if (message.more > 0 || (message.kind === 'summary' && message.moreLink)) {
    const rest = message.more > 0 ? `and ${message.more} more` : 'all of them';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: message.moreLink ? `${rest}: <${slackUrl(message.moreLink)}|open the list>` : rest } });
  }
  if (message.kind === 'test') blocks.push({ type: 'section', text: plain('If you can read this, Rasid can post its alerts here.', 3000) });
  const first = message.items[0];
  const text = `${slackEscape(defuse(message.heading))}${first ? `: ${slackMrkdwn(first.title, first.language)}` : ''}`;
  return { method: 'POST', url: '{url}', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ text, blocks }) };
}

export function slackReader(url: SecretRef): AnswerReader {
  const again = `create a new incoming webhook in Slack and put its URL in ${describeSecret(url)}`;
  return {
    service: 'Slack',
    errorText: (answer) => (answer.body.trim() ? answer.body : null),
    advice: (status) =>
      ({
        400: 'Slack could not read the message; this is a Rasid bug, please report it',
        403: `the webhook may not post there any more; ${again}`,
        404: `the webhook was removed or its URL is wrong; ${again}`,
        410: `the Slack channel was archived; ${again}`,
      })[status] ?? null,
  };
}

export function slackChannel(config: ChannelConfig & { target: { type: 'slack' } }, runtime: ChannelRuntime): Channel {
  const { url } = config.target;
  const reader = slackReader(url);
  return {
    name: config.name,
    type: 'slack',
    target: `Slack incoming webhook (${describeSecret(url)})`,
    render: renderSlack,
    send: (request) => sendWithSecrets(request, { url }, reader, runtime),
  };
}
