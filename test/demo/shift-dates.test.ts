// The demo serves its November 2026 samples with dates moved to just before now, by whole days, so
// a demo run on any day reads as fresh news and no sample feed is listed as silent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysToShift, shiftDates } from '../../src/demo/shift-dates.ts';
import { defaultSamplesDir, serveSamples } from '../../src/demo/serve-samples.ts';
import { parseFeed } from '../../src/parse/parse-feed.ts';

describe('sample dates relative to now', () => {
  it.each([
    ['Tue, 24 Nov 2026 19:40:00 +0200', 10, 'Fri, 04 Dec 2026 19:40:00 +0200'],
    ['Sun, 22 Nov 2026 09:00:00 GMT', 40, 'Fri, 01 Jan 2027 09:00:00 GMT'],
    ['2026-11-24T09:15:00+03:00', 7, '2026-12-01T09:15:00+03:00'],
    ['2026-11-30T23:50:00Z', 1, '2026-12-01T23:50:00Z'],
  ])('moves %s by %i days, keeping time and zone, with the right weekday', (date, days, expected) => {
    expect(shiftDates(`<pubDate>${date}</pubDate>`, days)).toBe(`<pubDate>${expected}</pubDate>`);
  });

  it('puts the newest date within the day before now, whatever day the demo runs', () => {
    const text = '<a>2026-11-27T08:15:00+01:00</a><b>Thu, 19 Nov 2026 11:45:00 +0200</b>';
    for (const now of [new Date('2026-11-27T09:00:00Z'), new Date('2027-03-02T06:00:00Z'), new Date('2031-07-15T23:59:00Z')]) {
      const shifted = shiftDates(text, daysToShift([text], now));
      const newest = Date.parse(/<a>([^<]+)</.exec(shifted)![1]!);
      expect(now.getTime() - newest).toBeGreaterThanOrEqual(0);
      expect(now.getTime() - newest).toBeLessThan(86_400_000);
    }
  });

  it('serves every sample feed with its items dated in the last ten days, other bytes untouched', async () => {
    const now = new Date();
    const server = await serveSamples({ datesRelativeTo: now });
    try {
      for (const feed of server.feeds) {
        const body = Buffer.from(await (await fetch(feed.url)).arrayBuffer());
        const file = fs.readFileSync(path.join(defaultSamplesDir, path.basename(feed.url)));
        expect(body.length, feed.id).toBe(file.length);
        const parsed = parseFeed(body, { url: feed.url });
        for (const item of parsed.items) {
          const age = now.getTime() - Date.parse(item.published!);
          expect(age, `${feed.id} ${item.title}`).toBeGreaterThanOrEqual(0);
          expect(age).toBeLessThan(11 * 86_400_000);
        }
      }
    } finally {
      await server.close();
    }
  });
});
