// Pending hits → one service-neutral channel message (pure). A burst becomes one message: the first
// few hits shown, the rest counted ("and 197 more") with a link to where they can all be read.
import type { EntryCatalog } from '../digest/digest-types.ts';
import { cleanText, safeHttpUrl } from '../digest/escape.ts';
import { localDateTimeFormatter, localDayAndHour, type TimeFormatter } from '../digest/format-date.ts';
import { PRIORITIES, type PendingHit, type Priority } from '../types.ts';
import type { ChannelItem, ChannelMessage } from './channel-types.ts';
import { feedText } from './feed-text.ts';

export const TITLE_CHARS = 240;
export const SNIPPET_CHARS = 400;

export interface ComposeChannelOptions {
  kind: 'alert' | 'summary';
  catalog: EntryCatalog;
  now: Date;
  /** The owner's time zone, for the dates shown. */
  timeZone: string;
  /** How many hits a message shows before "and N more". */
  showAtMost: number;
  /** The web UI's address (RASID_PUBLIC_URL): "and N more" links to its hit list. */
  publicUrl?: string | null;
}

const rank = (p: Priority) => PRIORITIES.indexOf(p);

function labelOf(catalog: EntryCatalog, entry: string): string {
  return cleanText(catalog.get(entry)?.label) || entry;
}

export function toChannelItem(hit: PendingHit, catalog: EntryCatalog, formatTime: TimeFormatter, timeZone: string): ChannelItem {
  const when = formatTime(hit.article.published ?? hit.createdAt);
  return {
    hitId: hit.hitId,
    entry: hit.entry,
    entryLabel: labelOf(catalog, hit.entry),
    priority: hit.priority,
    title: feedText(hit.article.title, TITLE_CHARS) || '(no title)',
    source: feedText(hit.source, 120),
    snippet: feedText(hit.snippet, SNIPPET_CHARS),
    link: safeHttpUrl(hit.article.url),
    language: hit.article.language,
    published: hit.article.published,
    when: when && `${when} ${timeZone}`,
    terms: hit.terms.map((t) => feedText(t, 80)).filter(Boolean),
  };
}

/** The hit list of the web UI for these entries, or null without RASID_PUBLIC_URL. */
export function hitListLink(publicUrl: string | null | undefined, entries: string[]): string | null {
  const base = safeHttpUrl(publicUrl);
  if (!base) return null;
  const url = new URL('hits', base.endsWith('/') ? base : `${base}/`);
  if (entries.length === 1) url.searchParams.set('entry', entries[0]!);
  return url.href;
}

function countByLabel(items: ChannelItem[]): ChannelMessage['counts'] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.entryLabel, (counts.get(item.entryLabel) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function headingOf(kind: ComposeChannelOptions['kind'], counts: ChannelMessage['counts'], total: number, day: string): string {
  const labels = counts.map((c) => c.label);
  const named = labels.length <= 2 ? labels.join(', ') : `${labels.slice(0, 2).join(', ')} and ${labels.length - 2} more`;
  if (kind === 'summary') return `Rasid daily summary ${day}: ${total} ${total === 1 ? 'hit' : 'hits'}${named ? ` on ${named}` : ''}`;
  if (total === 1) return `Rasid alert: ${named}`;
  return `Rasid: ${total} alerts on ${named}`;
}

export function composeChannelMessage(hits: PendingHit[], options: ComposeChannelOptions): ChannelMessage {
  // Highest priority first; within a priority, in the order they were found.
  const ordered = [...hits].sort((a, b) => rank(b.priority) - rank(a.priority) || a.hitId - b.hitId);
  const formatTime = localDateTimeFormatter(options.timeZone);
  const items = ordered.map((h) => toChannelItem(h, options.catalog, formatTime, options.timeZone));
  const shown = items.slice(0, Math.max(1, options.showAtMost));
  const more = items.length - shown.length;
  const counts = countByLabel(items);
  const entries = [...new Set(items.map((i) => i.entry))];
  return {
    kind: options.kind,
    heading: headingOf(options.kind, counts, items.length, localDayAndHour(options.now, options.timeZone).day),
    items: shown,
    more,
    moreLink: more > 0 || options.kind === 'summary' ? (hitListLink(options.publicUrl, entries) ?? shown[0]?.link ?? null) : null,
    priority: items.reduce<Priority>((p, i) => (rank(i.priority) > rank(p) ? i.priority : p), 'low'),
    hitIds: items.map((i) => i.hitId).sort((a, b) => a - b),
    counts,
    createdAt: options.now.toISOString(),
  };
}

/** The harmless message of `rasid channels test NAME`. */
export function testChannelMessage(channelName: string, now: Date): ChannelMessage {
  return {
    kind: 'test',
    heading: `Rasid test message for channel ${channelName}`,
    items: [],
    more: 0,
    moreLink: null,
    priority: 'low',
    hitIds: [],
    counts: [],
    createdAt: now.toISOString(),
  };
}
