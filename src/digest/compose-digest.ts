// Pending hits → one message (subject, HTML, text) for one recipient. Pure: the caller has already
// chosen the hits (subscriptions, priority) and fetched feed health; nothing here reads or sends.
import type { PendingHit } from '../types.ts';
import { buildSections, capSections, totalStories } from './build-sections.ts';
import type { ComposeOptions, ComposedMessage, EntrySection } from './digest-types.ts';
import { cleanText } from './escape.ts';
import { localDateTimeFormatter, localDayAndHour } from './format-date.ts';
import { renderHtml, type DigestView } from './render-html.ts';
import { renderText } from './render-text.ts';
import { alertSubject, digestSubject } from './subject.ts';

/** Gmail clips messages whose HTML passes ~102 KB; stay clear of it with the headers included. */
export const DEFAULT_MAX_HTML_BYTES = 95_000;
const SNIPPET_CHARS = 320;

function summaryOf(sections: EntrySection[], hitCount: number): string {
  const stories = totalStories(sections);
  if (stories === 0) return 'nothing new';
  return `${stories} ${stories === 1 ? 'story' : 'stories'} (${hitCount} ${hitCount === 1 ? 'hit' : 'hits'}) in ${sections.length} ${sections.length === 1 ? 'entry' : 'entries'}`;
}

function compose(kind: 'digest' | 'alert', hits: PendingHit[], options: ComposeOptions): ComposedMessage {
  const budget = options.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES;
  const formatTime = localDateTimeFormatter(options.timeZone);
  const generatedAt = formatTime(options.now.toISOString()) ?? options.now.toISOString();
  const alertedHits = kind === 'digest' ? (options.alreadyAlerted ?? []) : [];

  // Shrink until it fits: fewer stories per entry first (the rest is counted, not lost), then
  // shorter snippets, then none.
  const allSections = buildSections(hits, options.catalog, Number.MAX_SAFE_INTEGER, options.articleEntries);
  const allAlerted = alertedHits.length > 0 ? buildSections(alertedHits, options.catalog, Number.MAX_SAFE_INTEGER, options.articleEntries) : [];
  let cap = Math.max(1, options.maxPerEntry);
  let snippetChars = SNIPPET_CHARS;
  let compact = false;
  for (;;) {
    const sections = capSections(allSections, cap);
    const alerted = capSections(allAlerted, cap);
    const view: DigestView = {
      kind,
      heading: kind === 'alert' ? `Rasid alert: ${cleanText(sections[0]?.label ?? 'critical hit')}` : `Rasid daily digest — ${localDayAndHour(options.now, options.timeZone).day}`,
      generatedAt,
      timeZone: options.timeZone,
      formatTime,
      summary: summaryOf(sections, hits.length),
      sections,
      alerted,
      health: kind === 'digest' ? options.health : [],
      alertedArticles: kind === 'digest' ? options.alertedArticles : undefined,
      compact,
      snippetChars,
    };
    const html = renderHtml(view);
    const fits = Buffer.byteLength(html, 'utf8') <= budget;
    if (fits || (cap === 1 && compact)) {
      const subject = kind === 'alert' ? alertSubject(sections, hits) : digestSubject(sections, generatedAt.split(',')[0] ?? generatedAt, alerted);
      return {
        kind,
        subject,
        html,
        text: renderText(view),
        hitIds: hits.map((h) => h.hitId).sort((a, b) => a - b),
        hitCount: hits.length,
        sections,
      };
    }
    if (cap > 1) cap = Math.max(1, Math.floor(cap * 0.6));
    else if (snippetChars > 120) snippetChars = 120;
    else compact = true;
  }
}

/** The daily digest. Empty `hits` gives the "nothing new" message (sent only when the recipient asked). */
export function composeDigest(hits: PendingHit[], options: ComposeOptions): ComposedMessage {
  return compose('digest', hits, options);
}

/** An immediate alert for critical hits. */
export function composeAlert(hits: PendingHit[], options: ComposeOptions): ComposedMessage {
  return compose('alert', hits, options);
}
