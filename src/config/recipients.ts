// Who gets which hits, when: the recipients file (YAML), or `RASID_DIGEST_TO` for the simple case.
// Validated once at the edge; every problem is reported with file:line and what to do.
import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { ChannelConfig } from '../channels/channel-config.ts';
import { ConfigError } from '../errors.ts';
import { PRIORITIES, type Priority } from '../types.ts';
import { CHANNEL_HINTS, channelSchema, duplicateChannelNames, toChannelConfig, whereIs, type ChannelOwner, type RawChannel } from './recipient-channels.ts';
import { displayNameProblem, splitNamedAddress } from './named-address.ts';
import { describeRecipientIssue } from './recipient-problems.ts';
import { formatProblem, locate, parseYamlText, type FileProblem } from '../yaml-file.ts';

export interface Recipient {
  /** A bare address (`analyst@example.org`), validated. */
  address: string;
  /** The display name of `Desk Team <desk@example.org>`, for the To header; null for a bare address. */
  name?: string | null;
  /** Watchlist ids subscribed to. Empty together with `entries`: every entry. */
  watchlists: string[];
  /** Entry ids subscribed to (in addition to whole watchlists). */
  entries: string[];
  /** Hits below this priority are not sent to this recipient. */
  minPriority: Priority;
  /** Local hour (0–23) of the daily digest; null: pending hits go out at every run. */
  hour: number | null;
  /** IANA time zone for the digest hour and for the dates shown in the digest. */
  timeZone: string;
  /** Send a digest saying "nothing new" on a day without hits. */
  sendEmpty: boolean;
  /** Critical hits as an immediate alert email in the cycle that found them. */
  alerts: boolean;
  /** Show critical hits already sent as alerts again in the next digest. */
  alertsInDigest: boolean;
  /** Stories shown per entry before "and N more". */
  maxPerEntry: number;
}

export const RECIPIENT_DEFAULTS = {
  watchlists: [] as string[],
  entries: [] as string[],
  minPriority: 'low' as Priority,
  hour: null as number | null,
  timeZone: 'UTC',
  sendEmpty: false,
  alerts: true,
  alertsInDigest: false,
  maxPerEntry: 10,
};

/** A recipient of every entry at every run, with the defaults (the demo, `RASID_DIGEST_TO`). */
export function defaultRecipient(address: string, name: string | null = null): Recipient {
  return { ...RECIPIENT_DEFAULTS, address, ...(name ? { name } : {}) };
}

/** `Name <address>` or a bare address: what is wrong with it, or null. */
export function namedAddressProblem(text: string): string | null {
  const { name, address } = splitNamedAddress(text);
  return (name !== null ? displayNameProblem(name) : null) ?? addressProblem(address);
}

/**
 * A deliberately plain address syntax (a display name is split off first: splitNamedAddress): no quoted local parts (they have routed mail
 * to the wrong domain in nodemailer before), no comments, one `@`, a dotted domain or `localhost`.
 */
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:localhost|(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|\[[0-9.]+\])$/;

export function addressProblem(address: string): string | null {
  if (address.length > 254) return 'is longer than 254 characters';
  if (!ADDRESS.test(address)) {
    return 'is not a plain email address like analyst@example.org (a name goes before it: Desk <analyst@example.org>; no quotes, spaces or commas in the address)';
  }
  const local = address.slice(0, address.lastIndexOf('@'));
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'has a misplaced dot before the @';
  return null;
}

export function timeZoneProblem(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return null;
  } catch {
    return 'is not an IANA time zone such as Africa/Tripoli, Europe/Paris or UTC';
  }
}

