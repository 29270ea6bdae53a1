// The HTML part: tables and inline styles only (what Gmail, Outlook and Apple Mail agree on), no
// scripts, no remote images, every feed string escaped and every link checked to be http(s).
// Snippets carry their own direction (`dir`) inside the LTR layout; titles and names are <bdi>.
import type { PendingHit } from '../types.ts';
import { alertedLabel, alertMarkOf, midUrl, type AlertMark } from './alert-mark.ts';
import { storyCount } from './build-sections.ts';
import type { EntrySection, FeedHealth, Story } from './digest-types.ts';
import { cleanText, escapeHtml, safeHttpUrl, truncate } from './escape.ts';
import type { TimeFormatter } from './format-date.ts';
import { highlightSegments } from './highlight.ts';
import { directionOf } from './text-direction.ts';

export interface DigestView {
  kind: 'digest' | 'alert';
  heading: string;
  /** "29 Nov 2026, 07:00" in the recipient's zone. */
  generatedAt: string;
  timeZone: string;
  formatTime: TimeFormatter;
  summary: string;
  sections: EntrySection[];
  /** Critical stories already sent as alerts, repeated on request. */
  alerted: EntrySection[];
  health: FeedHealth[];
  /** Articles this recipient already got as an alert (digests only): marked, with a link to the alert. */
  alertedArticles?: ReadonlyMap<number, AlertMark>;
  /** Leaves snippets and reasons out (used only when a huge day would not fit the size budget). */
  compact: boolean;
  snippetChars: number;
}

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,Tahoma,'Noto Naskh Arabic','Segoe UI',sans-serif";
const PRIORITY_COLOURS: Record<string, string> = { critical: '#b91c1c', high: '#c2410c', normal: '#1d4ed8', low: '#4b5563' };
const LANGUAGE_NAMES: Record<string, string> = { ar: 'Arabic', fr: 'French', en: 'English', ru: 'Russian' };
/** Source-health lines shown before "and N more" (both the HTML and the text part). */
export const MAX_HEALTH_LINES = 8;
/**
 * Feed text may hold words longer than the column (a 400-letter title, a URL in a snippet). Without
 * this, a table cell grows to its longest unbreakable word, the 640px layout becomes wider than the
 * window, and right-aligned (Arabic) lines land off screen. Fixed table layout plus wrapping anywhere
 * keeps every line inside the column in browsers and webmail; old clients ignore what they don't know.
 */
const WRAP = 'word-wrap:break-word;overflow-wrap:anywhere;word-break:break-word;';
const FIXED = 'table-layout:fixed;';

export function languageName(code: string | null): string | null {
  if (!code) return null;
  const base = code.toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGE_NAMES[base] ?? cleanText(code).slice(0, 12);
}

