// Reads one text field of a feed (title, summary, content) from its element, honouring the
// ways feeds mark what the text is: Atom `type` (text, html, xhtml, a MIME type) and Atom 0.3
// `mode` (xml, escaped, base64), inline XHTML or raw HTML tags inside RSS elements, and
// base64 bodies. Then turns it into what ParsedFeed promises: titles as plain text, summary and
// content as sanitised HTML (or plain text when there is no markup), every field capped in size.
import { repairMojibake } from './repair-mojibake.ts';
import { htmlToText, sanitizeHtml } from './sanitize-html.ts';
import type { XmlElement, XmlNode } from './xml-tree.ts';
import { childElements, textOf } from './xml-tree.ts';

export interface FieldValue {
  value: string;
  /** `html` is markup to sanitise; `text` is literal text. */
  kind: 'html' | 'text';
  base: string | null;
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

function decodeBase64(text: string): string {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
}

const looksLikeMarkup = (s: string) => /<\/?[a-zA-Z][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);/.test(s);

/** A base64 body is HTML when its type says so or when it plainly holds tags. */
function base64Field(encoded: string, htmlish: boolean, base: string | null): FieldValue {
  const value = decodeBase64(encoded);
  return { value, kind: htmlish || looksLikeMarkup(value) ? 'html' : 'text', base };
}

/** The value of an Atom text construct (or Atom 0.3 content element). */
export function readAtomField(element: XmlElement): FieldValue {
  const type = element.attrs.get('type')?.trim().toLowerCase() || 'text';
  const mode = (element.attrs.get('mode') ?? '').trim().toLowerCase();
  const hasChildren = childElements(element).length > 0;
  const base = element.base;
  const htmlish = type === 'html' || type === 'xhtml' || type.includes('html');
  if (mode === 'base64') return base64Field(textOf(element), htmlish, base);
  if (mode === 'escaped') return { value: textOf(element), kind: htmlish ? 'html' : 'text', base };
  if (type === 'xhtml' || type === 'application/xhtml+xml' || hasChildren || type.endsWith('+xml') || type.endsWith('/xml')) {
    return { value: hasChildren ? serializeChildren(element) : textOf(element), kind: hasChildren || htmlish ? 'html' : 'text', base };
  }
  if (htmlish) return { value: textOf(element), kind: 'html', base };
  if (type === 'text' || type.startsWith('text/')) return { value: textOf(element), kind: 'text', base };
  // Any other MIME type is a base64 body (RFC 4287 §4.1.3.3).
  return base64Field(textOf(element), false, base);
}

/** The value of an RSS/RDF element: HTML, whether escaped or written inline. */
export function readRssField(element: XmlElement): FieldValue {
  if (childElements(element).length > 0) return { value: serializeChildren(element), kind: 'html', base: element.base };
  return { value: textOf(element), kind: 'html', base: element.base };
}

/** RSS titles are text that may carry entities or tags; only treat them as HTML when they do. */
export function readRssTitle(element: XmlElement): FieldValue {
  const field = readRssField(element);
  return looksLikeMarkup(field.value) ? field : { ...field, kind: 'text' };
}

function cap(value: string, limit: number, label: string, warnings: string[]): string {
  if (value.length <= limit) return value;
  warnings.push(`a ${label} of ${value.length.toLocaleString('en')} characters was cut to ${limit.toLocaleString('en')}`);
  return value.slice(0, limit);
}

/** A title: plain text on one line, entities decoded, at most LIMITS.title characters. */
export function toTitle(field: FieldValue | undefined, warnings: string[]): string | null {
  if (!field) return null;
  const raw = repairMojibake(cap(field.value, LIMITS.rawTitle, 'title', warnings));
  const text = field.kind === 'html' ? htmlToText(raw, { singleLine: true }) : raw.replace(/\s+/g, ' ').trim();
  const capped = cap(text, LIMITS.title, 'title', warnings);
  return capped || null;
}

/** Summary or content: sanitised HTML, or plain text when it holds no markup; capped in size. */
export function toRichText(field: FieldValue | undefined, limit: number, label: string, warnings: string[]): string | null {
  if (!field) return null;
  const raw = repairMojibake(cap(field.value, limit, label, warnings));
  const html = field.kind === 'html' ? sanitizeHtml(raw, field.base, (problem) => warnings.push(problem)) : escapeText(raw.trim());
  if (!html) return null;
  if (!html.includes('<')) {
    // No element survived: give the text itself, unless it would read as markup.
    const text = html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (!text.includes('<')) return text;
  }
  return html;
}
