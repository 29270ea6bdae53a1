// One harness per channel type: its loopback receiver, a channel configured against it (secrets in
// environment variables), and what the service shows after its own deduplication, normalised so
// the contract suite can ask the same questions of every service.
import { CHANNEL_DEFAULTS, type ChannelConfig, type ChannelTarget } from '../../src/channels/channel-config.ts';
import type { ChannelType } from '../../src/channels/channel-types.ts';
import type { Receiver } from '../helpers/receivers/receiver-base.ts';
import { startDiscordReceiver } from '../helpers/receivers/discord-receiver.ts';
import { startMatrixReceiver } from '../helpers/receivers/matrix-receiver.ts';
import { startNtfyReceiver } from '../helpers/receivers/ntfy-receiver.ts';
import { startSlackReceiver } from '../helpers/receivers/slack-receiver.ts';
import { startTeamsReceiver } from '../helpers/receivers/teams-receiver.ts';
import { startTelegramReceiver } from '../helpers/receivers/telegram-receiver.ts';
import { startWebhookReceiver } from '../helpers/receivers/webhook-receiver.ts';

export interface ShownMessage {
  /** The request body as the service received it. */
  body: string;
  /** The text a reader sees. */
  visible: string;
  /** Every link a reader can follow. */
  links: string[];
  /** Mentions that would notify people, and live markup smuggled in from feed text. */
  mentions: string[];
}

export interface ChannelHarness {
  type: ChannelType;
  receiver: Receiver;
  config: ChannelConfig;
  env: Record<string, string>;
  secretValues: string[];
  /** Whether the service itself drops a resend with the same key (Matrix txnId, ntfy sequence id, webhook delivery id). */
  idempotent: boolean;
  /** What the service shows, after its own deduplication. */
  shown(): ShownMessage[];
  /** The same channel with a wrong credential. */
  wrongCredential(): { config: ChannelConfig; env: Record<string, string> };
}

export function channelConfig(name: string, target: ChannelTarget, overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    name,
    owner: 'desk@example.org',
    subscription: { entries: [], watchlists: [] },
    minPriority: CHANNEL_DEFAULTS.minPriority,
    maxPerRun: CHANNEL_DEFAULTS.maxPerRun,
    maxPerHour: CHANNEL_DEFAULTS.maxPerHour,
    summary: null,
    retry: { firstSeconds: 0, maxSeconds: 0 },
    timeZone: 'Africa/Tripoli',
    target,
    where: `recipients.yaml (${name})`,
    ...overrides,
  };
}

const env = (name: string) => ({ env: name });

export const HARNESSES: Record<ChannelType, (name?: string) => Promise<ChannelHarness>> = {
  async slack(name = 'desk-slack') {
    const r = await startSlackReceiver();
    const target: ChannelTarget = { type: 'slack', url: env('TEST_SLACK_URL') };
    return {
      type: 'slack',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_SLACK_URL: r.webhookUrl },
      secretValues: [r.webhookUrl, 'cQ7xSlackSecretPart9'],
      idempotent: false,
      shown: () => r.posts.map((p) => ({ body: p.body, visible: p.visible, links: p.links, mentions: p.mentions })),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_SLACK_URL: r.webhookUrl.replace('Secret', 'Wrong') } }),
    };
  },
  async teams(name = 'desk-teams') {
    const r = await startTeamsReceiver();
    const target: ChannelTarget = { type: 'teams', url: env('TEST_TEAMS_URL') };
    return {
      type: 'teams',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_TEAMS_URL: r.webhookUrl },
      secretValues: [r.webhookUrl, 'TeamsSig-Secret-0c55d1'],
      idempotent: false,
      shown: () => r.cards.map((c) => ({ body: c.body, visible: c.visible, links: c.links, mentions: [...c.mentions, ...c.markup] })),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_TEAMS_URL: r.webhookUrl.replace('Secret', 'Wrong') } }),
    };
  },
  async discord(name = 'desk-discord') {
    const r = await startDiscordReceiver();
    const target: ChannelTarget = { type: 'discord', url: env('TEST_DISCORD_URL') };
    return {
      type: 'discord',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_DISCORD_URL: r.webhookUrl },
      secretValues: [r.webhookUrl, 'Dsc-Token_Secret-Part-77'],
      idempotent: false,
      shown: () => r.messages.map((m) => ({ body: m.body, visible: m.visible, links: m.links, mentions: [...m.pings, ...m.rawMarkup] })),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_DISCORD_URL: r.webhookUrl.replace('Secret', 'Wrong') } }),
    };
  },
  async telegram(name = 'desk-telegram') {
    const r = await startTelegramReceiver();
    const target: ChannelTarget = { type: 'telegram', token: env('TEST_TELEGRAM_TOKEN'), chatId: r.chatId, apiUrl: r.apiUrl };
    return {
      type: 'telegram',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_TELEGRAM_TOKEN: r.token },
      secretValues: [r.token],
      idempotent: false,
      shown: () => r.messages.map((m) => ({ body: m.body, visible: m.visible, links: m.links, mentions: m.mentions })),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_TELEGRAM_TOKEN: '7012345678:AAF-WrongBotToken' } }),
    };
  },
  async ntfy(name = 'desk-ntfy') {
    const r = await startNtfyReceiver();
    const target: ChannelTarget = { type: 'ntfy', url: r.topicUrl, token: env('TEST_NTFY_TOKEN') };
    return {
      type: 'ntfy',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_NTFY_TOKEN: r.token },
      secretValues: [r.token],
      idempotent: true,
      shown: () =>
        r.notifications().map((m) => ({ body: m.body, visible: `${m.title}\n${m.message}`, links: [...(m.click ? [m.click] : []), ...(m.message.match(/https?:\/\/\S+/g) ?? [])], mentions: [] })),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_NTFY_TOKEN: 'tk_wrongtoken' } }),
    };
  },
  async matrix(name = 'desk-matrix') {
    const r = await startMatrixReceiver();
    const target: ChannelTarget = { type: 'matrix', homeserver: r.homeserver, roomId: r.roomId, token: env('TEST_MATRIX_TOKEN') };
    return {
      type: 'matrix',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_MATRIX_TOKEN: r.token },
      secretValues: [r.token],
      idempotent: true,
      shown: () =>
        r.timeline.map((e) => ({ body: e.body, visible: e.visible, links: e.links, mentions: [...e.mentions, ...(e.htmlProblem ? [e.htmlProblem] : [])] })),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_MATRIX_TOKEN: 'syt_wrong' } }),
    };
  },
  async webhook(name = 'desk-webhook') {
    const r = await startWebhookReceiver();
    const target: ChannelTarget = { type: 'webhook', url: r.url, secret: env('TEST_WEBHOOK_SECRET') };
    return {
      type: 'webhook',
      receiver: r,
      config: channelConfig(name, target),
      env: { TEST_WEBHOOK_SECRET: r.secret },
      secretValues: [r.secret],
      idempotent: true,
      shown: () =>
        r.deliveries.map((d) => {
          const hits = (d.payload.hits as Array<{ title: string; source: string; snippet: string; url: string | null }>) ?? [];
          return {
            body: d.body,
            visible: [String(d.payload.heading), ...hits.flatMap((h) => [h.title, h.source, h.snippet])].join('\n'),
            links: [...hits.map((h) => h.url).filter((u): u is string => u !== null), ...(typeof d.payload.moreUrl === 'string' ? [d.payload.moreUrl] : [])],
            mentions: [],
          };
        }),
      wrongCredential: () => ({ config: channelConfig(name, target), env: { TEST_WEBHOOK_SECRET: 'whsec_wrong' } }),
    };
  },
};
