// Bytes of a feed to ParsedFeed: decode (decode-bytes.ts), build a tolerant XML tree
// (xml-tree.ts), map RSS/RDF/Atom to items (map-feed.ts), sanitise and cap every field.
// Recovery, not rejection: a feed with defects gives its items plus warnings that name the
// defects; only bytes that hold no feed at all throw NotAFeedError, with the reason in words.
//
// rss-parser is deliberately not in this path: it rejects a whole feed for one defect (a missing
// version, a truncated tail, one bad Atom date), has a quadratic tag-stripping regex and no
// sanitising (../shared/notes/reliability-facts.md §1). The conformance corpus score went from
// 43% with it to the figure in the README without it.
import { NotAFeedError } from '../errors.ts';
import type { ParsedFeed } from '../types.ts';
import { decodeBytes } from './decode-bytes.ts';
import { type FeedNotes, mapAtom, mapRss } from './map-feed.ts';
import { isUnsafeUrl, resolveUrl } from './resolve-url.ts';
import { type XmlElement, childElements, parseXmlTree } from './xml-tree.ts';

export interface ParseFeedOptions {
  /** The Content-Type header the bytes came with. */
  contentType?: string | null;
  /** The address the bytes came from: the base for relative links. */
  url?: string | null;
  /** The Content-Location header, when the server sent one: a better base than the URL. */
  contentLocation?: string | null;
}

const FEED_ROOTS = new Set(['rss', 'channel', 'rdf:RDF', 'RDF', 'atom:feed', 'feed', 'atom:entry']);
const MAX_WARNINGS = 30;

/** The element that holds the feed: the root, or the first feed-like element near the top. */
function findFeedRoot(document: XmlElement): XmlElement | null {
  let level = childElements(document);
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const found = level.find((element) => FEED_ROOTS.has(element.key) || FEED_ROOTS.has(element.local));
    if (found) return found;
    level = level.flatMap(childElements);
  }
  return null;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The feed an HTML page names, made absolute against the page's address when that is known. */
function namedFeed(href: string, base: string | null | undefined): string {
  const decoded = href.replaceAll('&amp;', '&');
  try {
    return base ? new URL(decoded, base).href : decoded;
  } catch {
    return decoded;
  }
}

function describeHtml(text: string, base: string | null | undefined): NotAFeedError {
  const title = /<title[^>]*>([^<]{1,120})/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  const alternate = /<link[^>]+type=["']?application\/(?:rss|atom)\+xml[^>]*>/i.exec(text)?.[0];
  const href = alternate ? /href=["']?([^"'\s>]+)/i.exec(alternate)?.[1] : undefined;
  const feed = href ? namedFeed(href, base) : null;
  let message = `this is an HTML page${title ? ` ("${title}")` : ''}, not a feed`;
  if (feed) message += `; the page names its feed at ${feed}`;
  else message += '; configure the feed address, or kind: html with selectors to read the page';
  return new NotAFeedError(message, feed);
}

function notAFeed(text: string, document: XmlElement, base: string | null | undefined): NotAFeedError {
  const first = childElements(document)[0];
  if (/^\s*(<!--[\s\S]*?-->\s*)*<!doctype\s+html/i.test(text) || first?.local.toLowerCase() === 'html')
    return describeHtml(text, base);
  if (first) return new NotAFeedError(`this XML is not a feed: its root element is <${first.name.slice(0, 60)}>, not <rss>, <feed> or <rdf:RDF>`);
  if (/^\s*[[{]/.test(text)) return new NotAFeedError('this is JSON (or other text), not an RSS or Atom feed');
  const lt = text.indexOf('<');
  if (lt < 0) return new NotAFeedError(`this is plain text, not a feed: it starts with "${text.trim().slice(0, 40)}"`);
  return new NotAFeedError(`the XML is broken beyond repair at line ${lineOf(text, lt)}: no element could be read`);
}

export function parseFeed(bytes: Buffer, opts: ParseFeedOptions = {}): ParsedFeed {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new NotAFeedError('the body is empty');
  }
  const decoded = decodeBytes(bytes, { contentType: opts.contentType, kind: 'xml' });
  const documentUrl = opts.url && !isUnsafeUrl(opts.url) ? opts.url : null;
  const location = opts.contentLocation ? resolveUrl(opts.contentLocation, documentUrl) : null;
  const base = location ?? documentUrl;
  const tree = parseXmlTree(decoded.text, base);
  const root = findFeedRoot(tree.root);
  if (!root) throw notAFeed(decoded.text, tree.root, base);

  const notes: FeedNotes = { warnings: [], dateProblems: [] };
  const mapped = root.local === 'feed' || root.local === 'entry' ? mapAtom(root, notes) : mapRss(root, notes);
  const warnings = [...decoded.warnings, ...tree.warnings, ...notes.warnings];
  if (root.key === 'rss' && !root.attrs.has('version')) warnings.push('<rss> has no version attribute; read it as RSS 2.0');
  if (root.key === 'rss' && !childElements(root).some((child) => child.key === 'channel'))
    warnings.push('<rss> has no <channel>; read the items directly under it');
  if (notes.dateProblems.length > 0) {
    const more = notes.dateProblems.length > 1 ? ` (and ${notes.dateProblems.length - 1} more)` : '';
    warnings.push(`${notes.dateProblems[0]}${more}`);
  }
  const unique = [...new Set(warnings)];
  if (unique.length > MAX_WARNINGS) unique.splice(MAX_WARNINGS, unique.length, `… and ${unique.length - MAX_WARNINGS} more warnings`);
  return { feed: mapped.feed, encoding: decoded.encoding, items: mapped.items, warnings: unique };
}
