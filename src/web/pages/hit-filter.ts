// The hit list's query string (shared by the page and GET /api/hits) → a store filter, with a
// sentence for each value that makes no sense instead of a silently empty list.
import type { HitPageFilter } from '../../store/hit-list.ts';
import type { ConfigView } from '../live-config.ts';
import { endOfDay, startOfDay } from '../render/dates.ts';

export interface HitQuery {
  /** An entry id, or `watchlist:NAME` for every entry of a watchlist. */
  entry: string;
  feed: string;
  language: string;
  from: string;
  to: string;
  state: string;
}

export const PAGE_SIZE = 50;

const positiveId = (value: string | undefined) => (value && /^\d{1,15}$/.test(value) ? Number(value) : undefined);

export function readHitQuery(q: (name: string) => string | undefined): HitQuery {
  const get = (name: string) => (q(name) ?? '').trim().slice(0, 200);
  return { entry: get('entry'), feed: get('feed'), language: get('language'), from: get('from'), to: get('to'), state: get('state') };
}

export function hitFilter(
  query: HitQuery,
  paging: { before?: string; after?: string; limit?: number },
  config: ConfigView,
  timeZone: string,
): { filter: HitPageFilter; problems: string[] } {
  const problems: string[] = [];
  const filter: HitPageFilter = { limit: paging.limit ?? PAGE_SIZE };
  if (query.entry.startsWith('watchlist:')) {
    const name = query.entry.slice('watchlist:'.length);
    const list = config.watchlists.find((w) => w.name === name);
    if (list) filter.entries = list.entries.map((e) => e.id);
    else problems.push(`there is no watchlist named "${name}"`);
  } else if (query.entry) filter.entries = [query.entry];
  if (query.feed) filter.feed = query.feed;
  if (query.language) filter.language = query.language;
  if (query.from) {
    const from = startOfDay(query.from, timeZone);
    if (from) filter.from = from;
    else problems.push(`"${query.from}" is not a date: write it as 2026-11-28`);
  }
  if (query.to) {
    const to = endOfDay(query.to, timeZone);
    if (to) filter.to = to;
    else problems.push(`"${query.to}" is not a date: write it as 2026-11-28`);
  }
  if (query.state === 'pending' || query.state === 'delivered') filter.state = query.state;
  else if (query.state) problems.push(`state "${query.state}" is neither pending nor delivered`);
  const before = positiveId(paging.before);
  const after = positiveId(paging.after);
  if (before !== undefined) filter.before = before;
  else if (after !== undefined) filter.after = after;
  return { filter, problems };
}

/** The query string of a hit list page with these filters (and a page cursor). */
export function hitQueryString(query: HitQuery, cursor: Record<string, number | null> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(cursor)) if (v !== null) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}
