// The match stage: every article not yet matched is matched against the compiled watchlists and
// its hits stored. An article is marked matched in the same transaction as its hits, so a crash
// never leaves an article matched without its hits (or matched twice).
import type { CompiledWatchlists } from '../match/compile-watchlists.ts';
import { matchArticle } from '../match/match-article.ts';
import { unmatchedArticles } from '../store/articles-repo.ts';
import { markMatched, storeHits } from '../store/hits-repo.ts';
import type { Store } from '../store/open-store.ts';
import { indexArticles } from '../store/search-index.ts';
import type { MatchInput, StoredArticle } from '../types.ts';

export interface MatchReport {
  articlesMatched: number;
  hitsNew: number;
  /** New hits per watchlist entry id. */
  hitsByEntry: Record<string, number>;
}

const BATCH = 200;

export function articleToMatchInput(a: StoredArticle): MatchInput {
  // The summary and the full content often overlap; both are searched so neither is missed.
  const body = [a.summary, a.content].filter((s): s is string => Boolean(s) && s !== a.title);
  const unique = body.length === 2 && body[0] === body[1] ? [body[0]!] : body;
  return { id: String(a.id), title: a.title, content: unique.join('\n\n'), url: a.url, lang: a.language };
}

export function matchNewArticles(deps: {
  store: Store;
  watchlists: CompiledWatchlists;
  now: () => Date;
  onProgress?: (done: number) => void;
}): MatchReport {
  const report: MatchReport = { articlesMatched: 0, hitsNew: 0, hitsByEntry: {} };
  for (;;) {
    const batch = unmatchedArticles(deps.store, BATCH);
    if (batch.length === 0) return report;
    const found = batch.map((a) => ({ article: a, hits: matchArticle(deps.watchlists, articleToMatchInput(a)) }));
    const now = deps.now();
    deps.store.db.transaction(() => {
      for (const { article, hits } of found) {
        const added = storeHits(deps.store, article.id, hits, now);
        report.hitsNew += added;
        if (added > 0) for (const h of hits) report.hitsByEntry[h.entry] = (report.hitsByEntry[h.entry] ?? 0) + 1;
      }
      markMatched(deps.store, batch.map((a) => a.id), now);
      indexArticles(deps.store, batch);
    });
    report.articlesMatched += batch.length;
    deps.onProgress?.(report.articlesMatched);
  }
}
