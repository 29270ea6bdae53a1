// Hits → sections: one per watchlist entry, highest priority first, stories newest first, capped per
// entry with the rest counted ("and N more"), never dropped silently.
import { PRIORITIES, type PendingHit, type Priority } from '../types.ts';
import type { EntryCatalog, EntrySection } from './digest-types.ts';
import { groupStories, timeOf } from './group-stories.ts';

const rank = (p: Priority) => PRIORITIES.indexOf(p);

export function labelOf(entry: string, catalog: EntryCatalog): string {
  return catalog.get(entry)?.label ?? entry;
}

/**
 * `articleEntries` gives every entry each article matched, when `hits` is only part of them (an
 * alert carries only the critical hits); by default it is read from `hits`.
 */
export function buildSections(
  hits: PendingHit[],
  catalog: EntryCatalog,
  maxPerEntry: number,
  articleEntries?: ReadonlyMap<number, ReadonlySet<string>>,
): EntrySection[] {
  const entriesByArticle = new Map<number, Set<string>>();
  const byEntry = new Map<string, PendingHit[]>();
  for (const hit of hits) {
    const entries = entriesByArticle.get(hit.article.id) ?? new Set<string>();
    entries.add(hit.entry);
    entriesByArticle.set(hit.article.id, entries);
    const list = byEntry.get(hit.entry) ?? [];
    list.push(hit);
    byEntry.set(hit.entry, list);
  }
  const entriesOf = (articleId: number) => articleEntries?.get(articleId) ?? entriesByArticle.get(articleId) ?? new Set<string>();

  const sections = [...byEntry].map(([entry, entryHits]): EntrySection => {
    const stories = groupStories(entryHits, entriesOf).sort(
      (a, b) => rank(b.lead.priority) - rank(a.lead.priority) || timeOf(b.lead) - timeOf(a.lead),
    );
    const priority = entryHits.reduce<Priority>((p, h) => (rank(h.priority) > rank(p) ? h.priority : p), 'low');
    return {
      entry,
      label: labelOf(entry, catalog),
      priority,
      stories: stories.slice(0, maxPerEntry),
      more: Math.max(0, stories.length - maxPerEntry),
      hitCount: entryHits.length,
    };
  });
  return sections.sort(
    (a, b) =>
      rank(b.priority) - rank(a.priority) ||
      b.stories.length + b.more - (a.stories.length + a.more) ||
      a.label.localeCompare(b.label),
  );
}

/** The same sections with at most `maxPerEntry` stories shown each (cheap: no regrouping). */
export function capSections(sections: EntrySection[], maxPerEntry: number): EntrySection[] {
  return sections.map((s) => {
    return { ...s, stories: s.stories.slice(0, maxPerEntry), more: Math.max(0, storyCount(s) - maxPerEntry) };
  });
}

export function storyCount(section: EntrySection): number {
  return section.stories.length + section.more;
}

export function totalStories(sections: EntrySection[]): number {
  return sections.reduce((n, s) => n + storyCount(s), 0);
}
