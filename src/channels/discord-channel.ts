// Discord webhooks: POST {content, embeds, allowed_mentions} to the webhook URL with ?wait=true (200 and
// the message, so success is confirmed by Discord, not assumed from a 204). 429 carries a JSON
// retry_after in seconds. Mentions are off twice: allowed_mentions.parse is empty and every
// @everyone/@here/<@…> in feed text is escaped. No idempotency key exists for webhooks.
import type { Channel, ChannelItem, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { jsonField, sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { defuse, escapeMarkdown, isolateFeed } from './feed-text.ts';
import { describeSecret, type SecretRef } from './secrets.ts';
import type { Priority } from '../types.ts';

/** Feed text in Discord markdown: escaped, mentions defused, kept in its direction. */
export function discordText(text: string, language?: string | null): string {
  return isolateFeed(defuse(escapeMarkdown(text)), language);
}

const cut = (text: string, max: number) => (Array.from(text).length <= max ? text : `${Array.from(text).slice(0, max - 1).join('')}…`);
const COLOURS: Record<Priority, number> = { critical: 0xb91c1c, high: 0xc2410c, normal: 0x1d4ed8, low: 0x4b5563 };

function embed(item: ChannelItem): Record<string, unknown> {
  return {
    title: cut(discordText(item.title, item.language), 256),
    ...(item.link ? { url: item.link } : {}),
    ...(item.snippet ? { description: cut(discordText(item.snippet, item.language), 4096) } : {}),
    color: COLOURS[item.priority],
    // Footers are not markdown: defused and isolated, not escaped.
    footer: { text: cut([isolateFeed(defuse(item.source), item.language), defuse(item.entryLabel), item.when].filter(Boolean).join(' · '), 2048) },
  };
}

export function renderDiscord(message: ChannelMessage): FrozenRequest {
  const lines = [`**${escapeMarkdown(defuse(message.heading))}**`];
  for (const c of message.kind === 'summary' ? message.counts : []) lines.push(`${escapeMarkdown(c.label)}: ${c.count}`);
  if (message.more > 0) lines.push(`and ${message.more} more${message.moreLink ? `: <${message.moreLink}>` : ''}`);
  else if (message.kind === 'summary' && message.moreLink) lines.push(`<${message.moreLink}>`);
  if (message.kind === 'test') lines.push('If you can read this, Rasid can post its alerts here.');
  const payload = {
    content: cut(lines.join('\n'), 2000),
    embeds: message.items.slice(0, 10).map(embed),
    allowed_mentions: { parse: [] },
  };
  return { method: 'POST', url: '{url}', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) };
}

export function discordReader(url: SecretRef): AnswerReader {
  const again = `create a new webhook in the Discord channel's settings and put its URL in ${describeSecret(url)}`;
  return {
    service: 'Discord',
    errorText: (answer) => {
      const found = jsonField(answer, (j) => j.message);
      return typeof found === 'string' ? found : null;
    },
    retryHintMs: (answer) => {
      const seconds = jsonField(answer, (j) => j.retry_after);
      return typeof seconds === 'number' ? Math.ceil(seconds * 1000) : null;
    },
    advice: (status) =>
      ({
        400: 'Discord could not read the message; this is a Rasid bug, please report it',
        401: `the webhook token is wrong; ${again}`,
        403: `the webhook may not post there; ${again}`,
        404: `the webhook was deleted or its URL is wrong; ${again}`,
      })[status] ?? null,
  };
}

export function discordChannel(config: ChannelConfig & { target: { type: 'discord' } }, runtime: ChannelRuntime): Channel {
  const { url } = config.target;
  const reader = discordReader(url);
  return {
    name: config.name,
    type: 'discord',
    target: `Discord webhook (${describeSecret(url)})`,
    render: (message) => renderDiscord(message),
    send: (request) => sendWithSecrets(request, { url, finalUrl: (u) => u.searchParams.set('wait', 'true') }, reader, runtime),
  };
}
