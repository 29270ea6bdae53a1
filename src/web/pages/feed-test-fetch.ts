// "Test fetch" on the feeds page: what Rasid would read from an address, through the same fetch
// and parse code as a cycle (limits, redirects, charset detection, sanitising), nothing stored.
// A form that makes the server fetch any typed address is a way into the internal network, so
// private and loopback addresses are refused unless the feeds file allows them explicitly
// (`defaults.fetch.allowNetworks`, or `allowPrivateNetworks: true`), as in a cycle.
import { FetchError, NotAFeedError } from '../../errors.ts';
import { fetchFeed } from '../../fetch/fetch-feed.ts';
import { fetchLimits, type FetchLimits } from '../../fetch/limits.ts';
import { parseFeed } from '../../parse/parse-feed.ts';
import { parseHtmlListing } from '../../parse/parse-html-listing.ts';
import { clampItems } from '../../pipeline/clamp-items.ts';
import type { FeedItem, FeedSettings } from '../../types.ts';

export type TestFetchResult =
  | { ok: false; url: string; error: string }
  | {
      ok: true;
      url: string;
      finalUrl: string;
      movedTo: string | null;
      httpStatus: number;
      contentType: string | null;
      encoding: string;
      feedTitle: string | null;
      items: FeedItem[];
      warnings: string[];
    };

/** The limits of a test fetch: the feeds file's, private networks refused unless it allows them, no retries. */
export function testFetchLimits(configured: Partial<FetchLimits>): FetchLimits {
  return fetchLimits({ ...configured, allowPrivateNetworks: configured.allowPrivateNetworks ?? false, retries: 0 });
}

export async function testFetch(feed: FeedSettings, limits: FetchLimits, now: () => Date): Promise<TestFetchResult> {
  const outcome = await fetchFeed(feed, null, { now, limits });
  if (outcome.status === 'failed') return { ok: false, url: feed.url, error: outcome.error.message };
  if (outcome.status === 'not-modified') return { ok: false, url: feed.url, error: 'the server answered 304 Not Modified to a request without validators' };
  try {
    const parsed =
      feed.kind === 'html'
        ? parseHtmlListing(outcome.body, { contentType: outcome.contentType, url: outcome.finalUrl, selectors: feed.selectors! })
        : parseFeed(outcome.body, { contentType: outcome.contentType, url: outcome.finalUrl });
    return {
      ok: true,
      url: feed.url,
      finalUrl: outcome.finalUrl,
      movedTo: outcome.permanentUrl,
      httpStatus: outcome.httpStatus,
      contentType: outcome.contentType,
      encoding: parsed.encoding,
      feedTitle: parsed.feed.title,
      items: clampItems(parsed.items, now()),
      warnings: parsed.warnings ?? [],
    };
  } catch (err) {
    if (err instanceof NotAFeedError || err instanceof FetchError) return { ok: false, url: feed.url, error: err.message };
    throw err;
  }
}
