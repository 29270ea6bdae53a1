// Subject lines that say what matters. Built from trusted labels and counts (and, for alerts, one
// cleaned feed title), then stripped of anything that could break a header.
import type { PendingHit } from '../types.ts';
import type { EntrySection } from './digest-types.ts';
import { storyCount, totalStories } from './build-sections.ts';
import { cleanText, truncate } from './escape.ts';

const MAX_SUBJECT = 150;

export function headerText(value: string): string {
  return cleanText(value.replace(/[\r\n\u2028\u2029]+/g, ' '));
}

/** "Rasid: 3 new on Mody's Benghazi trip, 12 on Agadem pipeline, 4 on 2 more topics". */
export function digestSubject(sections: EntrySection[], dayLabel: string, alerted: EntrySection[] = []): string {
  if (sections.length === 0) {
    const repeated = totalStories(alerted);
    return repeated > 0
      ? `Rasid: no new hits; ${repeated} critical ${repeated === 1 ? 'story' : 'stories'} sent as alerts (${dayLabel})`
      : `Rasid: nothing new on your watchlists (${dayLabel})`;
  }
  let subject = 'Rasid:';
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    const part = `${i === 0 ? ' ' : ', '}${storyCount(s)}${i === 0 ? ' new' : ''} on ${headerText(s.label)}`;
    const rest = sections.slice(i);
    const restCount = totalStories(rest);
    const tail = `, ${restCount} on ${rest.length} more topic${rest.length === 1 ? '' : 's'}`;
    if (i > 0 && subject.length + part.length + (i < sections.length - 1 ? tail.length : 0) > MAX_SUBJECT) {
      return subject + tail;
    }
    subject += part;
  }
  return truncate(subject, MAX_SUBJECT);
}

/** "Rasid alert: Mody's Benghazi trip — <title>" (+ "and N more" when several critical hits arrive at once). */
export function alertSubject(sections: EntrySection[], hits: PendingHit[]): string {
  const first = sections[0];
  const lead = first?.stories[0]?.lead ?? hits[0];
  const label = first ? headerText(first.label) : 'critical entry';
  const title = truncate(headerText(lead?.article.title ?? '(untitled)'), 90);
  const stories = totalStories(sections);
  const extra = stories > 1 ? ` (+${stories - 1} more)` : '';
  return truncate(`Rasid alert: ${label} — ${title}${extra}`, MAX_SUBJECT + 40);
}
