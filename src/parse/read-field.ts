// Reads one text field of a feed (title, summary, content) from its element, honouring the
// ways feeds mark what the text is: Atom `type` (text, html, xhtml, a MIME type) and Atom 0.3
// `mode` (xml, escaped, base64), inline XHTML or raw HTML tags inside RSS elements, and
// base64 bodies. Then turns it into what ParsedFeed promises: titles as plain text, summary and
// content as sanitised HTML (or plain text when there is no markup), every field capped in size.
import { decodeHTML } from 'entities/decode';
import { repairMojibake } from './repair-mojibake.ts';
import { htmlToText, sanitizeHtml } from './sanitize-html.ts';
import { stripControls } from './strip-controls.ts';
import type { XmlElement, XmlNode } from './xml-tree.ts';
import { childElements, textOf } from './xml-tree.ts';

export interface FieldValue {
  value: string;
  /** `html` is markup to sanitise; `text` is literal text. */
  kind: 'html' | 'text';
  base: string | null;
  /** What went wrong reading it, in words, for the feed's warnings. */
  problem?: string;
}

/** Size caps (characters). A 100,000-character title is an attack or an accident, not a headline. */
export const LIMITS = { title: 1_000, url: 4_096, summary: 100_000, content: 1_000_000, rawTitle: 20_000 } as const;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** Inline XML children written back out as HTML, namespace prefixes dropped. */
export function serializeChildren(element: XmlElement): string {
  let out = '';
  const write = (node: XmlNode) => {
    if (node.type === 'text') {
      out += escapeText(node.text);
      return;
    }
    out += `<${node.local}`;
    for (const [name, value] of node.attrs) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      out += ` ${name}="${escapeAttr(value)}"`;
    }
    out += '>';
    for (const child of node.children) write(child);
    out += `</${node.local}>`;
  };
  for (const child of element.children) write(child);
  return out;
}

const looksLikeMarkup = (s: string) => /<\/?[a-zA-Z][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);/.test(s);

/** Media types whose bodies are binary, so an Atom element of that type holds base64. */
const BINARY_TOP_LEVEL = /^(?:image|audio|video|font|model)\//;
const BINARY_APPLICATION = new Set([
  'application/octet-stream', 'application/pdf', 'application/zip', 'application/gzip', 'application/x-gzip', 'application/x-tar',
  'application/x-7z-compressed', 'application/x-bzip2', 'application/msword', 'application/x-shockwave-flash', 'application/ogg',
  'application/epub+zip', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint',
]);
const isBinaryType = (type: string) =>
  BINARY_TOP_LEVEL.test(type) || BINARY_APPLICATION.has(type) || /^application\/vnd\.(?:openxmlformats-|oasis\.opendocument\.)/.test(type);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text a base64 body holds, or why there is none: not base64 at all, or bytes that are not UTF-8 text. */
function decodeBase64(encoded: string): { text: string } | { problem: 'not-base64' | 'binary' } {
  // Base64 comes in lines; words with spaces between them on one line are text.
  if (/\S[ \t]+\S/.test(encoded)) return { problem: 'not-base64' };
  const compact = encoded.replace(/\s+/g, '');
  if (!compact || !BASE64.test(compact)) return { problem: 'not-base64' };
  let text: string;
  try {
    text = utf8.decode(Buffer.from(compact, 'base64'));
  } catch {
    return { problem: 'binary' };
  }
  // Text has no NULs and few control characters; binary data decoded by chance as UTF-8 has many.
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (text.includes('\u0000') || controls > text.length / 50) return { problem: 'binary' };
  return { text };
}

/**
 * A base64 body (Atom 0.3 mode="base64", or an Atom element of a binary media type). A body that
 * is not base64 is kept as written; binary data that is not text (an image) is left out. Either
 * way with a warning, never as garbage.
 */
function base64Field(element: XmlElement, type: string, htmlish: boolean): FieldValue {
  const written = textOf(element);
  const base = element.base;
  const decoded = decodeBase64(written);
  if ('text' in decoded) return { value: decoded.text, kind: htmlish || looksLikeMarkup(decoded.text) ? 'html' : 'text', base };
  if (decoded.problem === 'binary' && isBinaryType(type))
    return { value: '', kind: 'text', base, problem: `a ${element.local} of type ${type} is binary data, not text; left it out` };
  return { value: written, kind: htmlish ? 'html' : 'text', base, problem: `a ${element.local} of type ${type} should be base64 but is not valid base64 text; kept it as it is written` };
}

