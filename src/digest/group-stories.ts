// The same story from several outlets, also across languages, is shown once with "also in: …".
// Two hits of an entry are one story when they were published close together and either their
// titles share most of their words (same language, or names spelled alike) or, across languages,
// the articles matched exactly the same set of two or more watchlist entries.
import type { PendingHit } from '../types.ts';
import type { Story } from './digest-types.ts';
import { cleanText } from './escape.ts';

const SAME_LANGUAGE_WINDOW_MS = 36 * 3600_000;
const CROSS_LANGUAGE_WINDOW_MS = 12 * 3600_000;
const TITLE_SIMILARITY = 0.5;

const PRIORITY_RANK: Record<string, number> = { low: 0, normal: 1, high: 2, critical: 3 };

export function timeOf(hit: PendingHit): number {
  const t = Date.parse(hit.article.published ?? hit.article.fetchedAt);
  return Number.isNaN(t) ? Date.parse(hit.createdAt) || 0 : t;
}

function fold(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Title words: case- and mark-folded, 3+ characters (or numbers). The matched terms are left out:
 * every hit of an entry shares them, so they say nothing about whether two stories are one.
 */
export function titleWords(title: string | null, terms: string[] = []): Set<string> {
  const skip = new Set(terms.flatMap(fold));
  return new Set(fold(cleanText(title)).filter((w) => (w.length >= 3 || /^\d+$/.test(w)) && !skip.has(w)));
}

/** Dice coefficient of two word sets (0..1). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return (2 * shared) / (a.size + b.size);
}

function language(hit: PendingHit): string {
  return (hit.article.language ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Groups the hits of one entry into stories. `entriesOf` gives every entry an article matched (across
 * the whole message), used for the cross-language rule.
 */
export function groupStories(hits: PendingHit[], entriesOf: (articleId: number) => ReadonlySet<string>): Story[] {
  const ordered = [...hits].sort((a, b) => timeOf(a) - timeOf(b) || a.hitId - b.hitId);
  const groups: Array<{ members: PendingHit[]; words: Array<Set<string>> }> = [];
  const entryKey = (hit: PendingHit) => [...entriesOf(hit.article.id)].sort().join('\u0000');
  const wordsOf = new Map(ordered.map((h) => [h, titleWords(h.article.title, h.terms)]));

  // Candidate groups come from an index on title words (and on the entry set), so a long day costs
  // about n·k rather than n²; words in a fifth of all titles are too common to narrow anything down.
  const frequency = new Map<string, number>();
  for (const words of wordsOf.values()) for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const common = Math.max(8, ordered.length / 5);
  const byWord = new Map<string, Set<number>>();
  const byEntryKey = new Map<string, Set<number>>();
  const index = (map: Map<string, Set<number>>, key: string, group: number) => map.set(key, (map.get(key) ?? new Set()).add(group));

  for (const hit of ordered) {
    const words = wordsOf.get(hit)!;
    const time = timeOf(hit);
    const key = entryKey(hit);
    const rare = [...words].filter((w) => (frequency.get(w) ?? 0) <= common);
    const candidates = new Set<number>(byEntryKey.get(key) ?? []);
    if (rare.length === 0) groups.forEach((_, i) => candidates.add(i));
    for (const w of rare) for (const g of byWord.get(w) ?? []) candidates.add(g);

    const found = [...candidates].sort((a, b) => a - b).find((gi) =>
      groups[gi]!.members.some((other, i) => {
        const gap = Math.abs(time - timeOf(other));
        if (gap <= SAME_LANGUAGE_WINDOW_MS && similarity(words, groups[gi]!.words[i]!) >= TITLE_SIMILARITY) return true;
        return (
          gap <= CROSS_LANGUAGE_WINDOW_MS &&
          language(hit) !== language(other) &&
          entriesOf(hit.article.id).size >= 2 &&
          key === entryKey(other)
        );
      }),
    );
    const gi = found ?? groups.push({ members: [], words: [] }) - 1;
    groups[gi]!.members.push(hit);
    groups[gi]!.words.push(words);
    for (const w of rare) index(byWord, w, gi);
    if (entriesOf(hit.article.id).size >= 2) index(byEntryKey, key, gi);
  }

  return groups.map(({ members }) => {
    const lead = [...members].sort(
      (a, b) => (PRIORITY_RANK[b.priority] ?? 0) - (PRIORITY_RANK[a.priority] ?? 0) || timeOf(a) - timeOf(b) || a.hitId - b.hitId,
    )[0]!;
    const others = members.filter((m) => m !== lead);
    const alsoIn: string[] = [];
    for (const name of [...lead.alsoIn, ...others.flatMap((o) => [o.source, ...o.alsoIn])]) {
      if (name !== lead.source && !alsoIn.includes(name)) alsoIn.push(name);
    }
    return { lead, others, alsoIn };
  });
}
