// What the digest stage works with: pending hits in, composed messages out. Plain data only.
import type { PendingHit, Priority } from '../types.ts';

/** What the digest knows about a watchlist entry beyond its id (from the compiled watchlists). */
export interface EntryInfo {
  id: string;
  /** Human name, e.g. "Mody's Benghazi trip"; the id when unknown. */
  label: string;
  /** The watchlist the entry belongs to (recipients can subscribe to whole watchlists). */
  watchlist?: string;
}
export type EntryCatalog = ReadonlyMap<string, EntryInfo>;

/** A feed worth a line in the digest's source-health section. */
export interface FeedHealth {
  feedId: string;
  title: string;
  url: string;
  /** `channel-refused`: a chat or push channel refused messages until Rasid gave them up (src/channels/channel-health.ts). */
  problem: 'failing' | 'silent' | 'channel-refused';
  /** Failing: consecutive failures; silent: 0. */
  failures: number;
  /** Failing: the last error in words; silent: null. */
  error: string | null;
  /** Failing: first known failure time (last success); silent: newest item date. ISO, or null if never. */
  since: string | null;
  /** Became unhealthy after the recipient's previous digest. */
  isNew: boolean;
}

/** One story: the same news from one or more outlets (or languages), shown once. */
export interface Story {
  /** The hit shown (highest priority, then earliest). */
  lead: PendingHit;
  /** The other hits of the same story in this entry, listed as "also in". */
  others: PendingHit[];
  /** Outlet names for "also in: …" (the lead's own source excluded), deduplicated. */
  alsoIn: string[];
}

export interface EntrySection {
  entry: string;
  label: string;
  priority: Priority;
  /** Stories shown, newest first. */
  stories: Story[];
  /** Stories not shown because of the per-entry cap ("and N more"). */
  more: number;
  /** All hits of this entry in the message (shown or counted). */
  hitCount: number;
}

export interface ComposedMessage {
  kind: 'digest' | 'alert';
  subject: string;
  html: string;
  text: string;
  /** Every hit the message accounts for (shown, grouped, or counted in "and N more"). */
  hitIds: number[];
  hitCount: number;
  sections: EntrySection[];
}

/** What composing needs besides the hits. */
export interface ComposeOptions {
  /** The recipient's time zone for dates shown. */
  timeZone: string;
  maxPerEntry: number;
  catalog: EntryCatalog;
  health: FeedHealth[];
  now: Date;
  /** Critical hits already sent as alerts, shown again when the recipient asked for that. */
  alreadyAlerted?: PendingHit[];
  /** Every entry each article matched, when the hits given are a subset (see buildSections). */
  articleEntries?: ReadonlyMap<number, ReadonlySet<string>>;
  /** Articles already sent to this recipient as an alert, by article id: marked in a digest (alert-mark.ts). */
  alertedArticles?: ReadonlyMap<number, AlertMark>;
  /** Size budget for the HTML part in bytes (Gmail clips at 102 KB). */
  maxHtmlBytes?: number;
}

/** An article already sent to a recipient as an alert: when, and the alert's Message-ID (`<…@…>`). */
export interface AlertMark {
  /** When the alert went out (ISO). */
  at: string;
  messageId: string;
}