const id = z.string().min(1);
const settings = {
  watchlists: z.array(id).optional(),
  entries: z.array(id).optional(),
  minPriority: z.enum(PRIORITIES).optional(),
  hour: z.number().int().min(0).max(23).nullable().optional(),
  timeZone: z
    .string()
    .refine((zone) => timeZoneProblem(zone) === null, { message: 'not an IANA time zone' })
    .optional(),
  sendEmpty: z.boolean().optional(),
  alerts: z.boolean().optional(),
  alertsInDigest: z.boolean().optional(),
  maxPerEntry: z.number().int().min(1).max(200).optional(),
};
const defaultsSchema = z.strictObject(settings);
const recipientSchema = z.strictObject({
  address: z.string().superRefine((address, ctx) => {
    const problem = namedAddressProblem(address);
    if (problem) ctx.addIssue({ code: 'custom', message: `"${address}" ${problem}` });
  }),
  ...settings,
  /** Chat and push channels of this recipient (alerts beside the mail). */
  channels: z.array(channelSchema).optional(),
});
/** A desk or team without a mailbox of its own: subscriptions and the channels it reads. */
const teamSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { error: 'a team name is letters, digits, ".", "_" and "-"' }),
  watchlists: z.array(id).optional(),
  entries: z.array(id).optional(),
  timeZone: settings.timeZone,
  channels: z.array(channelSchema).min(1, { error: 'a team needs at least one channel' }),
});
const fileSchema = z.strictObject({
  defaults: defaultsSchema.optional(),
  recipients: z.array(recipientSchema).default([]),
  teams: z.array(teamSchema).optional(),
});

const HINTS: Record<string, string> = {
  address: 'write one address per recipient, e.g. `address: analyst@example.org` or `address: "Desk <desk@example.org>"`',
  minPriority: `one of ${PRIORITIES.join(', ')}`,
  hour: 'a whole local hour from 0 to 23, or null to send at every run',
  timeZone: 'an IANA zone name, e.g. Africa/Tripoli',
  maxPerEntry: 'a whole number from 1 to 200',
};

function hintFor(issue: z.core.$ZodIssue): string {
  const inChannel = issue.path.includes('channels');
  if (issue.code === 'unrecognized_keys') {
    if (inChannel) return 'see "Alerts in chat and push services" in the README for the keys of each channel type';
    if (issue.path[0] === 'teams') return 'known keys: name, watchlists, entries, timeZone, channels';
    if (issue.path.length === 0) return 'known keys: defaults, recipients, teams';
    return `known keys: address, ${Object.keys(settings).join(', ')}, channels`;
  }
  const key = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
  return (key && (inChannel ? CHANNEL_HINTS[key] : undefined)) ?? (key && HINTS[key]) ?? 'see the recipients section of the README';
}

export type RecipientsResult =
  | { ok: true; recipients: Recipient[]; /** Chat and push channels of recipients and teams. */ channels: ChannelConfig[] }
  | { ok: false; problems: FileProblem[] };

