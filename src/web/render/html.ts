// Building blocks of every page. Templates are hono/html tagged templates, which escape every
// interpolated value unless it is itself a template: feed text can only ever be text. Feed strings
// also lose control and bidi-override characters (cleanText), sit in <bdi>, and blocks of them
// carry the direction of their text (dirOf), so an Arabic title keeps its direction beside English
// labels without reordering them.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { cleanText, safeHttpUrl } from '../../digest/escape.ts';
import { localDateTimeFormatter, type TimeFormatter } from '../../digest/format-date.ts';
import { highlightSegments } from '../../digest/highlight.ts';
import { directionOf } from '../../digest/text-direction.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export { html };

/** A string from a feed (or any outside source), isolated in its own direction. */
export function feedText(text: string | null | undefined, fallback = ''): Html {
  const clean = cleanText(text);
  return html`<bdi>${clean || fallback}</bdi>`;
}

/**
 * The direction of a block of feed text, from its first strong character (the language when it has
 * none): dir="auto" would not look inside the <bdi> that isolates the text, so blocks say it outright.
 */
export function dirOf(text: string | null | undefined, language?: string | null): 'rtl' | 'ltr' {
  return directionOf(cleanText(text), language);
}

/** A snippet with the matched words marked; the text is escaped piece by piece. */
export function markedSnippet(snippet: string | null | undefined, terms: readonly string[]): Html {
  const segments = highlightSegments(cleanText(snippet, { keepTags: true }), [...terms]);
  return html`${segments.map((s) => (s.match ? html`<mark>${s.text}</mark>` : s.text))}`;
}

/** A link out to an article: http(s) only (a `javascript:` link becomes plain text), opened without a referrer. */
export function outLink(url: string | null | undefined, label: Html | string): Html {
  const safe = safeHttpUrl(url);
  if (!safe) return html`${label}`;
  return html`<a href="${safe}" rel="noopener noreferrer nofollow" target="_blank">${label}</a>`;
}

const formatters = new Map<string, TimeFormatter>();

/** "29 Nov 2026, 07:05" in the viewer's zone, machine-readable in `datetime`. */
export function timeTag(iso: string | null | undefined, timeZone: string): Html {
  if (!iso) return html`<span class="muted">unknown time</span>`;
  let format = formatters.get(timeZone);
  if (!format) formatters.set(timeZone, (format = localDateTimeFormatter(timeZone)));
  return html`<time datetime="${iso}">${format(iso) ?? iso}</time>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** `<option>`s with the current value selected. */
export function options(choices: Array<{ value: string; label: string }>, current: string | undefined): Html {
  return html`${choices.map((o) => html`<option value="${o.value}"${o.value === (current ?? '') ? html` selected` : ''}>${o.label}</option>`)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A list of problems in the file:line form, as the CLI prints them. */
export function problemList(title: string, problems: readonly string[]): Html {
  if (problems.length === 0) return html``;
  return html`<section class="problems" role="alert"><h2>${title}</h2><ul>${problems.map((p) => html`<li><code dir="auto">${p}</code></li>`)}</ul></section>`;
}
