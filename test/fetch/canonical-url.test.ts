import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/fetch/canonical-url.ts';

describe('canonicalUrl', () => {
  it.each([
    ['drops utm_* parameters and the fragment', 'https://www.alwasat.ly/news/libya/412345?utm_source=rss&utm_medium=feed#comments', 'https://www.alwasat.ly/news/libya/412345'],
    ['drops click ids of ad networks', 'https://aniamey.com/article?id=88&fbclid=IwAR0x&gclid=abc&yclid=9&msclkid=1', 'https://aniamey.com/article?id=88'],
    ['drops newsletter and referral parameters', 'https://www.rfi.fr/fr/afrique/20240115-niger?mc_cid=1a&mc_eid=2b&ref=twitter&ref_src=twsrc&xtor=RSS-3', 'https://www.rfi.fr/fr/afrique/20240115-niger'],
    ['lowercases the scheme and host but not the path', 'HTTPS://WWW.Libyaobserver.LY/News/Haftar-Niger', 'https://www.libyaobserver.ly/News/Haftar-Niger'],
    ['removes the default port', 'https://tass.ru:443/politika/1234', 'https://tass.ru/politika/1234'],
    ['keeps a non-default port', 'http://127.0.0.1:8080/feed?b=2&a=1', 'http://127.0.0.1:8080/feed?a=1&b=2'],
    ['sorts the remaining query parameters', 'https://example.org/story?z=1&id=7&a=x', 'https://example.org/story?a=x&id=7&z=1'],
    ['treats tracking parameter names case-insensitively', 'https://example.org/s?UTM_Source=x&FBCLID=y&page=2', 'https://example.org/s?page=2'],
    ['leaves no dangling question mark', 'https://example.org/s?utm_campaign=sahel', 'https://example.org/s'],
    ['drops credentials', 'https://user:secret@example.org/a', 'https://example.org/a'],
    ['keeps Arabic paths, percent-encoded', 'https://www.aljazeera.net/news/2024/1/15/حفتر', 'https://www.aljazeera.net/news/2024/1/15/%D8%AD%D9%81%D8%AA%D8%B1'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('gives the same key for the same story reached in different ways', () => {
    const a = canonicalUrl('https://www.jeuneafrique.com/1545/politique/niger-haftar/?utm_source=newsletter#top');
    const b = canonicalUrl('https://WWW.JEUNEAFRIQUE.COM/1545/politique/niger-haftar/?fbclid=x');
    expect(a).toBe(b);
  });

  it.each(['not a url', 'javascript:alert(1)', 'mailto:desk@example.org', 'ftp://example.org/feed.xml', ''])(
    'answers null for %j, which is not a web address',
    (input) => {
      expect(canonicalUrl(input)).toBeNull();
    },
  );
});
