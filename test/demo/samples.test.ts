// The bundled sample feeds must be exactly what the manifest says they are: well-formed XML in the
// declared encoding, 6–10 dated items each, and in step with the expected-hits table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import {
  encodeLibyaArabicFeed,
  LIBYA_AR_ENCODING,
  LIBYA_AR_FILE,
  renderLibyaArabicFeed,
} from '../../src/demo/build-samples.ts';
import { defaultSamplesDir } from '../../src/demo/serve-samples.ts';

interface ManifestEntry {
  file: string;
  id: string;
  language: string;
  format: 'rss-2.0' | 'atom-1.0';
  encoding: string;
  contentType: string;
}
interface Expectation {
  feed: string;
  link: string;
  expect: string[];
  confusable?: string;
}

const readJson = <T>(name: string): T =>
  JSON.parse(readFileSync(path.join(defaultSamplesDir, name), 'utf8')) as T;
const manifest = readJson<{ feeds: ManifestEntry[] }>('manifest.json');
const expected = readJson<{ items: Expectation[] }>('expected-hits.json');

const WATCHLIST_IDS = [
  'haftar', 'mody', 'yevkurov', 'zeine', 'mansour', 'agadem', 'wagner', 'redut', 'convoy',
  'agadez-base', 'mody-benghazi-trip', 'russia-niger-military',
];

/** Words each feed must contain after decoding: proves the text survived its encoding. */
const MUST_CONTAIN: Record<string, string[]> = {
  'libya-ar': ['ساليفو مودي', 'خليفة حفتر', 'عيسى عبد المجيد منصور', 'يفكوروف', 'أقاديم'],
  'sahel-ar': ['حفتر', 'الفيلق الأفريقي', 'ريدوت', 'كونفوي', 'قاعدة أغاديز الجوية', '٢٠١'],
  'niger-fr': ['Salifou Mody', 'D&eacute;fense', 'd’Agadem', 'Ievkourov', 'base aérienne 201'],
  'wire-en': ['Yunus-Bek Yevkurov', "Moody's", 'Niger-Benin crude oil pipeline'],
  'defence-en': ['utm_source=', 'Redut', 'Konvoy', 'Air Base 201', 'redoubt'],
  ru: ['Евкурова', 'Хафтаром', 'Агадеме', '«Конвоя»', 'Моди', 'Вагнера'],
};

const parser = new Parser();

function declaredEncoding(bytes: Buffer): string | undefined {
  // The declaration is ASCII in every encoding we ship, so latin1 reads it safely.
  return /^<\?xml[^>]*encoding="([^"]+)"/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
}

/** XML knows five named entities; HTML ones are only legal inside CDATA (where they stay HTML). */
function undeclaredEntities(xml: string): string[] {
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  return [...outsideCdata.matchAll(/&([^;\s]*);/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(name));
}

describe('bundled sample feeds', () => {
  it('lists at least six feeds with unique ids, covering ar, fr, en and ru in RSS and Atom', () => {
    expect(manifest.feeds.length).toBeGreaterThanOrEqual(6);
    expect(new Set(manifest.feeds.map((f) => f.id)).size).toBe(manifest.feeds.length);
    expect(new Set(manifest.feeds.map((f) => f.language))).toEqual(new Set(['ar', 'fr', 'en', 'ru']));
    expect(new Set(manifest.feeds.map((f) => f.format))).toEqual(new Set(['rss-2.0', 'atom-1.0']));
    expect(manifest.feeds.some((f) => f.encoding === 'windows-1256')).toBe(true);
  });

  describe.each(manifest.feeds)('$file', (entry) => {
    const bytes = readFileSync(path.join(defaultSamplesDir, entry.file));
    const text = iconv.decode(bytes, entry.encoding);

    it('declares the encoding the manifest names, and its bytes round-trip through it', () => {
      expect(declaredEncoding(bytes)?.toLowerCase()).toBe(entry.encoding.toLowerCase());
      expect(text).not.toContain('\uFFFD');
      expect(iconv.encode(text, entry.encoding).equals(bytes)).toBe(true);
    });

    it('contains its key words intact after decoding', () => {
      const words = MUST_CONTAIN[entry.id];
      expect(words, `add key words for ${entry.id} to MUST_CONTAIN`).toBeDefined();
      for (const word of words ?? []) expect(text).toContain(word);
    });

    it('is well-formed XML with no undeclared entities outside CDATA', async () => {
      expect(undeclaredEntities(text)).toEqual([]);
      await expect(parser.parseString(text)).resolves.toBeTruthy();
    });

    it('has 6 to 10 items, each with a title, a link and a date in November 2026', async () => {
      const feed = await parser.parseString(text);
      expect(feed.items.length).toBeGreaterThanOrEqual(6);
      expect(feed.items.length).toBeLessThanOrEqual(10);
      for (const item of feed.items) {
        expect(item.title).toBeTruthy();
        expect(item.link).toMatch(/^https:\/\/[\w.-]+\.example\//);
        expect(item.isoDate).toMatch(/^2026-11-/);
      }
    });

    it('has exactly one expected-hits row per item, naming only seeded watchlist entries', async () => {
      const feed = await parser.parseString(text);
      const rows = expected.items.filter((row) => row.feed === entry.id);
      expect(rows.map((row) => row.link).sort()).toEqual(feed.items.map((item) => item.link).sort());
      for (const row of rows) for (const id of row.expect) expect(WATCHLIST_IDS).toContain(id);
    });
  });

  it('windows-1256 feed: committed bytes are exactly what build-samples.ts generates', () => {
    const bytes = readFileSync(path.join(defaultSamplesDir, LIBYA_AR_FILE));
    expect(bytes.equals(encodeLibyaArabicFeed())).toBe(true);
    expect(iconv.decode(bytes, LIBYA_AR_ENCODING)).toBe(renderLibyaArabicFeed());
    // Really single-byte Arabic: read as UTF-8 it falls apart, so a decoder that ignores the
    // declaration is caught.
    expect(bytes.toString('utf8')).toContain('\uFFFD');
  });

  it('every seeded entry is expected somewhere, and confusables and ordinary news are present', () => {
    const hit = new Set(expected.items.flatMap((row) => row.expect));
    expect([...hit].sort()).toEqual([...WATCHLIST_IDS].sort());
    const confusables = expected.items.filter((row) => row.confusable);
    expect(confusables.length).toBeGreaterThanOrEqual(10);
    const quiet = expected.items.filter((row) => row.expect.length === 0);
    expect(quiet.length).toBeGreaterThanOrEqual(15);
  });

  it('defence-en repeats a wire story under a tracking-parameter address', () => {
    const links = expected.items.map((row) => row.link);
    const tracked = links.filter((link) => new URL(link).searchParams.has('utm_source'));
    expect(tracked).toHaveLength(1);
    const canonical = new URL(tracked[0]!);
    canonical.search = '';
    expect(expected.items.find((row) => row.link === canonical.href)?.feed).toBe('wire-en');
  });
});
