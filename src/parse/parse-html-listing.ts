// A site without a feed: a listing page plus CSS selectors from the feeds file become feed items
// (the RSSHub idea, kept as data). The page is read with cheerio; links resolve against <base
// href> or the page URL; dates go through the same date parser as feeds; summaries are
// sanitised like feed HTML.
import * as cheerio from 'cheerio';
import { NotAFeedError } from '../errors.ts';
import type { FeedItem, HtmlSelectors, ParsedFeed } from '../types.ts';
import { decodeBytes } from './decode-bytes.ts';
import { limitNesting } from './limit-nesting.ts';
import { MAX_ITEMS } from './map-feed.ts';
import { parseDate } from './parse-date.ts';
import { LIMITS, toRichText, toTitle } from './read-field.ts';
import { resolveUrl } from './resolve-url.ts';

export interface HtmlListingOptions {
  contentType?: string | null;
  url?: string | null;
  selectors: HtmlSelectors;
}

/** Pages beyond this size are cut: a listing is a few hundred kilobytes, not tens of megabytes. */
const MAX_PAGE_CHARS = 5_000_000;

export function parseHtmlListing(bytes: Buffer, opts: HtmlListingOptions): ParsedFeed {
  if (bytes.length === 0) throw new NotAFeedError('the body is empty');
  const decoded = decodeBytes(bytes, { contentType: opts.contentType, kind: 'html' });
  const warnings = [...decoded.warnings];
  let text = decoded.text;
  if (text.length > MAX_PAGE_CHARS) {
    warnings.push(`the page has ${text.length.toLocaleString('en')} characters; read the first ${MAX_PAGE_CHARS.toLocaleString('en')}`);
    text = text.slice(0, MAX_PAGE_CHARS);
  }
  const limited = limitNesting(text);
  if (limited.cut) warnings.push('the page nests elements more than 1,000 deep (hostile markup); read the part before that');
  const $ = cheerio.load(limited.html);
  const baseHref = $('base[href]').first().attr('href');
  const base = (baseHref ? resolveUrl(baseHref, opts.url) : null) ?? opts.url ?? null;
  const { selectors } = opts;

  let found: ReturnType<typeof $>;
  try {
    found = $(selectors.item);
  } catch (error) {
    throw new NotAFeedError(`the item selector "${selectors.item}" is not valid CSS: ${(error as Error).message}`);
  }
  if (found.length === 0) {
    throw new NotAFeedError(`the item selector "${selectors.item}" matched nothing on this page; the site may have changed its layout`);
  }
  if (found.length > MAX_ITEMS) warnings.push(`the selector matched ${found.length} items; read the first ${MAX_ITEMS}`);

  const items: FeedItem[] = [];
  let skipped = 0;
  const dateProblems: string[] = [];
  found.slice(0, MAX_ITEMS).each((_, element) => {
    const item = $(element);
    const pick = (selector: string | undefined) => (selector ? item.find(selector).first() : null);
    const titleElement = pick(selectors.title);
    // The link selector may name the <a> itself or an element around it; the item may be the <a>.
    const linkTarget = pick(selectors.link);
    const anchor = [linkTarget, linkTarget?.find('a[href]').first(), item.is('a[href]') ? item : null, item.find('a[href]').first()]
      .find((candidate) => candidate?.is('[href]'));
    const href = anchor?.attr('href')?.trim();
    const link = href ? resolveUrl(href, base)?.slice(0, LIMITS.url) ?? null : null;
    const title = toTitle(titleElement?.length ? { value: titleElement.text(), kind: 'text', base } : undefined, warnings);
    if (!title && !link) {
      skipped++;
      return;
    }
    let published: string | null = null;
    if (selectors.date) {
      const dateElement = pick(selectors.date);
      const raw = dateElement?.attr('datetime') ?? dateElement?.attr('content') ?? dateElement?.text();
      if (raw?.trim()) {
        const parsed = parseDate(raw);
        published = parsed.iso;
        if (parsed.problem) dateProblems.push(parsed.problem);
      }
    }
    const summaryHtml = pick(selectors.summary)?.html();
    items.push({
      guid: link,
      link,
      title,
      published,
      summary: summaryHtml ? toRichText({ value: summaryHtml, kind: 'html', base }, LIMITS.summary, 'summary', warnings) : null,
      content: null,
    });
  });
  if (skipped) warnings.push(`${skipped} matched item(s) had neither a title nor a link; skipped them`);
  if (dateProblems.length) warnings.push(`${dateProblems[0]}${dateProblems.length > 1 ? ` (and ${dateProblems.length - 1} more)` : ''}`);
  const pageTitle = $('title').first();
  return {
    feed: { title: pageTitle.length ? toTitle({ value: pageTitle.text(), kind: 'text', base }, warnings) : null, link: opts.url ?? null },
    encoding: decoded.encoding,
    items,
    warnings: [...new Set(warnings)],
  };
}
