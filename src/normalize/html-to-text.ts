// Feed content is often HTML. Matching, terms and snippets work on the text a reader sees: tags
// removed (block tags become line breaks so words on both sides stay apart; inline tags vanish so
// "Haf<b>tar</b>" stays one word), script and style dropped, entities decoded last so that an
// escaped "&lt;b&gt;" stays visible text.
import { decodeHTML } from 'entities';

const TAG_OR_ENTITY = /<[a-zA-Z!/?][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/;
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);

/** True when the text has tags or entities worth decoding. */
export function looksLikeHtml(text: string): boolean {
  return TAG_OR_ENTITY.test(text);
}

export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>|<[!?][^>]*>/g, (_tag, name: string | undefined) =>
      name && INLINE.has(name.toLowerCase()) ? '' : '\n',
    );
  return decodeHTML(text)
    .replace(/[ \t\f\r]*\n[\s]*/g, '\n')
    .replace(/[ \t\f\r]{2,}/g, ' ')
    .trim();
}

/** Plain text of a field that may or may not be HTML. */
export function fieldText(value: string | null | undefined): string {
  if (!value) return '';
  return looksLikeHtml(value) ? htmlToText(value) : value;
}
