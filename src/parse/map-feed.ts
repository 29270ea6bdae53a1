// From a tolerant XML tree to feed items: RSS 0.9x/2.0 (with or without <channel> or version),
// RDF (RSS 0.90/1.0) and Atom 0.3/1.0. Only direct children count, so an <image><title> or a
// <source><id> never overrides the item's own. Fields follow feedparser's precedence.
import type { FeedItem, ParsedFeedInfo } from '../types.ts';
import { parseDate } from './parse-date.ts';
import { type FieldValue, LIMITS, readAtomField, readRssField, readTextOrMarkup, toRichText, toTitle } from './read-field.ts';
import { resolveUrl } from './resolve-url.ts';
import { descriptionStandIns, originalLinkElements } from './stand-in-fields.ts';
import { stripControls } from './strip-controls.ts';
import { type XmlElement, childElements, firstChild, textOf } from './xml-tree.ts';

export const MAX_ITEMS = 5_000;
const SUMMARY_KEYS = new Set(['description', 'dc:description', 'summary', 'atom:summary']);

export interface FeedNotes {
  warnings: string[];
  dateProblems: string[];
}

export interface MappedFeed {
  feed: ParsedFeedInfo;
  items: FeedItem[];
}

const isAtomKey = (key: string) => key.startsWith('atom:');
const atom = (...locals: string[]) => locals.flatMap((local) => [`atom:${local}`, local]);

function link(value: string | undefined, base: string | null, notes: FeedNotes): string | null {
  const text = value?.trim();
  if (!text) return null;
  const resolved = resolveUrl(text, base);
  if (resolved === null) notes.warnings.push(`dropped an unsafe link "${text.slice(0, 60)}"`);
  return resolved ? resolved.slice(0, LIMITS.url) : null;
}

function date(...elements: Array<XmlElement | undefined>): { iso: string | null; problem: string | null } {
  let problem: string | null = null;
  for (const element of elements) {
    if (!element) continue;
    const parsed = parseDate(textOf(element));
    if (parsed.iso) return parsed;
    problem ??= parsed.problem;
  }
  return { iso: null, problem };
}

/** The alternate link among Atom <link> elements: rel="alternate" or no rel; Atom 0.3 may put the URL in the text. */
function atomLink(parent: XmlElement, notes: FeedNotes): string | null {
  const links = childElements(parent).filter((child) => child.key === 'atom:link' || child.key === 'link');
  for (const candidate of links) {
    const rel = (candidate.attrs.get('rel') ?? 'alternate').trim().toLowerCase();
    if (rel !== 'alternate') continue;
    const href = candidate.attrs.get('href') ?? textOf(candidate);
    const resolved = link(href, candidate.base, notes);
    if (resolved) return resolved;
  }
  return null;
}

/** The publisher's address an aggregator kept beside its own link (feedburner:origLink). */
function originalLink(item: XmlElement, notes: FeedNotes): string | null {
  for (const element of originalLinkElements(item)) {
    const resolved = link(textOf(element), element.base, notes);
    if (resolved) return resolved;
  }
  return null;
}

/** For an item without a description: the first podcast or Media RSS description that has text. */
function standInSummary(item: XmlElement, notes: FeedNotes): string | null {
  for (const element of descriptionStandIns(item)) {
    const field = readTextOrMarkup(element);
    if (element.attrs.get('type')?.trim().toLowerCase() === 'html') field.kind = 'html';
    const summary = toRichText(field, LIMITS.summary, 'summary', notes.warnings);
    if (summary) return summary;
  }
  return null;
}

const identifier = (text: string) => stripControls(text).trim();

function itemFields(
  notes: FeedNotes,
  fields: { title?: FieldValue; summary?: FieldValue; content?: FieldValue },
): Pick<FeedItem, 'title' | 'summary' | 'content'> {
  return {
    title: toTitle(fields.title, notes.warnings),
    summary: toRichText(fields.summary, LIMITS.summary, 'summary', notes.warnings),
    content: toRichText(fields.content, LIMITS.content, 'content', notes.warnings),
  };
}

function readField(element: XmlElement | undefined, reader: (e: XmlElement) => FieldValue): FieldValue | undefined {
  if (!element) return undefined;
  return isAtomKey(element.key) ? readAtomField(element) : reader(element);
}

