// The `channels:` of a recipient or a team in the recipients file: the schema, the defaults, and the
// checks that need the whole file (unique names) or the environment (every named secret exists).
// A secret is always named (`{ env: VAR }` or `{ file: PATH }`); a webhook URL or token written in
// the file itself is refused, because the file is shared, versioned and shown in reviews.
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import { CHANNEL_DEFAULTS, channelSecrets, type ChannelConfig, type ChannelTarget } from '../channels/channel-config.ts';
import { CHANNEL_TYPES } from '../channels/channel-types.ts';
import { describeSecret, resolveSecret, type SecretSource } from '../channels/secrets.ts';
import { PRIORITIES } from '../types.ts';
import { locate, type FileProblem } from '../yaml-file.ts';

const secretRef = z.union([z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }), z.strictObject({ file: z.string().min(1) })], {
  error: 'a secret is named here, never written: { env: VARIABLE } or { file: /path/to/secret }',
});
const httpUrl = z.url({ protocol: /^https?$/, error: 'not an http(s) URL' });

const common = {
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { error: 'a channel name is letters, digits, ".", "_" and "-" (at most 63)' }),
  minPriority: z.enum(PRIORITIES).optional(),
  maxPerRun: z.number().int().min(1).max(50).optional(),
  maxPerHour: z.number().int().min(1).max(1000).optional(),
  summary: z
    .strictObject({
      hour: z.number().int().min(0).max(23),
      timeZone: z.string().optional(),
      minPriority: z.enum(PRIORITIES).optional(),
    })
    .nullable()
    .optional(),
  retry: z.strictObject({ firstSeconds: z.number().int().min(0).max(86_400), maxSeconds: z.number().int().min(0).max(7 * 86_400) }).optional(),
};

export const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...common, type: z.literal('webhook'), url: z.union([httpUrl, secretRef]), secret: secretRef }),
  z.strictObject({ ...common, type: z.literal('slack'), url: secretRef }),
  z.strictObject({ ...common, type: z.literal('teams'), url: secretRef }),
  z.strictObject({ ...common, type: z.literal('discord'), url: secretRef }),
  z.strictObject({ ...common, type: z.literal('telegram'), token: secretRef, chatId: z.union([z.string().min(1), z.number().int()]), apiUrl: httpUrl.optional() }),
  z.strictObject({ ...common, type: z.literal('ntfy'), url: z.union([httpUrl, secretRef]), token: secretRef.optional() }),
  z.strictObject({
    ...common,
    type: z.literal('matrix'),
    homeserver: httpUrl,
    roomId: z.string().regex(/^![^:\s]+:\S+$/, { error: 'a room id looks like !abcdef:example.org (Room settings → Advanced)' }),
    token: secretRef,
  }),
]);
export type RawChannel = z.infer<typeof channelSchema>;

export const CHANNEL_HINTS: Record<string, string> = {
  type: `one of ${CHANNEL_TYPES.join(', ')}`,
  url: 'an http(s) URL, or a named secret: Slack, Teams and Discord webhook URLs are passwords, so write `url: { env: RASID_SLACK_DESK }` and set that variable (or `{ file: /run/secrets/… }`)',
  homeserver: 'the homeserver address, e.g. https://matrix.example.org',
  roomId: 'the room id from the room settings (Advanced), not its #alias',
  hour: 'a whole local hour from 0 to 23',
  token: 'write `token: { env: RASID_TELEGRAM_TOKEN }` (or `{ file: /run/secrets/… }`), never the token itself',
  secret: 'the key the webhook receiver checks signatures with: `secret: { env: RASID_WEBHOOK_SECRET }`',
  chatId: 'the chat id, e.g. "-1001234567890" for a group (ask @userinfobot or read getUpdates)',
  name: 'a short unique name such as desk-slack; `rasid channels test NAME` uses it',
  summary: 'e.g. `summary: { hour: 7 }` for a daily summary at 07:00 in the owner\'s time zone',
  maxPerRun: 'a whole number from 1 to 50',
  maxPerHour: 'a whole number from 1 to 1000',
};

function target(raw: RawChannel): ChannelTarget {
  switch (raw.type) {
    case 'webhook':
      return { type: 'webhook', url: raw.url, secret: raw.secret };
    case 'slack':
    case 'teams':
    case 'discord':
      return { type: raw.type, url: raw.url };
    case 'telegram':
      return { type: 'telegram', token: raw.token, chatId: String(raw.chatId), apiUrl: raw.apiUrl ?? 'https://api.telegram.org' };
    case 'ntfy':
      return { type: 'ntfy', url: raw.url, token: raw.token ?? null };
    case 'matrix':
      return { type: 'matrix', homeserver: raw.homeserver, roomId: raw.roomId, token: raw.token };
  }
}

export interface ChannelOwner {
  owner: string;
  entries: string[];
  watchlists: string[];
  timeZone: string;
}

/** A validated channel with its owner's subscriptions and time zone, and where it is written. */
export function toChannelConfig(raw: RawChannel, owner: ChannelOwner, where: string): ChannelConfig {
  return {
    name: raw.name,
    owner: owner.owner,
    subscription: { entries: owner.entries, watchlists: owner.watchlists },
    minPriority: raw.minPriority ?? CHANNEL_DEFAULTS.minPriority,
    maxPerRun: raw.maxPerRun ?? CHANNEL_DEFAULTS.maxPerRun,
    maxPerHour: raw.maxPerHour ?? CHANNEL_DEFAULTS.maxPerHour,
    summary: raw.summary ? { hour: raw.summary.hour, timeZone: raw.summary.timeZone ?? owner.timeZone, minPriority: raw.summary.minPriority ?? 'normal' } : null,
    retry: raw.retry ?? CHANNEL_DEFAULTS.retry,
    timeZone: owner.timeZone,
    target: target(raw),
    where,
  };
}

/** `file:line:column` of a node, or the file alone. */
export function whereIs(file: string, doc: Document, counter: LineCounter, pathKeys: readonly PropertyKey[]): { line: number | null; column: number | null; text: string } {
  const pos = locate(doc, counter, pathKeys);
  return { line: pos?.line ?? null, column: pos?.column ?? null, text: pos ? `${file}:${pos.line}:${pos.column}` : file };
}

/** Every named secret that cannot be read now, as a problem at the channel's line. Values are never shown. */
export function channelSecretProblems(channels: ChannelConfig[], source: SecretSource): string[] {
  const problems: string[] = [];
  for (const c of channels) {
    for (const { role, ref } of channelSecrets(c.target)) {
      const got = resolveSecret(ref, source);
      if (!got.ok) problems.push(`${c.where}: channel ${c.name}: its ${role} (${describeSecret(ref)}) cannot be read: ${got.problem} — set it, or name another variable or file in the recipients file`);
    }
  }
  return problems;
}

/** Problems of the whole file: two channels with one name (the ledger keys messages by name). */
export function duplicateChannelNames(channels: Array<{ name: string; line: number | null; column: number | null }>, file: string): FileProblem[] {
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  for (const c of channels) {
    const key = c.name.toLowerCase();
    if (seen.has(key)) problems.push({ file, line: c.line, column: c.column, message: `the channel name ${c.name} is used twice`, hint: 'give every channel its own name' });
    seen.add(key);
  }
  return problems;
}
