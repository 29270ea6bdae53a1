// Optional full text for feeds that only carry a two-line summary: fetch the linked article
// pages and extract their main text, so matching sees the whole story. Bounded (a few pages per
// feed and run, only links not stored yet, no retries) and polite (the per-host limit applies).
import { canonicalUrl } from '../fetch/canonical-url.ts';
import { fetchPage, type FetchDeps } from '../fetch/fetch-feed.ts';
import type { HostLimiter } from '../fetch/host-limiter.ts';
import { decodeBytes } from '../parse/decode-bytes.ts';
import { extractMainText } from '../parse/extract-main-text.ts';
import { storedCanonicalUrls } from '../store/articles-repo.ts';
import type { Store } from '../store/open-store.ts';
import type { FeedItem } from '../types.ts';

export interface ArticlePageContext {
  store: Store;
  limiter: HostLimiter;
  fetchDeps: FetchDeps;
}

export async function withArticleText(items: FeedItem[], ctx: ArticlePageContext): Promise<{ items: FeedItem[]; pagesFetched: number; pagesFailed: number }> {
  const { limits } = ctx.fetchDeps;
  const keys = items.map((item) => (item.link ? canonicalUrl(item.link) : null));
  const known = await storedCanonicalUrls(ctx.store, keys.filter((k): k is string => k !== null));
  const chosen = new Set<number>();
  for (let i = 0; i < items.length && chosen.size < limits.maxArticlePagesPerFeed; i++) {
    const key = keys[i];
    if (key && !known.has(key)) chosen.add(i);
  }
  const pageDeps: FetchDeps = { ...ctx.fetchDeps, limits: { ...limits, retries: 0 } };
  let pagesFetched = 0;
  let pagesFailed = 0;
  const result = [...items];
  await Promise.all(
    [...chosen].map(async (i) => {
      const item = items[i]!;
      const link = item.link!;
      const outcome = await ctx.limiter.run(link, () => fetchPage(link, pageDeps));
      if (outcome.status !== 'fetched') {
        pagesFailed++;
        if (outcome.status === 'failed')
          ctx.fetchDeps.logger?.debug({ url: link, error: outcome.error.message }, 'article page not fetched');
        return;
      }
      let text: string | null;
      try {
        const html = decodeBytes(outcome.body, { contentType: outcome.contentType, kind: 'html' }).text;
        text = extractMainText(html, outcome.finalUrl);
      } catch (err) {
        // A page the extractor chokes on costs that item its full text, not the feed its items.
        pagesFailed++;
        ctx.fetchDeps.logger?.debug({ url: link, error: (err as Error).message }, 'article text not extracted');
        return;
      }
      pagesFetched++;
      if (text && text.length > (item.content?.length ?? 0)) result[i] = { ...item, content: text };
    }),
  );
  return { items: result, pagesFetched, pagesFailed };
}
