// The plain-text part: readable on its own in any client. Matched terms are *starred*, feed text of
// the other direction sits in Unicode isolates, and unsafe links are withheld rather than printed.
import { alertedLabel, alertMarkOf } from './alert-mark.ts';
import { storyCount } from './build-sections.ts';
import type { EntrySection, FeedHealth, Story } from './digest-types.ts';
import { cleanText, safeHttpUrl, truncate } from './escape.ts';
import type { TimeFormatter } from './format-date.ts';
import { highlightSegments } from './highlight.ts';
import { languageName, MAX_HEALTH_LINES, type DigestView } from './render-html.ts';
import { isolate } from './text-direction.ts';

function storyText(story: Story, view: DigestView): string[] {
  const hit = story.lead;
  const lines = [`* ${isolate(truncate(cleanText(hit.article.title) || '(untitled)', 200))}`];
  const meta = [isolate(cleanText(hit.source))];
  const lang = languageName(hit.article.language);
  if (lang) meta.push(lang);
  const when = view.formatTime(hit.article.published ?? hit.article.fetchedAt);
  if (when) meta.push(when);
  let metaLine = meta.join(' · ');
  if (story.alsoIn.length > 0) metaLine += ` · also in: ${story.alsoIn.map((s) => isolate(cleanText(s))).join(', ')}`;
  lines.push(`  ${metaLine}`);
  const mark = alertMarkOf(story, view.alertedArticles);
  if (mark) lines.push(`  ${alertedLabel(mark, view.formatTime, view.generatedAt)} (the alert's Message-ID: ${mark.messageId})`);
  if (!view.compact) {
    const snippet = truncate(cleanText(hit.snippet), view.snippetChars);
    const marked = highlightSegments(snippet, hit.terms)
      .map((s) => (s.match ? `*${s.text}*` : s.text))
      .join('');
    if (marked) lines.push(`  ${isolate(marked)}`);
    if (hit.why.length > 0) lines.push(`  Why: ${hit.why.slice(0, 3).map((w) => isolate(truncate(cleanText(w, { keepTags: true }), 160))).join('; ')}`);
  }
  const url = safeHttpUrl(hit.article.url);
  lines.push(`  ${url ?? '(no web link)'}`);
  return lines;
}

function sectionText(section: EntrySection, view: DigestView, note = ''): string[] {
  const count = storyCount(section);
  const lines = [
    '',
    `== ${isolate(cleanText(section.label))} [${section.priority}] — ${count} ${count === 1 ? 'story' : 'stories'}${note} ==`,
  ];
  for (const story of section.stories) lines.push('', ...storyText(story, view));
  if (section.more > 0) {
    lines.push('', `  … and ${section.more} more ${section.more === 1 ? 'story' : 'stories'} on ${isolate(cleanText(section.label))}`);
  }
  return lines;
}

function healthText(health: FeedHealth[], formatTime: TimeFormatter): string[] {
  if (health.length === 0) return [];
  const lines = ['', '== Source health =='];
  for (const f of health.slice(0, MAX_HEALTH_LINES)) {
    const since = formatTime(f.since);
    const what = f.problem === 'channel-refused'
      ? `gave up (latest ${since ?? ''}): ${isolate(f.error ?? '')}`
      : f.problem === 'failing'
      ? `failing (${f.failures} attempt${f.failures === 1 ? '' : 's'}${since ? `, last success ${since}` : ', never fetched'}): ${isolate(f.error ?? '')}`
      : `silent: no new item since ${since ?? 'it was added'}`;
    lines.push(`- ${f.isNew ? 'NEW ' : ''}${isolate(f.title)} — ${what}`);
  }
  if (health.length > MAX_HEALTH_LINES) lines.push(`- and ${health.length - MAX_HEALTH_LINES} more (see rasid status)`);
  return lines;
}

export function renderText(view: DigestView): string {
  const lines = [view.heading, `${view.generatedAt} (${view.timeZone}) · ${view.summary}`];
  if (view.sections.length === 0 && view.alerted.length === 0) lines.push('', 'No new hits on your watchlists since the last digest.');
  for (const s of view.sections) lines.push(...sectionText(s, view));
  for (const s of view.alerted) lines.push(...sectionText(s, view, ' (already sent as an alert)'));
  lines.push(...healthText(view.health, view.formatTime));
  lines.push('', '-- ', 'Sent by Rasid. Each hit is sent to you once; `rasid hits` lists them all.', '');
  return lines.join('\n');
}
