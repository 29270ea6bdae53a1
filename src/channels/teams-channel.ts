// Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): POST a
// message whose attachment is an Adaptive Card; answered 202 Accepted. Feed text goes only into
// TextBlocks, markdown-escaped; links only as Action.OpenUrl buttons Rasid makes. No idempotency:
// the delivery key is the card's first element id, so a resend is recognisable.
import type { Channel, ChannelItem, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { jsonField, sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { defuse, escapeMarkdown, isolateFeed } from './feed-text.ts';
import { describeSecret, type SecretRef } from './secrets.ts';

/** Feed text for a TextBlock: markdown escaped, mentions defused, kept in its direction. */
export function teamsText(text: string, language?: string | null): string {
  return isolateFeed(defuse(escapeMarkdown(text)), language);
}

const block = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
const open = (title: string, url: string) => ({ type: 'Action.OpenUrl', title, url });

function itemElements(item: ChannelItem): unknown[] {
  const meta = [teamsText(item.source, item.language), escapeMarkdown(item.entryLabel), item.when].filter(Boolean).join(' · ');
  const elements: unknown[] = [
    block(teamsText(item.title, item.language), { weight: 'Bolder', spacing: 'Medium' }),
    block(meta, { isSubtle: true, spacing: 'None', size: 'Small' }),
  ];
  if (item.snippet) elements.push(block(teamsText(item.snippet, item.language), { spacing: 'Small' }));
  if (item.link) elements.push({ type: 'ActionSet', actions: [open('Open the article', item.link)] });
  return elements;
}

export function renderTeams(message: ChannelMessage, idempotencyKey: string): FrozenRequest {
  const body: unknown[] = [
    block(escapeMarkdown(defuse(message.heading)), { id: idempotencyKey, size: 'Medium', weight: 'Bolder', color: message.priority === 'critical' ? 'Attention' : 'Default' }),
  ];
  for (const item of message.items) body.push(...itemElements(item));
  for (const c of message.kind === 'summary' ? message.counts : []) body.push(block(`${escapeMarkdown(c.label)}: ${c.count}`, { spacing: 'None' }));
  if (message.more > 0) body.push(block(`and ${message.more} more`, { spacing: 'Medium' }));
  if (message.kind === 'test') body.push(block('If you can read this, Rasid can post its alerts here.'));
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
    ...(message.moreLink && (message.more > 0 || message.kind === 'summary') ? { actions: [open('Open the list', message.moreLink)] } : {}),
  };
  const payload = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
  return { method: 'POST', url: '{url}', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) };
}

export function teamsReader(url: SecretRef): AnswerReader {
  const again = `check the workflow in Teams and put its webhook URL in ${describeSecret(url)}`;
  return {
    service: 'Teams',
    errorText: (answer) => {
      const found = jsonField(answer, (j) => (j.error as { message?: unknown } | undefined)?.message ?? j.message);
      return typeof found === 'string' ? found : answer.body.trim() || null;
    },
    advice: (status) =>
      ({
        400: 'the workflow could not read the card; this is a Rasid bug, please report it',
        401: `the workflow refuses the request; ${again}`,
        403: `the workflow refuses the request; ${again}`,
        404: `the workflow was deleted or its URL is wrong; ${again}`,
      })[status] ?? null,
  };
}

export function teamsChannel(config: ChannelConfig & { target: { type: 'teams' } }, runtime: ChannelRuntime): Channel {
  const { url } = config.target;
  const reader = teamsReader(url);
  return {
    name: config.name,
    type: 'teams',
    target: `Teams workflow webhook (${describeSecret(url)})`,
    render: renderTeams,
    send: (request) => sendWithSecrets(request, { url }, reader, runtime),
  };
}
