import { describe, expect, it } from 'vitest';
import { MAX_TITLE_CHARS, clampItems, newestDate, saneDate } from '../../src/pipeline/clamp-items.ts';
import type { FeedItem } from '../../src/types.ts';

const now = new Date('2026-03-01T10:00:00.000Z');
const item = (fields: Partial<FeedItem>): FeedItem => ({ guid: null, link: null, title: null, published: null, summary: null, content: null, ...fields });

describe('saneDate', () => {
  it.each([
    ['an ordinary date', '2026-02-28T08:00:00.000Z', '2026-02-28T08:00:00.000Z'],
    ['a date a day ahead (clock skew)', '2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z'],
    ['a date a week ahead', '2026-03-08T10:00:00.000Z', null],
    ['the year 20240', '+020240-01-15T08:00:00.000Z', null],
    ['a date before the web', '1970-01-01T00:00:00.000Z', null],
    ['garbage', 'yesterday-ish', null],
    ['nothing', null, null],
  ])('keeps or drops %s', (_name, input, expected) => {
    expect(saneDate(input, now)).toBe(expected);
  });
});

describe('clampItems', () => {
  it('cuts a 100,000-character title and marks the cut', () => {
    const [clamped] = clampItems([item({ title: 'ح'.repeat(100_000) })], now);
    expect(clamped!.title!.length).toBe(MAX_TITLE_CHARS);
    expect(clamped!.title!.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair when cutting', () => {
    const title = `${'a'.repeat(MAX_TITLE_CHARS - 2)}😀😀😀`;
    const [clamped] = clampItems([item({ title })], now);
    expect(clamped!.title!).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('drops a link too long to be an address', () => {
    const [clamped] = clampItems([item({ link: `https://example.org/${'x'.repeat(5000)}` })], now);
    expect(clamped!.link).toBeNull();
  });

  it('keeps at most 2,000 items of a feed', () => {
    expect(clampItems(Array.from({ length: 2500 }, (_, i) => item({ guid: String(i) })), now)).toHaveLength(2000);
  });
});

describe('newestDate', () => {
  it('is the latest publication date, or null', () => {
    expect(newestDate([item({ published: '2026-02-01T00:00:00.000Z' }), item({ published: '2026-02-03T00:00:00.000Z' }), item({})])).toBe(
      '2026-02-03T00:00:00.000Z',
    );
    expect(newestDate([item({})])).toBeNull();
  });
});
