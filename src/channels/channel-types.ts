// What every channel shares: the service-neutral message a channel renders, the typed outcome of a
// send, and the one interface every service implements (the mail transports' pattern, for chat and
// push services). A channel renders a message into a request once; that request is frozen in the
// ledger and `send` takes it, so a retry after a failure or a crash sends exactly the same bytes.
import type { FrozenRequest } from '../store/channel-ledger.ts';
import type { Priority } from '../types.ts';

export const CHANNEL_TYPES = ['webhook', 'slack', 'teams', 'discord', 'telegram', 'ntfy', 'matrix'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export type { FrozenRequest };

/** One hit as a channel shows it. Every string except `entryLabel` comes from a feed and is hostile until rendered. */
export interface ChannelItem {
  hitId: number;
  entry: string;
  /** The entry's name from the watchlists. */
  entryLabel: string;
  priority: Priority;
  title: string;
  source: string;
  snippet: string;
  /** An absolute http(s) URL, or null when the feed gave none (or a dangerous one). */
  link: string | null;
  language: string | null;
  /** ISO-8601 UTC, or null. */
  published: string | null;
  /** `published` in the owner's time zone, in words ("28 Nov 2026, 08:10 Africa/Tripoli"), or null. */
  when: string | null;
  /** The matched words as written in the article. */
  terms: string[];
}

export interface ChannelMessage {
  kind: 'alert' | 'summary' | 'test';
  /** Rasid's own words: "Rasid alert: Mody's Benghazi trip". */
  heading: string;
  /** The hits shown, highest priority first. */
  items: ChannelItem[];
  /** Hits the message accounts for without showing them ("and N more"). */
  more: number;
  /** Where the rest can be read (the web UI, else the first article), or null. */
  moreLink: string | null;
  /** The highest priority in the message (ntfy's priority and tags, colours). */
  priority: Priority;
  /** Every hit the message accounts for. */
  hitIds: number[];
  /** Summary only: hits per entry label, most first. */
  counts: Array<{ label: string; count: number }>;
  /** When the message was composed (ISO-8601 UTC). */
  createdAt: string;
}

/** The typed answer of a send: what the ledger does next follows from it alone. */
export type SendOutcome =
  | { outcome: 'sent'; status: number }
  /** Transient (network, timeout, 408, 429, 5xx): try again, not before `afterMs` when the service said so. */
  | { outcome: 'retry-later'; afterMs: number | null; reason: string; status: number | null }
  /** The service refused this message (4xx other than 408/429, a redirect): retrying as is will not help. */
  | { outcome: 'permanent-failure'; reason: string; status: number };

export interface Channel {
  readonly name: string;
  readonly type: ChannelType;
  /** Where messages go, in words and without secrets, e.g. "Slack incoming webhook ($RASID_SLACK_DESK)". */
  readonly target: string;
  /** The request for a message, without secrets (pure: same message and key, same bytes). */
  render(message: ChannelMessage, idempotencyKey: string): FrozenRequest;
  /** Sends a frozen request, resolving its secrets now, and says what happened in words. Never throws for a network or service failure. */
  send(request: FrozenRequest): Promise<SendOutcome>;
}