/** Plain text escaped and wrapped in <bdi> so its direction never reorders what surrounds it. */
function bdi(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

function snippetHtml(hit: PendingHit, maxChars: number): string {
  const text = truncate(cleanText(hit.snippet), maxChars);
  const dir = directionOf(text, hit.article.language);
  const body = highlightSegments(text, hit.terms)
    .map((s) =>
      s.match
        ? `<mark style="background:#fde68a;color:#111827;padding:0 1px;">${escapeHtml(s.text)}</mark>`
        : escapeHtml(s.text),
    )
    .join('');
  const align = dir === 'rtl' ? 'right' : 'left';
  return `<div dir="${dir}" style="margin:6px 0 0;font-size:14px;line-height:1.6;color:#374151;text-align:${align};">${body}</div>`;
}

function metaLine(story: Story, view: DigestView): string {
  const hit = story.lead;
  const parts = [bdi(cleanText(hit.source))];
  const lang = languageName(hit.article.language);
  if (lang) parts.push(escapeHtml(lang));
  const when = view.formatTime(hit.article.published ?? hit.article.fetchedAt);
  if (when) parts.push(escapeHtml(when));
  let line = parts.join(' &middot; ');
  if (story.alsoIn.length > 0) {
    line += ` &middot; also in: ${story.alsoIn.map((s) => bdi(cleanText(s))).join(', ')}`;
  }
  return `<div style="font-size:12px;color:#6b7280;margin-top:2px;">${line}</div>`;
}

function storyHtml(story: Story, view: DigestView): string {
  const hit = story.lead;
  const title = truncate(cleanText(hit.article.title) || '(untitled)', 200);
  const dir = directionOf(title, hit.article.language);
  const url = safeHttpUrl(hit.article.url);
  const titleHtml = url
    ? `<a href="${escapeHtml(url)}" style="color:#0f3d7a;text-decoration:none;font-weight:bold;">${escapeHtml(title)}</a>`
    : `<span style="font-weight:bold;">${escapeHtml(title)}</span> <span style="font-size:12px;color:#9ca3af;">(no web link)</span>`;
  const why = view.compact || hit.why.length === 0
    ? ''
    : `<div style="font-size:12px;color:#6b7280;margin-top:4px;">Why: ${hit.why.slice(0, 3).map((w) => bdi(truncate(cleanText(w, { keepTags: true }), 160))).join('; ')}</div>`;
  const snippet = view.compact ? '' : snippetHtml(hit, view.snippetChars);
  const mark = alertMarkOf(story, view.alertedArticles);
  const alerted = mark
    ? `<div style="font-size:12px;color:#b91c1c;margin-top:2px;">${escapeHtml(alertedLabel(mark, view.formatTime, view.generatedAt))} &middot; <a href="${escapeHtml(midUrl(mark.messageId))}" style="color:#b91c1c;">see the alert</a></div>`
    : '';
  return `<tr><td style="padding:10px 0;border-top:1px solid #e5e7eb;${WRAP}">
<div dir="${dir}" style="font-size:15px;line-height:1.4;text-align:${dir === 'rtl' ? 'right' : 'left'};">${titleHtml}</div>
${metaLine(story, view)}${alerted}${snippet}${why}</td></tr>`;
}

function sectionHtml(section: EntrySection, view: DigestView, note = ''): string {
  const colour = PRIORITY_COLOURS[section.priority] ?? '#4b5563';
  const count = storyCount(section);
  const more = section.more > 0
    ? `<tr><td style="padding:8px 0;border-top:1px solid #e5e7eb;font-size:13px;color:#374151;${WRAP}">&hellip; and ${section.more} more ${section.more === 1 ? 'story' : 'stories'} on ${bdi(cleanText(section.label))}</td></tr>`
    : '';
  return `<tr><td style="padding:18px 24px 4px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FIXED}">
<tr><td style="padding:0 0 6px;font-size:18px;font-weight:bold;color:#111827;${WRAP}">${bdi(cleanText(section.label))}
<span style="display:inline-block;margin-left:6px;padding:1px 6px;border-radius:3px;background:${colour};color:#ffffff;font-size:11px;font-weight:normal;vertical-align:middle;">${escapeHtml(section.priority)}</span>
<span style="font-size:13px;font-weight:normal;color:#6b7280;"> ${count} ${count === 1 ? 'story' : 'stories'}${note}</span></td></tr>
${section.stories.map((s) => storyHtml(s, view)).join('\n')}
${more}</table></td></tr>`;
}

function healthHtml(health: FeedHealth[], formatTime: TimeFormatter): string {
  if (health.length === 0) return '';
  const lines = health.slice(0, MAX_HEALTH_LINES).map((f) => {
    const since = formatTime(f.since);
    const what = f.problem === 'channel-refused'
      ? `gave up (latest ${escapeHtml(since ?? '')}): ${bdi(f.error ?? '')}`
      : f.problem === 'failing'
      ? `failing (${f.failures} attempt${f.failures === 1 ? '' : 's'}${since ? `, last success ${escapeHtml(since)}` : ', never fetched'}): ${bdi(f.error ?? '')}`
      : `silent: no new item since ${escapeHtml(since ?? 'it was added')}`;
    const fresh = f.isNew ? '<b style="color:#b91c1c;">new</b> ' : '';
    return `<li style="margin:2px 0;">${fresh}${bdi(f.title)} &mdash; ${what}</li>`;
  });
  const rest = health.length - MAX_HEALTH_LINES;
  if (rest > 0) lines.push(`<li style="margin:2px 0;">and ${rest} more (see <code>rasid status</code>)</li>`);
  return `<tr><td style="padding:18px 24px 8px;${WRAP}">
<div style="font-size:15px;font-weight:bold;color:#111827;">Source health</div>
<ul style="margin:6px 0 0;padding-left:18px;font-size:13px;color:#374151;">${lines.join('')}</ul></td></tr>`;
}

export function renderHtml(view: DigestView): string {
  const contents = view.sections.length > 1
    ? `<tr><td style="padding:4px 24px 0;font-size:13px;color:#374151;${WRAP}">${view.sections
        .map((s) => `${bdi(cleanText(s.label))}&nbsp;(${storyCount(s)})`)
        .join(' &middot; ')}</td></tr>`
    : '';
  const alerted = view.alerted.map((s) => sectionHtml(s, view, ' &middot; already sent as an alert')).join('\n');
  const empty = view.sections.length === 0 && view.alerted.length === 0
    ? '<tr><td style="padding:18px 24px;font-size:14px;color:#374151;">No new hits on your watchlists since the last digest.</td></tr>'
    : '';
  return `<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light"><title>${escapeHtml(view.heading)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;background:#f3f4f6;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FIXED}width:100%;max-width:640px;background:#ffffff;${FONT};color:#1f2937;">
<tr><td style="padding:20px 24px 8px;${WRAP}border-bottom:3px solid ${view.kind === 'alert' ? '#b91c1c' : '#0f3d7a'};">
<div style="font-size:20px;font-weight:bold;color:#111827;">${escapeHtml(view.heading)}</div>
<div style="font-size:13px;color:#6b7280;margin-top:4px;">${escapeHtml(view.generatedAt)} (${escapeHtml(view.timeZone)}) &middot; ${escapeHtml(view.summary)}</div></td></tr>
${contents}
${empty}
${view.sections.map((s) => sectionHtml(s, view)).join('\n')}
${alerted}
${healthHtml(view.health, view.formatTime)}
<tr><td style="padding:16px 24px 20px;font-size:11px;color:#9ca3af;border-top:1px solid #e5e7eb;">Sent by Rasid (<bdi>راصد</bdi>). Times are in ${escapeHtml(view.timeZone)}. Each hit is sent to you once; <code>rasid hits</code> lists them all.</td></tr>
</table></td></tr></table></body></html>
`;
}
