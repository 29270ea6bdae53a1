// Last guard between a parsed feed and the database: whatever a hostile or broken feed managed to
// put in a field, what we store stays sane. A title of 100,000 characters is cut, a publication
// date in the year 20240 (or before the web) is dropped rather than sorting the story first forever.
import type { FeedItem } from '../types.ts';

export const MAX_TITLE_CHARS = 1_000;
export const MAX_SUMMARY_CHARS = 20_000;
export const MAX_CONTENT_CHARS = 500_000;
export const MAX_LINK_CHARS = 4_096;
/** Items per feed and fetch; a feed with more is a dump, not a news feed, and we keep the first. */
export const MAX_ITEMS_PER_FEED = 2_000;
const EARLIEST_DATE = '1990-01-01T00:00:00.000Z';
/** Clock skew and time-zone slips put honest items up to a day or so ahead; more is a broken date. */
const FUTURE_TOLERANCE_MS = 2 * 24 * 60 * 60 * 1000;

function cut(value: string | null, max: number): string | null {
  if (value === null || value.length <= max) return value;
  // Do not split a surrogate pair: an unpaired half is invalid text downstream.
  let end = max - 1;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}

export function saneDate(value: string | null, now: Date): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const iso = new Date(time).toISOString();
  if (iso < EARLIEST_DATE || time > now.getTime() + FUTURE_TOLERANCE_MS) return null;
  return iso;
}

export function clampItems(items: FeedItem[], now: Date): FeedItem[] {
  return items.slice(0, MAX_ITEMS_PER_FEED).map((item) => ({
    guid: cut(item.guid, MAX_LINK_CHARS),
    link: item.link !== null && item.link.length > MAX_LINK_CHARS ? null : item.link,
    title: cut(item.title, MAX_TITLE_CHARS),
    published: saneDate(item.published, now),
    summary: cut(item.summary, MAX_SUMMARY_CHARS),
    content: cut(item.content, MAX_CONTENT_CHARS),
  }));
}

/** The newest sane publication date, to tell when a feed stopped publishing. */
export function newestDate(items: FeedItem[]): string | null {
  let newest: string | null = null;
  for (const item of items) if (item.published && (newest === null || item.published > newest)) newest = item.published;
  return newest;
}