/** The value of an Atom text construct (or Atom 0.3 content element). */
export function readAtomField(element: XmlElement): FieldValue {
  // "text/html; charset=utf-8" is text/html.
  const type = (element.attrs.get('type') ?? '').split(';')[0]!.trim().toLowerCase() || 'text';
  const mode = (element.attrs.get('mode') ?? '').trim().toLowerCase();
  const hasChildren = childElements(element).length > 0;
  const base = element.base;
  const htmlish = type === 'html' || type === 'xhtml' || type.includes('html');
  if (mode === 'base64' || (!mode && isBinaryType(type))) return base64Field(element, type, htmlish);
  if (mode === 'escaped') return { value: textOf(element), kind: htmlish ? 'html' : 'text', base };
  if (type === 'xhtml' || type === 'application/xhtml+xml' || hasChildren || type.endsWith('+xml') || type.endsWith('/xml')) {
    return { value: hasChildren ? serializeChildren(element) : textOf(element), kind: hasChildren || htmlish ? 'html' : 'text', base };
  }
  if (htmlish) return { value: textOf(element), kind: 'html', base };
  // Every other type is text: text/*, JSON, scripts, an unknown token. RFC 4287 §4.1.3.3 says to
  // base64-decode any non-text type, but feeds mislabel text far more often than they embed binaries.
  return { value: textOf(element), kind: 'text', base };
}

/** The value of an RSS/RDF element: HTML, whether escaped or written inline. */
export function readRssField(element: XmlElement): FieldValue {
  if (childElements(element).length > 0) return { value: serializeChildren(element), kind: 'html', base: element.base };
  return { value: textOf(element), kind: 'html', base: element.base };
}

/** RSS titles and podcast descriptions are text that may carry entities or tags; only treat them as HTML when they do. */
export function readTextOrMarkup(element: XmlElement): FieldValue {
  const field = readRssField(element);
  return looksLikeMarkup(field.value) ? field : { ...field, kind: 'text' };
}

function cap(value: string, limit: number, label: string, warnings: string[]): string {
  if (value.length <= limit) return value;
  warnings.push(`a ${label} of ${value.length.toLocaleString('en')} characters was cut to ${limit.toLocaleString('en')}`);
  return value.slice(0, limit);
}

/**
 * Elements that embed, run or load something (an image, a script, a frame, a form control): a title
 * of nothing but these is an attack or a stray embed, and stays empty rather than becoming text.
 */
const ACTIVE_ELEMENTS = new Set(
  ('script style img image picture source iframe frame frameset object embed applet param video audio track canvas ' +
    'svg math link meta base form input button select textarea option noscript template').split(' '),
);

/**
 * A title made only of tags, read as HTML, leaves nothing: such a title means the brackets
 * literally (`&lt;tag&gt;`, `&lt;b&gt;`, a CMS placeholder `<untitled>`), so it is kept as text
 * rather than lost. Tags that embed or run something (a lone `<img>`, a `<script>`, an event
 * handler) still read as markup, so they never become text.
 */
function literalMarkup(raw: string): string {
  if (raw.includes('<!') || raw.includes('<?')) return '';
  const names = [...raw.matchAll(/<\/?([a-zA-Z][\w:.-]*)/g)].map((m) => m[1]!.toLowerCase());
  if (names.length === 0 || names.some((name) => ACTIVE_ELEMENTS.has(name))) return '';
  if (/<[^>]*\son[a-z]+\s*=/i.test(raw)) return '';
  return stripControls(decodeHTML(raw)).replace(/\s+/g, ' ').trim();
}

/** A title: plain text on one line, entities decoded, no control characters, at most LIMITS.title characters. */
export function toTitle(field: FieldValue | undefined, warnings: string[]): string | null {
  if (!field) return null;
  if (field.problem) warnings.push(field.problem);
  const raw = stripControls(repairMojibake(cap(field.value, LIMITS.rawTitle, 'title', warnings)));
  const read = field.kind === 'html' ? stripControls(htmlToText(raw, { singleLine: true })) : raw;
  const text = read.replace(/\s+/g, ' ').trim() || (field.kind === 'html' ? literalMarkup(raw) : '');
  const capped = cap(text, LIMITS.title, 'title', warnings);
  return capped || null;
}

/** Summary or content: sanitised HTML, or plain text when it holds no markup; no control characters; capped in size. */
export function toRichText(field: FieldValue | undefined, limit: number, label: string, warnings: string[]): string | null {
  if (!field) return null;
  if (field.problem) warnings.push(field.problem);
  const raw = stripControls(repairMojibake(cap(field.value, limit, label, warnings)));
  const html = stripControls(field.kind === 'html' ? sanitizeHtml(raw, field.base, (problem) => warnings.push(problem)) : escapeText(raw.trim()));
  if (!html) return null;
  if (!html.includes('<')) {
    // No element survived: give the text itself, unless it would read as markup.
    const text = html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (!text.includes('<')) return text;
  }
  return html;
}
