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

  for (const hit of ordered) {
    const words = titleWords(hit.article.title, hit.terms);
    const time = timeOf(hit);
    const group = groups.find((g) =>
      g.members.some((other, i) => {
        const gap = Math.abs(time - timeOf(other));
        if (gap <= SAME_LANGUAGE_WINDOW_MS && similarity(words, g.words[i]!) >= TITLE_SIMILARITY) return true;
        return (
          gap <= CROSS_LANGUAGE_WINDOW_MS &&
          language(hit) !== language(other) &&
          entriesOf(hit.article.id).size >= 2 &&
          entryKey(hit) === entryKey(other)
        );
      }),
    );
    if (group) {
      group.members.push(hit);
      group.words.push(words);
    } else {
      groups.push({ members: [hit], words: [words] });
    }
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
