// Feed text on its way to a chat service. It is hostile: cleaned like the digest's (no tags,
// control or bidi-override characters), cut to size, kept in its own direction with Unicode
// isolates, and stripped of mention power; each service's renderer then escapes it for its markup.
import { cleanText, truncate } from '../digest/escape.ts';
import { directionOf } from '../digest/text-direction.ts';

/** Cleaned and cut feed text, not yet escaped or isolated. */
export function feedText(value: string | null | undefined, max: number): string {
  return truncate(cleanText(value), max);
}

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * Wraps text in an isolate so Arabic keeps its direction beside Latin words and neither reorders the
 * line around it: right-to-left when the article's language and its letters say so, first-strong otherwise.
 * cleanText already removed any isolate the feed itself carried, so the pair cannot be unbalanced.
 */
export function isolateFeed(text: string, language?: string | null): string {
  if (!text) return text;
  return `${directionOf('', language) === 'rtl' && RTL_LETTER.test(text) ? RLI : FSI}${text}${PDI}`;
}

const WORD_JOINER = '\u2060';

/**
 * Takes the power out of feed text while keeping it readable. `@channel`, `@here`, `@everyone`,
 * `@room`, `@username`: an invisible word joiner after the `@` makes it no longer a mention in
 * Slack, Discord, Matrix or Telegram. `http://…` written in a headline: a word joiner after the
 * colon keeps clients from turning it into a link; the only links are the ones Rasid makes.
 */
export function defuse(text: string): string {
  return text
    .replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, `$1@${WORD_JOINER}`)
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1:${WORD_JOINER}`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${WORD_JOINER}.`);
}

/** HTML for Telegram and Matrix: every feed character that could open markup becomes an entity. */
export function escapeChatHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Markdown (Discord, Teams): a backslash before every ASCII punctuation mark markdown gives a meaning
 * to, and before a list or heading marker at the start.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~|<>[\]()#!]/g, '\\$&').replace(/^(\s*)([-+]|\d+\.)(?=\s)/, (_m, space: string, mark: string) => `${space}${mark.replace(/([-+.])/, '\\$1')}`);
}
