import { describe, expect, it } from 'vitest';
import { addFeedsToText, removeFeedFromText } from '../../src/config/feeds-file-edit.ts';
import { feedsFromOpml } from '../../src/config/opml.ts';

const original = `# Regional sources for the Sahel desk.
defaults:
  interval: 30

feeds:
  # --- Libya ---
  - url: https://barqa-today.example/rss # eastern Libya, Arabic
    title: Barqa Today
    language: ar
  # --- Niger ---
  - url: https://sahel-hebdo.example/defense/rss
    id: sahel-hebdo
    language: fr
`;

describe('editing the feeds file', () => {
  it('adds a feed at the end and keeps every comment', () => {
    const result = addFeedsToText(original, [{ url: 'https://vesti-sahel.example/rss', title: 'Vesti Sahel', language: 'ru' }]);
    expect(result.added).toEqual([{ id: 'vesti-sahel.example-rss', url: 'https://vesti-sahel.example/rss' }]);
    for (const comment of ['# Regional sources for the Sahel desk.', '# --- Libya ---', '# eastern Libya, Arabic', '# --- Niger ---'])
      expect(result.text).toContain(comment);
    expect(result.text).toMatch(/- url: https:\/\/vesti-sahel\.example\/rss\n\s+title: Vesti Sahel\n\s+language: ru\n$/);
  });

  it('refuses a feed whose address or id is already there', () => {
    const result = addFeedsToText(original, [
      { url: 'https://barqa-today.example/rss' },
      { url: 'https://other.example/feed', id: 'sahel-hebdo' },
    ]);
    expect(result.added).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['already in the feeds file', 'the id "sahel-hebdo" is taken; pass another with --id']);
  });

  it('creates the list in an empty file', () => {
    const result = addFeedsToText('', [{ url: 'http://127.0.0.1:8080/feed.xml' }]);
    expect(result.text).toContain('feeds:\n  - url: http://127.0.0.1:8080/feed.xml');
  });

  it.each([
    ['its explicit id', 'sahel-hebdo'],
    ['its address', 'https://sahel-hebdo.example/defense/rss'],
  ])('removes a feed by %s and keeps the other entries and their comments', (_how, key) => {
    const result = removeFeedFromText(original, key);
    expect(result.removed).toEqual({ id: 'sahel-hebdo', url: 'https://sahel-hebdo.example/defense/rss' });
    expect(result.text).not.toContain('sahel-hebdo');
    expect(result.text).toContain('- url: https://barqa-today.example/rss # eastern Libya, Arabic');
    expect(result.text).toContain('# Regional sources for the Sahel desk.');
  });

  it('removes a feed by the id derived from its address', () => {
    const result = removeFeedFromText(original, 'barqa-today.example-rss');
    expect(result.removed?.url).toBe('https://barqa-today.example/rss');
    expect(result.text).toContain('id: sahel-hebdo');
  });

  it('answers null when no feed matches', () => {
    expect(removeFeedFromText(original, 'nope').removed).toBeNull();
  });
});

describe('feedsFromOpml', () => {
  it('reads every outline with an xmlUrl, at any depth, and skips folders and non-http addresses', () => {
    const opml = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Desk export</title></head><body>
  <outline text="Libye">
    <outline type="rss" text="Al Wasat" title="بوابة الوسط" xmlUrl="https://alwasat.example/rss" language="ar"/>
    <outline type="rss" text="Libya Observer" xmlurl="https://libyaobserver.example/feed"/>
  </outline>
  <outline type="rss" text="Bad scheme" xmlUrl="javascript:alert(1)"/>
  <outline type="link" text="A page" url="https://example.org/"/>
</body></opml>`;
    expect(feedsFromOpml(Buffer.from(opml))).toEqual([
      { url: 'https://alwasat.example/rss', title: 'بوابة الوسط', language: 'ar' },
      { url: 'https://libyaobserver.example/feed', title: 'Libya Observer' },
    ]);
  });

  it('refuses a file that is not OPML', () => {
    expect(() => feedsFromOpml(Buffer.from('<rss version="2.0"><channel/></rss>'))).toThrow(/not an OPML file/);
  });
});
