// One fetch of a feed about to be added (`rasid feeds add`), through the same fetch and parse code
// as a cycle, so the check meets the same limits and the same private-network guard. Nothing is
// stored: the answer only decides whether the address goes into the feeds file.
import { FetchError } from '../errors.ts';
import { fetchFeed } from '../fetch/fetch-feed.ts';
import { fetchLimits, type FetchLimits } from '../fetch/limits.ts';
import type { FeedSettings } from '../types.ts';
import { parseBody } from './fetch-feeds.ts';

export type FeedCheck =
  | { ok: true; finalUrl: string; movedTo: string | null; items: number; newest: string | null }
  | { ok: false; error: string; kind: string; namedFeed: string | null };

const quiet = { debug() {}, info() {}, warn() {} };

export async function checkNewFeed(feed: FeedSettings, limits: Partial<FetchLimits>, now: () => Date = () => new Date()): Promise<FeedCheck> {
  const outcome = await fetchFeed(feed, null, { now, limits: fetchLimits(limits) });
  if (outcome.status === 'failed') return { ok: false, error: outcome.error.message, kind: outcome.error.kind, namedFeed: null };
  // A first request carries no validators, so a 304 is a server's quirk, not an answer about the feed.
  if (outcome.status === 'not-modified') return { ok: false, error: 'the server answered 304 Not Modified to a first request', kind: 'http-status', namedFeed: null };
  try {
    const { items } = parseBody(feed, outcome.body, outcome.contentType, outcome.finalUrl, quiet);
    const dates = items.map((i) => i.published).filter((d): d is string => d !== null).sort();
    return { ok: true, finalUrl: outcome.finalUrl, movedTo: outcome.permanentUrl, items: items.length, newest: dates.at(-1) ?? null };
  } catch (err) {
    if (err instanceof FetchError) return { ok: false, error: err.message, kind: err.kind, namedFeed: err.details.namedFeed ?? null };
    throw err;
  }
}
