// An article already sent to a recipient as an alert (through one critical entry) comes back in the
// next digest under the article's other entries: those hits were not in the alert and must still
// reach the recipient once. So the article stays, marked "alerted at 09:15" with a link to the
// alert (an RFC 2392 `mid:` link, which mail clients that support it open as that message).
import type { AlertMark, Story } from './digest-types.ts';

export type { AlertMark };
import type { TimeFormatter } from './format-date.ts';

/** The alert that carried this story's article (or one of its other outlets'), if any. */
export function alertMarkOf(story: Story, marks: ReadonlyMap<number, AlertMark> | undefined): AlertMark | null {
  if (!marks || marks.size === 0) return null;
  for (const hit of [story.lead, ...story.others]) {
    const mark = marks.get(hit.article.id);
    if (mark) return mark;
  }
  return null;
}

/** `mid:` URL of a Message-ID: its text without the angle brackets, percent-encoded. */
export function midUrl(messageId: string): string {
  return `mid:${encodeURIComponent(messageId.replace(/^<|>$/g, ''))}`;
}

/** "alerted at 09:15" on the digest's own day, "alerted on 28 Nov 2026, 09:15" before it. */
export function alertedLabel(mark: AlertMark, formatTime: TimeFormatter, generatedAt: string): string {
  const when = formatTime(mark.at);
  if (!when) return 'alerted earlier';
  const [day, time] = when.split(', ');
  return generatedAt.startsWith(`${day},`) ? `alerted at ${time}` : `alerted on ${when}`;
}
