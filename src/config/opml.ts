// Feed lists exported by other readers (OPML 1.0/2.0): every `<outline>` with an `xmlUrl`,
// at any depth (folders are outlines too). Other outline attributes are kept only if we use them.
import * as cheerio from 'cheerio';
import { decodeBytes } from '../parse/decode-bytes.ts';
import type { NewFeedEntry } from './feeds-file-edit.ts';

export function feedsFromOpml(bytes: Buffer): NewFeedEntry[] {
  const { text } = decodeBytes(bytes, { kind: 'xml' });
  const $ = cheerio.load(text, { xml: true });
  if ($('opml').length === 0) throw new Error('not an OPML file (no <opml> element)');
  const entries: NewFeedEntry[] = [];
  $('outline').each((_i, el) => {
    const attrs = (el as { attribs?: Record<string, string> }).attribs ?? {};
    const lower = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v.trim()]));
    const url = lower.xmlurl;
    if (!url || !/^https?:\/\//i.test(url)) return;
    const title = lower.title || lower.text;
    const language = lower.language;
    entries.push({ url, ...(title ? { title } : {}), ...(language ? { language } : {}) });
  });
  return entries;
}
