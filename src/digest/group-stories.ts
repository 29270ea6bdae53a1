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
  // Times, languages and entry sets are read once per hit: a backlog of many thousand hits of one
  // entry (a first digest, a long outage) compares each hit with many others.
  const times = new Map(hits.map((h) => [h, timeOf(h)]));
  const time = (h: PendingHit) => times.get(h)!;
  const ordered = [...hits].sort((a, b) => time(a) - time(b) || a.hitId - b.hitId);
  const groups: Array<{ members: PendingHit[]; words: Array<Set<string>> }> = [];
  const keys = new Map(ordered.map((h) => [h, [...entriesOf(h.article.id)].sort().join('\u0000')]));
  const multi = new Map(ordered.map((h) => [h, entriesOf(h.article.id).size >= 2]));
  const languages = new Map(ordered.map((h) => [h, language(h)]));
  const wordsOf = new Map(ordered.map((h) => [h, titleWords(h.article.title, h.terms)]));
  const widest = Math.max(SAME_LANGUAGE_WINDOW_MS, CROSS_LANGUAGE_WINDOW_MS);

  // Candidate groups come from an index on title words (and on the entry set), so a long day costs
  // about n·k rather than n²; words in a fifth of all titles are too common to narrow anything down.
  const frequency = new Map<string, number>();
  for (const words of wordsOf.values()) for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const common = Math.max(8, ordered.length / 5);
  const byWord = new Map<string, Set<number>>();
  const byEntryKey = new Map<string, Set<number>>();
  const index = (map: Map<string, Set<number>>, key: string, group: number) => map.set(key, (map.get(key) ?? new Set()).add(group));

  const joins = (hit: PendingHit, words: Set<string>, group: { members: PendingHit[]; words: Array<Set<string>> }): boolean => {
    const t = time(hit);
    // Members were added in time order: walk back from the newest and stop past the widest window.
    for (let i = group.members.length - 1; i >= 0; i--) {
      const other = group.members[i]!;
      const gap = Math.abs(t - time(other));
      if (gap > widest) break;
      if (gap <= SAME_LANGUAGE_WINDOW_MS && similarity(words, group.words[i]!) >= TITLE_SIMILARITY) return true;
      if (gap <= CROSS_LANGUAGE_WINDOW_MS && languages.get(hit) !== languages.get(other) && multi.get(hit) && keys.get(hit) === keys.get(other)) return true;
    }
    return false;
  };

  for (const hit of ordered) {
    const words = wordsOf.get(hit)!;
    const key = keys.get(hit)!;
    const rare = [...words].filter((w) => (frequency.get(w) ?? 0) <= common);
    const candidates = new Set<number>(byEntryKey.get(key) ?? []);
    if (rare.length === 0) groups.forEach((_, i) => candidates.add(i));
    for (const w of rare) for (const g of byWord.get(w) ?? []) candidates.add(g);

    const found = [...candidates].sort((a, b) => a - b).find((gi) => joins(hit, words, groups[gi]!));
    const gi = found ?? groups.push({ members: [], words: [] }) - 1;
    groups[gi]!.members.push(hit);
    groups[gi]!.words.push(words);
    for (const w of rare) index(byWord, w, gi);
    if (multi.get(hit)) index(byEntryKey, key, gi);
  }

  return groups.map(({ members }) => {
    const lead = [...members].sort(
      (a, b) => (PRIORITY_RANK[b.priority] ?? 0) - (PRIORITY_RANK[a.priority] ?? 0) || time(a) - time(b) || a.hitId - b.hitId,
    )[0]!;
    const others = members.filter((m) => m !== lead);
    const alsoIn = new Set<string>();
    for (const name of [...lead.alsoIn, ...others.flatMap((o) => [o.source, ...o.alsoIn])]) if (name !== lead.source) alsoIn.add(name);
    return { lead, others, alsoIn: [...alsoIn] };
  });
}
