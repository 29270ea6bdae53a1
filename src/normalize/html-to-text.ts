// Feed content is often HTML. Matching, terms and snippets work on the text a reader sees: tags
// removed (block tags become line breaks so words on both sides stay apart; inline tags vanish so
// "Haf<b>tar</b>" stays one word), script and style dropped, entities decoded last so that an
// escaped "&lt;b&gt;" stays visible text. The scanner moves forward only (indexOf from the current
// position), so hostile input such as thousands of unclosed "<p" stays linear; a regex over tags
// would rescan to the end for each of them.
import { decodeHTML } from 'entities';

const TAG_OR_ENTITY = /<[a-zA-Z!/?][^>]{0,200}>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/;
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template']);
const TAG_NAME = /^\/?([a-zA-Z][a-zA-Z0-9-]*)/;

/** True when the text has tags or entities worth decoding. */
export function looksLikeHtml(text: string): boolean {
  return TAG_OR_ENTITY.test(text);
}

function isTagStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2f || c === 0x21 || c === 0x3f;
}

export function htmlToText(html: string): string {
  const parts: string[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || lt + 1 >= n) {
      parts.push(html.slice(i));
      break;
    }
    parts.push(html.slice(i, lt));
    if (!isTagStart(html.charCodeAt(lt + 1))) {
      parts.push('<');
      i = lt + 1;
      continue;
    }
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      parts.push(' ');
      i = end < 0 ? n : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt);
    if (gt < 0) {
      // An unclosed tag to the end: nothing after it can be a tag either.
      parts.push(' ');
      break;
    }
    const name = TAG_NAME.exec(html.slice(lt + 1, Math.min(gt, lt + 40)))?.[1]?.toLowerCase();
    const closing = html.charCodeAt(lt + 1) === 0x2f;
    i = gt + 1;
    if (name && !closing && RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'gi');
      close.lastIndex = i;
      const found = close.exec(html);
      i = found ? close.lastIndex : n;
      parts.push('\n');
      continue;
    }
    parts.push(name && INLINE.has(name) ? '' : '\n');
  }
  return decodeHTML(parts.join(''))
    .replace(/[ \t\f\r]*\n\s*/g, '\n')
    .replace(/[ \t\f\r]{2,}/g, ' ')
    .trim();
}

/** Plain text of a field that may or may not be HTML. */
export function fieldText(value: string | null | undefined): string {
  if (!value) return '';
  return looksLikeHtml(value) ? htmlToText(value) : value;
}
