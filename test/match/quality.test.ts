// The quality gate of issue 3: the seeded watchlists, run through the real engine, must reach 0.95
// precision and recall on our labelled set. `npm run quality` prints the detail behind a failure.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRACT_ENTRIES, isHardNegative, runQuality } from './quality-score.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { items, report } = runQuality(`${root}watchlists`, `${root}test/fixtures/labelled`);

describe('the labelled quality set', () => {
  it('has at least 200 items', () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
  });

  it('covers Arabic, French, English and Russian, each with at least a fifth of the set', () => {
    for (const lang of ['ar', 'fr', 'en', 'ru']) {
      expect(items.filter((i) => i.lang === lang).length, lang).toBeGreaterThanOrEqual(items.length / 5);
    }
  });

  it('is at least 40% hard negatives', () => {
    expect(items.filter(isHardNegative).length / items.length).toBeGreaterThanOrEqual(0.4);
  });

  it('includes HTML content and long articles', () => {
    expect(items.filter((i) => /<p>|&[a-z]+;/.test(i.content)).length).toBeGreaterThanOrEqual(10);
    expect(items.filter((i) => i.content.length >= 2000).length).toBeGreaterThanOrEqual(15);
  });

  it('keeps at least 40 held-out items, written after the watchlist was tuned', () => {
    expect(items.filter((i) => i.file.startsWith('holdout')).length).toBeGreaterThanOrEqual(40);
  });

  it('labels every contract entry positively at least three times', () => {
    for (const id of CONTRACT_ENTRIES) {
      expect(items.filter((i) => i.expected.includes(id)).length, id).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('matching quality on the labelled set', () => {
  it('reaches 0.95 overall precision', () => {
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('reaches 0.95 overall recall', () => {
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.95);
  });
});
