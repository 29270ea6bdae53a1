// The hits of one entry or one watchlist as an Atom or JSON Feed: what `rasid export-feed` writes to
// a file and what the web UI serves at /api/hits/feed.atom and /api/hits/feed.json, one code path.
import { hitListLink } from '../channels/compose-channel-message.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import { renderAtomFeed, renderJsonFeed, type HitFeedInfo } from '../digest/hit-feeds.ts';
import { listHits, type ListedHit } from '../store/hit-queries.ts';
import type { Store } from '../store/store.ts';

/** How the caller names the two choices in its messages: `--entry` on the command line, `entry` in a URL. */
export interface HitFeedNames {
  entry: string;
  watchlist: string;
}

export interface HitFeedRequest {
  entry?: string;
  watchlist?: string;
  format: 'atom' | 'json';
  /** At most this many hits, newest first. */
  limit: number;
  /** ISO time: only hits found since. */
  since?: string;
  /** Where the feed itself is served. */
  selfUrl?: string | null;
}

export type HitFeed = { ok: true; text: string; hits: number; what: string; contentType: string } | { ok: false; problems: string[] };

export async function hitFeed(
  store: Store,
  catalog: EntryCatalog,
  publicUrl: string | null,
  request: HitFeedRequest,
  now: Date,
  names: HitFeedNames = { entry: 'entry', watchlist: 'watchlist' },
): Promise<HitFeed> {
  const problems: string[] = [];
  if (Boolean(request.entry) === Boolean(request.watchlist)) problems.push(`give exactly one of ${names.entry} ID or ${names.watchlist} NAME`);
  const entries = request.entry ? [request.entry] : [...catalog.values()].filter((e) => e.watchlist === request.watchlist).map((e) => e.id);
  if (request.entry && !catalog.has(request.entry)) problems.push(`${names.entry} ${request.entry}: no such entry (known: ${[...catalog.keys()].join(', ')})`);
  if (request.watchlist && entries.length === 0) {
    const lists = [...new Set([...catalog.values()].map((e) => e.watchlist).filter(Boolean))];
    problems.push(`${names.watchlist} ${request.watchlist}: no such watchlist (known: ${lists.join(', ')})`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const found: ListedHit[] = [];
  for (const entry of entries) found.push(...(await listHits(store, { entry, since: request.since, limit: request.limit })));
  const newest = found.sort((a, b) => b.hitId - a.hitId).slice(0, request.limit);
  const what = request.entry ? (catalog.get(request.entry)?.label ?? request.entry) : `watchlist ${request.watchlist}`;
  const info: HitFeedInfo = {
    title: `Rasid: ${what}`,
    id: request.entry ? `urn:rasid:hits:entry:${request.entry}` : `urn:rasid:hits:watchlist:${request.watchlist}`,
    description: `Hits on ${what} found by Rasid, newest first`,
    selfUrl: request.selfUrl ?? null,
    homeUrl: hitListLink(publicUrl, request.entry ? [request.entry] : []),
    generatedAt: now,
  };
  return request.format === 'json'
    ? { ok: true, text: renderJsonFeed(newest, info, catalog), hits: newest.length, what, contentType: 'application/feed+json; charset=utf-8' }
    : { ok: true, text: renderAtomFeed(newest, info, catalog), hits: newest.length, what, contentType: 'application/atom+xml; charset=utf-8' };
}
