// Hits as feeds, so any reader (Miniflux, FreshRSS, Feedly…) can subscribe to what Rasid finds: Atom
// 1.0 and JSON Feed 1.1 of the hits of an entry or a watchlist, newest first. Pure renderers over
// stored hits; `rasid export-feed` writes them to files and the web UI can serve the same strings.
// Feed text is cleaned and escaped (XML: every markup character and every character XML 1.0 forbids).
import type { PendingHit } from '../types.ts';
import type { EntryCatalog } from './digest-types.ts';
import { cleanText, safeHttpUrl } from './escape.ts';

export interface HitFeedInfo {
  /** "Rasid: Mody's Benghazi trip". */
  title: string;
  /** A stable id for the feed, e.g. urn:rasid:hits:entry:mody. */
  id: string;
  description: string;
  /** Where the feed itself is published, when known. */
  selfUrl?: string | null;
  /** A page that lists the same hits (the web UI), when known. */
  homeUrl?: string | null;
  /** When the feed was made (used when there are no hits). */
  generatedAt: Date;
}

/** Characters XML 1.0 does not allow at all, whatever the escaping. */
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function escapeXml(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The URN of a hit: stable across exports, so readers never show a hit twice. */
export function hitUrn(hitId: number): string {
  return `urn:rasid:hit:${hitId}`;
}

function label(catalog: EntryCatalog, entry: string): string {
  return cleanText(catalog.get(entry)?.label) || entry;
}

/** RFC 3339 instant, or the fallback when a stored date is missing or unreadable. */
function instant(iso: string | null, fallback: string): string {
  if (!iso) return fallback;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}

function newestFirst(hits: PendingHit[]): PendingHit[] {
  return [...hits].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.hitId - a.hitId);
}

function feedUpdated(hits: PendingHit[], info: HitFeedInfo): string {
  return hits.length > 0 ? instant(hits[0]!.createdAt, info.generatedAt.toISOString()) : info.generatedAt.toISOString();
}

export function renderAtomFeed(hits: PendingHit[], info: HitFeedInfo, catalog: EntryCatalog): string {
  const sorted = newestFirst(hits);
  const x = (s: string) => escapeXml(s);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title type="text">${x(info.title)}</title>`,
    `  <subtitle type="text">${x(info.description)}</subtitle>`,
    `  <id>${x(info.id)}</id>`,
    `  <updated>${feedUpdated(sorted, info)}</updated>`,
    '  <author><name>Rasid</name></author>',
    '  <generator>Rasid</generator>',
  ];
  const self = safeHttpUrl(info.selfUrl);
  const home = safeHttpUrl(info.homeUrl);
  if (self) lines.push(`  <link rel="self" type="application/atom+xml" href="${x(self)}"/>`);
  if (home) lines.push(`  <link rel="alternate" type="text/html" href="${x(home)}"/>`);
  for (const hit of sorted) {
    const updated = instant(hit.createdAt, info.generatedAt.toISOString());
    const link = safeHttpUrl(hit.article.url);
    const lang = hit.article.language && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(hit.article.language) ? ` xml:lang="${x(hit.article.language)}"` : '';
    const why = hit.why.length > 0 ? `\n\nWhy it matched: ${hit.why.map((w) => cleanText(w)).join('; ')}` : '';
    lines.push(
      '  <entry>',
      `    <title type="text"${lang}>${x(cleanText(hit.article.title) || '(no title)')}</title>`,
      `    <id>${hitUrn(hit.hitId)}</id>`,
      `    <updated>${updated}</updated>`,
      ...(hit.article.published ? [`    <published>${instant(hit.article.published, updated)}</published>`] : []),
      ...(link ? [`    <link rel="alternate" type="text/html" href="${x(link)}"/>`] : []),
      `    <author><name>${x(cleanText(hit.source) || 'unknown source')}</name></author>`,
      `    <category term="${x(hit.entry)}" label="${x(label(catalog, hit.entry))}"/>`,
      `    <category term="priority:${x(hit.priority)}"/>`,
      `    <summary type="text"${lang}>${x(cleanText(hit.snippet) + why)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

export function renderJsonFeed(hits: PendingHit[], info: HitFeedInfo, catalog: EntryCatalog): string {
  const sorted = newestFirst(hits);
  const self = safeHttpUrl(info.selfUrl);
  const home = safeHttpUrl(info.homeUrl);
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: info.title,
    description: info.description,
    ...(home ? { home_page_url: home } : {}),
    ...(self ? { feed_url: self } : {}),
    authors: [{ name: 'Rasid' }],
    items: sorted.map((hit) => {
      const link = safeHttpUrl(hit.article.url);
      return {
        id: hitUrn(hit.hitId),
        ...(link ? { url: link } : {}),
        title: cleanText(hit.article.title) || '(no title)',
        content_text: cleanText(hit.snippet),
        date_published: instant(hit.article.published ?? hit.createdAt, info.generatedAt.toISOString()),
        date_modified: instant(hit.createdAt, info.generatedAt.toISOString()),
        authors: [{ name: cleanText(hit.source) || 'unknown source' }],
        tags: [hit.entry, label(catalog, hit.entry)],
        ...(hit.article.language ? { language: hit.article.language } : {}),
        _rasid: { hit_id: hit.hitId, entry: hit.entry, priority: hit.priority, terms: hit.terms.map((t) => cleanText(t)), why: hit.why.map((w) => cleanText(w)) },
      };
    }),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