function rssItem(item: XmlElement, notes: FeedNotes): FeedItem {
  const guidElement = firstChild(item, 'guid');
  const guidText = guidElement ? identifier(textOf(guidElement)) : '';
  const idElement = firstChild(item, 'dc:identifier', 'atom:id');
  const guid = guidText || identifier(item.attrs.get('rdf:about') ?? '') || (idElement ? identifier(textOf(idElement)) : '') || null;
  const linkElement = firstChild(item, 'link');
  let url = originalLink(item, notes);
  url ??= linkElement ? link(linkElement.attrs.get('href') ?? textOf(linkElement), linkElement.base, notes) : null;
  const permaAttr = guidElement?.attrs.get('isPermaLink')?.trim().toLowerCase();
  // Without the attribute a guid counts as a link only when it is an absolute address ("12345" is
  // an id); an explicit isPermaLink="true" also makes a relative path ("/news/42") a link, resolved
  // against the item's base or the address the feed came from.
  const usable = permaAttr === 'true' ? !/^[a-z][a-z0-9+.-]*:/i.test(guidText) || /^https?:\/\//i.test(guidText) : /^https?:\/\//i.test(guidText);
  if (!url && guidText && permaAttr !== 'false' && usable) url = link(guidText, guidElement?.base ?? null, notes);
  url ??= atomLink(item, notes);

  // The first of <description>/<summary> is the summary; a second one is content when nothing else is.
  const summaries = childElements(item).filter((child) => SUMMARY_KEYS.has(child.key));
  const contentElement = firstChild(item, 'content:encoded', 'xhtml:body', 'body', 'fullitem', 'atom:content') ?? summaries[1];
  const published = date(
    firstChild(item, 'pubDate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'atom:published', 'atom:issued'),
    firstChild(item, 'dcterms:modified', 'atom:updated', 'atom:modified', 'dcterms:date', 'date'),
  );
  if (published.problem && !published.iso) notes.dateProblems.push(published.problem);
  const fields = itemFields(notes, {
    title: readField(firstChild(item, 'title', 'dc:title', 'atom:title'), readTextOrMarkup),
    summary: readField(summaries[0], readRssField),
    content: readField(contentElement, readRssField),
  });
  return {
    guid: guid ? guid.slice(0, LIMITS.url) : null,
    link: url,
    published: published.iso,
    ...fields,
    summary: fields.summary ?? standInSummary(item, notes),
  };
}

function atomEntry(entry: XmlElement, notes: FeedNotes): FeedItem {
  const idElement = firstChild(entry, ...atom('id'));
  const id = idElement ? identifier(textOf(idElement)) : '';
  const published = date(
    firstChild(entry, ...atom('published', 'issued'), 'dcterms:issued', 'dc:date'),
    firstChild(entry, ...atom('updated', 'modified', 'created'), 'dcterms:modified'),
  );
  if (published.problem && !published.iso) notes.dateProblems.push(published.problem);
  const field = (element: XmlElement | undefined) => (element ? readAtomField(element) : undefined);
  const fields = itemFields(notes, {
    title: field(firstChild(entry, ...atom('title'))) ?? readField(firstChild(entry, 'dc:title'), readTextOrMarkup),
    summary: field(firstChild(entry, ...atom('summary'))) ?? readField(firstChild(entry, 'dc:description'), readRssField),
    content: field(firstChild(entry, ...atom('content'))),
  });
  return {
    guid: id ? (resolveUrl(id, idElement?.base) ?? id).slice(0, LIMITS.url) : null,
    link: originalLink(entry, notes) ?? atomLink(entry, notes),
    published: published.iso,
    ...fields,
    summary: fields.summary ?? standInSummary(entry, notes),
  };
}

function capItems(elements: XmlElement[], notes: FeedNotes): XmlElement[] {
  if (elements.length <= MAX_ITEMS) return elements;
  notes.warnings.push(`the feed has ${elements.length} items; read the first ${MAX_ITEMS}`);
  return elements.slice(0, MAX_ITEMS);
}

export function mapRss(root: XmlElement, notes: FeedNotes): MappedFeed {
  const channel = root.key === 'channel' ? root : firstChild(root, 'channel');
  const holders = [channel, root].filter((e, i, all): e is XmlElement => !!e && all.indexOf(e) === i);
  const items = capItems(holders.flatMap((holder) => childElements(holder).filter((child) => child.key === 'item')), notes);
  const info = channel ?? root;
  const linkElement = firstChild(info, 'link');
  const title = readField(firstChild(info, 'title', 'dc:title', 'atom:title'), readTextOrMarkup);
  return {
    feed: {
      title: toTitle(title, notes.warnings),
      link: (linkElement ? link(linkElement.attrs.get('href') ?? textOf(linkElement), linkElement.base, notes) : null) ?? atomLink(info, notes),
    },
    items: items.map((item) => rssItem(item, notes)),
  };
}

export function mapAtom(root: XmlElement, notes: FeedNotes): MappedFeed {
  const isEntry = root.local === 'entry';
  const entries = isEntry ? [root] : capItems(childElements(root).filter((child) => child.key === 'atom:entry' || child.key === 'entry'), notes);
  const titleElement = isEntry ? undefined : firstChild(root, ...atom('title'));
  return {
    feed: {
      title: toTitle(titleElement ? readAtomField(titleElement) : undefined, notes.warnings),
      link: isEntry ? null : atomLink(root, notes),
    },
    items: entries.map((entry) => atomEntry(entry, notes)),
  };
}
