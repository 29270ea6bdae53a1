// Entry labels and watchlists for the digest, from loaded or compiled watchlists (both carry them).
import type { EntryCatalog } from './digest-types.ts';

export function entryCatalog(entries: Iterable<{ id: string; name: string; watchlist?: string }>): EntryCatalog {
  const catalog = new Map<string, { id: string; label: string; watchlist?: string }>();
  for (const e of entries) {
    catalog.set(e.id, { id: e.id, label: e.name || e.id, ...(e.watchlist ? { watchlist: e.watchlist } : {}) });
  }
  return catalog;
}

/** The same from `loadWatchlists` output: entries grouped under their watchlist's name. */
export function entryCatalogFromWatchlists(
  watchlists: Array<{ name: string; entries: Array<{ id: string; name: string }> }>,
): EntryCatalog {
  return entryCatalog(watchlists.flatMap((w) => w.entries.map((e) => ({ id: e.id, name: e.name, watchlist: w.name }))));
}
