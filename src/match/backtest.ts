// Re-matching an archive with other watchlists: which (article, entry) hits would be gained and
// which lost compared with the hits stored. Pure: articles (read as they come, from the archive),
// stored hits and the matcher come in.
import type { MatchInput } from '../types.ts';

export interface BacktestArticle {
  id: number;
  title: string | null;
  input: MatchInput;
}

export interface EntryChange {
  entry: string;
  kept: number;
  gained: number;
  lost: number;
  /** A few examples of each, article id and title. */
  gainedExamples: Array<{ id: number; title: string | null; terms: string[] }>;
  lostExamples: Array<{ id: number; title: string | null }>;
}

export interface BacktestReport {
  articles: number;
  entries: EntryChange[];
}

const EXAMPLES = 3;

export async function backtest(
  articles: Iterable<BacktestArticle> | AsyncIterable<BacktestArticle>,
  stored: Map<number, string[]>,
  match: (input: MatchInput) => Array<{ entry: string; terms: string[] }>,
  onProgress?: (done: number) => void,
): Promise<BacktestReport> {
  const byEntry = new Map<string, EntryChange>();
  const change = (entry: string) => {
    let c = byEntry.get(entry);
    if (!c) byEntry.set(entry, (c = { entry, kept: 0, gained: 0, lost: 0, gainedExamples: [], lostExamples: [] }));
    return c;
  };
  let count = 0;
  for await (const a of articles) {
    const before = new Set(stored.get(a.id) ?? []);
    const now = match(a.input);
    for (const h of now) {
      const c = change(h.entry);
      if (before.has(h.entry)) c.kept++;
      else {
        c.gained++;
        if (c.gainedExamples.length < EXAMPLES) c.gainedExamples.push({ id: a.id, title: a.title, terms: h.terms });
      }
    }
    const nowIds = new Set(now.map((h) => h.entry));
    for (const entry of before)
      if (!nowIds.has(entry)) {
        const c = change(entry);
        c.lost++;
        if (c.lostExamples.length < EXAMPLES) c.lostExamples.push({ id: a.id, title: a.title });
      }
    count++;
    onProgress?.(count);
  }
  return { articles: count, entries: [...byEntry.values()].sort((a, b) => a.entry.localeCompare(b.entry)) };
}
