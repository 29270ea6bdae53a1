// Hits as Atom 1.0 and JSON Feed 1.1: read back by a strict XML feed reader (rss-parser) and by
// Rasid's own parser, newest first, stable ids, hostile text escaped and still readable.
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { hitUrn, renderAtomFeed, renderJsonFeed, type HitFeedInfo } from '../../src/digest/hit-feeds.ts';
import { parseFeed } from '../../src/parse/parse-feed.ts';
import { ARABIC, CHANNEL_CATALOG, HOSTILE, alertHit } from '../channels/alert-hits.ts';

const INFO: HitFeedInfo = {
  title: "Rasid: Mody's Benghazi trip",
  id: 'urn:rasid:hits:entry:mody-benghazi-trip',
  description: "Hits on Mody's Benghazi trip found by Rasid, newest first",
  selfUrl: 'https://rasid.example.org/feeds/mody.atom',
  homeUrl: 'https://rasid.example.org/hits?entry=mody-benghazi-trip',
  generatedAt: new Date('2026-11-28T14:00:00.000Z'),
};

function hits() {
  const older = alertHit({ hitId: 501 });
  const arabic = { ...alertHit({ ...ARABIC, hitId: 502 }), createdAt: '2026-11-28T09:30:00.000Z' };
  const hostile = { ...alertHit({ ...HOSTILE, title: `${HOSTILE.title} \u0001\u0008\ufffe end`, hitId: 503 }), createdAt: '2026-11-28T10:00:00.000Z' };
  return { older, arabic, hostile, all: [older, hostile, arabic] };
}

describe('the Atom feed of hits', () => {
  it('is read by a strict feed reader: newest first, one stable id per hit, links only to http(s) articles', async () => {
    const { older, arabic, hostile, all } = hits();
    const xml = renderAtomFeed(all, INFO, CHANNEL_CATALOG);
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe(INFO.title);
    expect(feed.items.map((i) => i.id)).toEqual([hitUrn(503), hitUrn(502), hitUrn(501)]);
    expect(feed.items[1]!.title).toBe(ARABIC.title);
    expect(feed.items[2]!.link).toBe(older.article.url);
    // The hostile item's javascript: link is gone; its text is there, as text.
    expect(feed.items[0]!.link).toBeUndefined();
    expect(feed.items[0]!.title).toContain('<!channel> @everyone');
    expect(feed.items[0]!.title).toContain('[click me](http://evil.example/phish)');
    expect(xml).not.toMatch(/<script|<b>|javascript:|[\u0001\u0008\ufffe]/);
    expect(arabic.article.url).toBeTruthy();
    expect(hostile.hitId).toBe(503);
  });

  it("is read by Rasid's own parser the same way (summary, author, updated)", () => {
    const { all } = hits();
    const parsed = parseFeed(Buffer.from(renderAtomFeed(all, INFO, CHANNEL_CATALOG)), { contentType: 'application/atom+xml' });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.items.map((i) => i.guid)).toEqual([hitUrn(503), hitUrn(502), hitUrn(501)]);
    expect(parsed.items[1]!.summary).toContain('ساليفو مودي');
    expect(parsed.items[2]!.summary).toMatch(/Why it matched: alias "Salifou Mody" in title/);
  });

  it('is a valid feed with no hits, dated when it was made', async () => {
    const feed = await new Parser().parseString(renderAtomFeed([], INFO, CHANNEL_CATALOG));
    expect(feed.items).toEqual([]);
    expect(renderAtomFeed([], INFO, CHANNEL_CATALOG)).toContain('<updated>2026-11-28T14:00:00.000Z</updated>');
  });
});

describe('the JSON Feed of hits', () => {
  it('follows JSON Feed 1.1: version, items newest first with id, url, title, content_text and dates', () => {
    const { older, all } = hits();
    const feed = JSON.parse(renderJsonFeed(all, INFO, CHANNEL_CATALOG)) as {
      version: string;
      feed_url: string;
      home_page_url: string;
      items: Array<{ id: string; url?: string; title: string; content_text: string; date_published: string; tags: string[]; _rasid: { priority: string } }>;
    };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect([feed.feed_url, feed.home_page_url]).toEqual([INFO.selfUrl, INFO.homeUrl]);
    expect(feed.items.map((i) => i.id)).toEqual([hitUrn(503), hitUrn(502), hitUrn(501)]);
    expect(feed.items[2]).toMatchObject({ url: older.article.url, title: older.article.title, date_published: '2026-11-28T08:45:00.000Z', tags: ['mody-benghazi-trip', "Mody's Benghazi trip"], _rasid: { priority: 'critical' } });
    expect(feed.items[0]!.url).toBeUndefined();
    expect(feed.items[0]!.title).not.toMatch(/<b>|[\u0001\u0008]/);
  });
});
