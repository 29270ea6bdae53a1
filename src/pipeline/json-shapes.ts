// The JSON a hit and a search result are given as, one shape wherever they leave Rasid:
// `rasid hits --json`, `rasid search --json` and the web UI's `/api/hits` and `/api/search`.
import { searchExcerpt, type SearchTerms } from '../match/search-snippet.ts';
import type { ListedHit } from '../store/hit-queries.ts';
import type { SearchRow } from '../store/search-index.ts';

/** One hit: `rasid hits --json`, `/api/hits`. */
export function hitJson(hit: ListedHit) {
  return {
    id: hit.hitId,
    entry: hit.entry,
    priority: hit.priority,
    terms: hit.terms,
    snippet: hit.snippet,
    why: hit.why,
    createdAt: hit.createdAt,
    article: {
      id: hit.article.id,
      title: hit.article.title,
      url: hit.article.url,
      published: hit.article.published,
      language: hit.article.language,
      feed: hit.article.feedId,
      source: hit.source,
      alsoIn: hit.alsoIn,
    },
    deliveredTo: hit.deliveredTo,
  };
}

/** One search result with its excerpt around the words found: `rasid search --json`, `/api/search`. */
export function searchResultJson(row: SearchRow, query: SearchTerms) {
  const excerpt = searchExcerpt([row.summary, row.content, row.title], query);
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    feed: row.feedId,
    source: row.source,
    language: row.language,
    published: row.published,
    fetchedAt: row.fetchedAt,
    snippet: excerpt?.snippet ?? null,
    terms: excerpt?.terms ?? [],
    entries: row.entries,
  };
}
