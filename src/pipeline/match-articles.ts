// The match stage: every article not yet matched is matched against the compiled watchlists and
// its hits stored. An article is marked matched in the same transaction as its hits, so a crash
// never leaves an article matched without its hits (or matched twice). A batch is taken inside
// that transaction (on PostgreSQL with FOR UPDATE SKIP LOCKED), so workers sharing the database
// match different articles.
import type { CompiledWatchlists } from '../match/compile-watchlists.ts';
import { matchArticle } from '../match/match-article.ts';
import { claimUnmatchedArticles } from '../store/articles-repo.ts';
import { markMatched, storeHitsOf } from '../store/hits-repo.ts';
import type { Store } from '../store/open-store.ts';
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

export async function matchNewArticles(deps: {
  store: Store;
  watchlists: CompiledWatchlists;
  now: () => Date;
  onProgress?: (done: number) => void;
}): Promise<MatchReport> {
  const report: MatchReport = { articlesMatched: 0, hitsNew: 0, hitsByEntry: {} };
  for (;;) {
    const batch = await deps.store.sql.transaction(async () => {
      const articles = await claimUnmatchedArticles(deps.store, BATCH);
      if (articles.length === 0) return null;
      const now = deps.now();
      const found = articles.map((article) => ({ articleId: article.id, hits: matchArticle(deps.watchlists, articleToMatchInput(article)) }));
      const added = await storeHitsOf(deps.store, found, now);
      const hitsNew = added.length;
      const entries = added.map((a) => a.entry);
      await markMatched(deps.store, articles.map((a) => a.id), now);
      return { size: articles.length, hitsNew, entries };
    });
    if (!batch) return report;
    // Counted after the commit, so a batch rolled back counts for nothing.
    for (const entry of batch.entries) report.hitsByEntry[entry] = (report.hitsByEntry[entry] ?? 0) + 1;
    report.hitsNew += batch.hitsNew;
    report.articlesMatched += batch.size;
    deps.onProgress?.(report.articlesMatched);
  }
}