/** Parses and validates a recipients file's text; `file` is only used in messages. */
export function parseRecipients(source: string, file: string): RecipientsResult {
  const keysAt = (at: readonly PropertyKey[]) =>
    Object.keys(at.length === 0 ? fileSchema.shape : at[0] === 'defaults' ? defaultsSchema.shape : at[0] === 'teams' ? teamSchema.shape : recipientSchema.shape);
  const read = parseYamlText(source, file, fileSchema, hintFor, describeRecipientIssue(keysAt));
  if (!read.ok) return read;
  // Line positions are only needed to point at a duplicate: the text is parsed for them on that rare path.
  let counter: LineCounter | undefined;
  const defaults = { ...RECIPIENT_DEFAULTS, ...stripUndefined(read.value.defaults ?? {}) };
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  const recipients = read.value.recipients.map((raw, i) => {
    const { channels: _channels, ...fields } = raw;
    const { name, address } = splitNamedAddress(raw.address);
    const r: Recipient = { ...defaults, ...stripUndefined(fields), address, ...(name ? { name } : {}) };
    const key = r.address.toLowerCase();
    if (seen.has(key)) {
      if (!counter) parseDocument(source, { lineCounter: (counter = new LineCounter()) });
      const pos = locate(read.doc, counter, ['recipients', i, 'address']);
      problems.push({
        file,
        line: pos?.line ?? null,
        column: pos?.column ?? null,
        message: `${r.address} is listed twice`,
        hint: 'merge the two entries into one',
      });
    }
    seen.add(key);
    return r;
  });
  // Each channel with its owner; positions are read only when the file has channels at all.
  const owned: Array<{ raw: RawChannel; owner: ChannelOwner; at: PropertyKey[] }> = [];
  read.value.recipients.forEach((raw, i) => {
    const r = recipients[i]!;
    const owner = { owner: r.address, entries: r.entries, watchlists: r.watchlists, timeZone: r.timeZone };
    (raw.channels ?? []).forEach((c, j) => owned.push({ raw: c, owner, at: ['recipients', i, 'channels', j] }));
  });
  (read.value.teams ?? []).forEach((team, i) => {
    const owner = { owner: `team:${team.name}`, entries: team.entries ?? [], watchlists: team.watchlists ?? [], timeZone: team.timeZone ?? defaults.timeZone };
    team.channels.forEach((c, j) => owned.push({ raw: c, owner, at: ['teams', i, 'channels', j] }));
  });
  if (owned.length > 0 && !counter) parseDocument(source, { lineCounter: (counter = new LineCounter()) });
  const placed = owned.map((o) => ({ ...o, pos: whereIs(file, read.doc, counter!, o.at) }));
  problems.push(...duplicateChannelNames(placed.map((p) => ({ name: p.raw.name, ...p.pos })), file));
  const channels = placed.map((p) => toChannelConfig(p.raw, p.owner, p.pos.text));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, recipients, channels };
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/** `RASID_DIGEST_TO`: comma-separated addresses, each with the defaults (every entry, every run). */
export function parseDigestTo(value: string): RecipientsResult {
  const addresses = value.split(',').map((a) => a.trim()).filter(Boolean);
  const problems = addresses.flatMap((a): FileProblem[] => {
    const problem = namedAddressProblem(a);
    if (!problem) return [];
    return [{ file: 'RASID_DIGEST_TO', line: null, column: null, message: `"${a}" ${problem}`, hint: 'separate addresses (or Name <address>) with commas' }];
  });
  if (problems.length > 0) return { ok: false, problems };
  const parts = addresses.map(splitNamedAddress);
  const unique = [...new Map(parts.map((p) => [p.address.toLowerCase(), p])).values()];
  return { ok: true, recipients: unique.map((p) => defaultRecipient(p.address, p.name)), channels: [] };
}

/** The recipients file when there is one (`file` null: none), else `RASID_DIGEST_TO`, else nobody. */
export function loadRecipients(options: { file: string | null; digestTo?: string | null }): RecipientsResult {
  if (options.file) {
    let source: string;
    try {
      source = fs.readFileSync(options.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return {
        ok: false,
        problems: [{ file: options.file, line: null, column: null, message: `cannot read the recipients file (${code})`, hint: 'check the path (RASID_RECIPIENTS) and its permissions' }],
      };
    }
    return parseRecipients(source, options.file);
  }
  return options.digestTo ? parseDigestTo(options.digestTo) : { ok: true, recipients: [], channels: [] };
}

/**
 * The recipients for this run, throwing every problem at once: the recipients file when it exists
 * (`required` makes a missing file an error, for an explicitly given path), else `RASID_DIGEST_TO`.
 */
export function recipientsFromConfig(options: { recipientsFile: string; digestTo?: string | null; required?: boolean }): Recipient[] {
  const exists = fs.existsSync(options.recipientsFile);
  const read = loadRecipients({ file: exists || options.required ? options.recipientsFile : null, digestTo: options.digestTo });
  if (!read.ok) throw new ConfigError(read.problems.map(formatProblem));
  return read.recipients;
}

/** Whether a recipient wants hits of this entry at this priority. `watchlistOf` maps entry → watchlist id. */
export function isSubscribed(
  recipient: Recipient,
  hit: { entry: string; priority: Priority },
  watchlistOf: (entry: string) => string | undefined,
): boolean {
  if (PRIORITIES.indexOf(hit.priority) < PRIORITIES.indexOf(recipient.minPriority)) return false;
  if (recipient.entries.length === 0 && recipient.watchlists.length === 0) return true;
  if (recipient.entries.includes(hit.entry)) return true;
  const watchlist = watchlistOf(hit.entry);
  return watchlist !== undefined && recipient.watchlists.includes(watchlist);
}
