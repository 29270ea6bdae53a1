import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { composeAlert, composeDigest } from '../../src/digest/compose-digest.ts';
import type { ComposeOptions, FeedHealth } from '../../src/digest/digest-types.ts';
import { highlightSegments } from '../../src/digest/highlight.ts';
import type { PendingHit, Priority } from '../../src/types.ts';
import { CATALOG, STORIES } from '../fixtures/digest/stories.ts';

let nextId = 1;
/** PendingHits straight from the fixture stories, without a database. */
function pendingFromStories(): PendingHit[] {
  return STORIES.flatMap((story, i) =>
    story.hits.map((hit) => ({
      hitId: nextId++,
      entry: hit.entry,
      terms: hit.terms,
      snippet: hit.snippet,
      priority: hit.priority,
      why: hit.why,
      createdAt: '2026-11-28T12:00:00.000Z',
      article: {
        id: i + 1,
        feedId: story.feed.id,
        guid: story.item.guid,
        url: story.item.link,
        title: story.item.title,
        summary: story.item.summary,
        content: null,
        published: story.item.published,
        language: story.feed.language ?? null,
        fetchedAt: '2026-11-28T12:00:00.000Z',
      },
      source: story.feed.title ?? story.feed.id,
      alsoIn: [],
    })),
  );
}

function hit(entry: string, title: string, published: string, overrides: Partial<PendingHit> = {}): PendingHit {
  const id = nextId++;
  return {
    hitId: id,
    entry,
    terms: [],
    snippet: title,
    priority: 'normal',
    why: [],
    createdAt: published,
    article: {
      id: 1000 + id,
      feedId: 'f',
      guid: null,
      url: `https://news.example/${id}`,
      title,
      summary: null,
      content: null,
      published,
      language: 'en',
      fetchedAt: published,
    },
    source: 'Outlet',
    alsoIn: [],
    ...overrides,
  };
}

/** Distinct headlines: they share one word of four, so no two are one story. */
function headline(i: number): string {
  return `Bulletin ${i * 3} ${i * 3 + 1} ${i * 3 + 2}`;
}

const options: ComposeOptions = {
  timeZone: 'Africa/Tripoli',
  maxPerEntry: 10,
  catalog: CATALOG,
  health: [],
  now: new Date('2026-11-28T12:00:00.000Z'),
};

describe('composeDigest', () => {
  it('groups by entry with the highest priority first and says what matters in the subject', () => {
    const message = composeDigest(pendingFromStories(), options);
    expect(message.sections.map((s) => s.entry)).toEqual(['mody-benghazi-trip', 'mody', 'yevkurov', 'agadem', 'haftar']);
    expect(message.subject).toMatch(/^Rasid: 1 new on Mody's Benghazi trip, 1 on Salifou Mody, /);
    expect(message.hitIds).toHaveLength(8);
  });

  it('shows the same story from several outlets once, across languages too, with "also in"', () => {
    const message = composeDigest(pendingFromStories(), options);
    const trip = message.sections.find((s) => s.entry === 'mody-benghazi-trip')!;
    expect(trip.stories).toHaveLength(1);
    expect(trip.stories[0]!.lead.source).toBe('Al-Wasat (fictional)');
    expect(trip.stories[0]!.alsoIn).toEqual(['Sahel Hebdo (fictional)']);
    const agadem = message.sections.find((s) => s.entry === 'agadem')!;
    expect(agadem.stories).toHaveLength(1);
    expect(agadem.stories[0]!.alsoIn).toEqual(['Niamey Gazette (fictional)']);
    expect(message.html).toContain('also in: <bdi>Sahel Hebdo (fictional)</bdi>');
    expect(message.text).toContain('also in: \u2068Niamey Gazette (fictional)\u2069');
  });

  it('keeps different stories of one entry apart', () => {
    const hits = [
      hit('agadem', 'Agadem crude exports resume after pipeline repairs', '2026-11-28T08:00:00Z'),
      hit('agadem', 'Chinese operator renegotiates Agadem field royalties with Niamey', '2026-11-28T09:00:00Z'),
      hit('agadem', 'Agadem crude exports resume after pipeline repairs', '2026-11-20T08:00:00Z'),
    ];
    const [section] = composeDigest(hits, options).sections;
    expect(section!.stories).toHaveLength(3);
  });

  it('caps a long day per entry and counts the rest as "and N more", never dropping them', () => {
    const hits = Array.from({ length: 25 }, (_, i) =>
      hit('wagner', headline(i), `2026-11-28T0${i % 10}:00:00Z`),
    );
    const message = composeDigest(hits, { ...options, maxPerEntry: 5 });
    expect(message.sections[0]!.stories).toHaveLength(5);
    expect(message.sections[0]!.more).toBe(20);
    expect(message.hitIds).toHaveLength(25);
    expect(message.html).toContain('and 20 more stories on <bdi>wagner</bdi>');
    expect(message.text).toContain('… and 20 more stories on');
  });

  it('stays under the size at which Gmail clips, on a very long day', () => {
    const long = 'Haftar and Mody discussed the Agadem pipeline at length. '.repeat(20);
    const hits = Array.from({ length: 2000 }, (_, i) =>
      hit(`entry-${i % 40}`, headline(i), `2026-11-${10 + (i % 18)}T08:00:00Z`, { snippet: long, terms: ['Haftar', 'Mody'] }),
    );
    const message = composeDigest(hits, { ...options, maxPerEntry: 50 });
    expect(Buffer.byteLength(message.html)).toBeLessThan(100_000);
    const counted = message.sections.reduce((n, s) => n + s.stories.length + s.more, 0);
    expect(counted).toBe(2000);
  });

  it('highlights matched terms in snippets in every script', () => {
    const message = composeDigest(pendingFromStories(), options);
    expect(message.html).toContain('<mark style="background:#fde68a;color:#111827;padding:0 1px;">ساليفو مودي</mark>');
    expect(message.html).toContain('>Юнус-Бек Евкуров</mark>');
    expect(message.text).toContain('*ساليفو مودي*');
  });

  it('gives Arabic snippets and titles their own right-to-left direction inside the left-to-right mail', () => {
    const message = composeDigest(pendingFromStories(), options);
    expect(message.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(message.html).toMatch(/<div dir="rtl"[^>]*>وصل وزير الدفاع/);
    expect(message.html).toMatch(/<div dir="ltr"[^>]*>Crude from the <mark/);
    expect(message.text).toMatch(/\u2068وزير الدفاع النيجري[^\u2069]*\u2069/);
  });

  it('keeps a Latin name highlighted inside an Arabic snippet, and an Arabic name inside a Latin one', () => {
    const arabic = hit('yevkurov', 'حفتر يستقبل Yevkurov في بنغازي', '2026-11-28T08:00:00Z', {
      snippet: 'استقبل المشير حفتر نائب وزير الدفاع الروسي Yunus-Bek Yevkurov في بنغازي.',
      terms: ['Yevkurov'],
      article: { ...hit('x', '', '2026-11-28T08:00:00Z').article, title: 'حفتر يستقبل Yevkurov في بنغازي', language: 'ar' },
    });
    const latin = hit('haftar', 'Haftar receives Niger delegation', '2026-11-28T09:00:00Z', {
      snippet: 'Marshal Haftar, known locally as المشير حفتر, received the delegation.',
      terms: ['المشير حفتر'],
    });
    const message = composeDigest([arabic, latin], options);
    expect(message.html).toMatch(/<div dir="rtl"[^>]*>استقبل المشير حفتر نائب وزير الدفاع الروسي Yunus-Bek <mark[^>]*>Yevkurov<\/mark> في بنغازي\.<\/div>/);
    expect(message.html).toMatch(/<div dir="ltr"[^>]*>Marshal Haftar, known locally as <mark[^>]*>المشير حفتر<\/mark>, received/);
    expect(message.html).toMatch(/<div dir="rtl"[^>]*><a href="https:\/\/news\.example\/\d+"[^>]*>حفتر يستقبل Yevkurov في بنغازي<\/a>/);
  });

  it('shows local date and time in the recipient\'s time zone', () => {
    const tripoli = composeDigest(pendingFromStories(), options);
    expect(tripoli.text).toContain('28 Nov 2026, 08:10'); // 06:10 UTC in Tripoli (UTC+2)
    const paris = composeDigest(pendingFromStories(), { ...options, timeZone: 'Europe/Paris' });
    expect(paris.text).toContain('28 Nov 2026, 07:10');
  });

  it('escapes hostile titles, snippets and links: no markup, script or remote image reaches the mail', () => {
    const message = composeDigest(pendingFromStories(), options);
    expect(message.html).not.toMatch(/<script|<img|<iframe|onerror=|onmouseover=|javascript:/i);
    expect(message.html).not.toContain('tracker.example');
    expect(message.html).toContain('&quot;quoted&quot; &amp;');
    expect(message.html).toContain('(no web link)');
    expect(message.text).not.toContain('javascript:');
    expect(message.subject).not.toMatch(/[\r\n]/);
  });

  it('explains why each item matched', () => {
    const message = composeDigest(pendingFromStories(), options);
    expect(message.html).toContain('Why: <bdi>alias &quot;Agadem&quot; in title</bdi>');
    expect(message.text).toContain('Why: \u2068alias "Евкуров" in title\u2069');
  });

  it('lists failing and silent sources in a short health section', () => {
    const health: FeedHealth[] = [
      { feedId: 'a', title: 'Libya Observer', url: 'https://a.example', problem: 'failing', failures: 4, error: 'HTTP 503', since: '2026-11-27T06:00:00Z', isNew: true },
      { feedId: 'b', title: 'ActuNiger', url: 'https://b.example', problem: 'silent', failures: 0, error: null, since: '2026-11-20T06:00:00Z', isNew: false },
    ];
    const message = composeDigest(pendingFromStories(), { ...options, health });
    expect(message.html).toContain('Source health');
    expect(message.text).toMatch(/NEW \u2068Libya Observer\u2069 — failing \(4 attempts, last success 27 Nov 2026, 08:00\): \u2068HTTP 503\u2069/);
    expect(message.text).toContain('ActuNiger\u2069 — silent: no new item since 20 Nov 2026, 08:00');
  });

  it('keeps words longer than the column inside it, so right-aligned Arabic lines stay on screen', () => {
    // A 400-letter title once widened the 640px layout past the window; the RTL lines went off screen.
    const long = 'W'.repeat(400);
    const wide = hit('haftar', `${long} Haftar`, '2026-11-28T09:00:00Z', { snippet: `Haftar ${'unbroken'.repeat(200)}` });
    const arabic = hit('haftar', '', '2026-11-28T08:00:00Z', {
      snippet: 'استقبل المشير حفتر وفدا نيجريا في بنغازي.',
      article: { ...hit('x', '', '2026-11-28T08:00:00Z').article, title: 'حفتر يستقبل وفدا نيجريا في بنغازي', language: 'ar' },
    });
    const $ = cheerio.load(composeDigest([wide, arabic], options).html);
    const column = $('table[width="640"]');
    expect(column.attr('style')).toContain('table-layout:fixed');
    column.find('table').each((_, t) => expect($(t).attr('style')).toContain('table-layout:fixed'));
    for (const text of [long.slice(0, 150), 'unbroken'.repeat(10), 'حفتر يستقبل']) {
      const holders = column.find('a, div').filter((_, el) => $(el).text().includes(text) && $(el).children('a, div').length === 0);
      expect(holders.length, text.slice(0, 20)).toBeGreaterThan(0);
      holders.each((_, el) => expect($(el).closest('td').attr('style')).toContain('overflow-wrap:anywhere'));
    }
  });

  it('says "nothing new" when composed without hits', () => {
    const message = composeDigest([], options);
    expect(message.subject).toBe('Rasid: nothing new on your watchlists (28 Nov 2026)');
    expect(message.text).toContain('No new hits');
  });
});

describe('composeAlert', () => {
  it('names the critical entry and the story in the subject, stripped of line breaks', () => {
    const all = pendingFromStories();
    const critical = all.filter((h) => h.priority === ('critical' satisfies Priority));
    const articleEntries = new Map<number, Set<string>>();
    for (const h of all) articleEntries.set(h.article.id, (articleEntries.get(h.article.id) ?? new Set()).add(h.entry));
    const alert = composeAlert(critical, { ...options, articleEntries });
    expect(alert.kind).toBe('alert');
    expect(alert.subject).toBe("Rasid alert: Mody's Benghazi trip — وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي للقاء المشير حفتر");
    const hostile = composeAlert([hit('haftar', 'Breaking\r\nBcc: victim@example.com\u0000', '2026-11-28T08:00:00Z')], options);
    expect(hostile.subject).toBe('Rasid alert: Khalifa Haftar — Breaking Bcc: victim@example.com');
  });
});

describe('highlightSegments', () => {
  it.each([
    ['prefers the longer of overlapping terms', 'Salifou Mody in Benghazi', ['Mody', 'Salifou Mody'], ['Salifou Mody']],
    ['matches case-insensitively', 'HAFTAR met Haftar', ['haftar'], ['HAFTAR', 'Haftar']],
    ['treats regex characters literally', 'the (Wagner) group', ['(Wagner)'], ['(Wagner)']],
    ['marks nothing without terms', 'plain text', [], []],
    ['marks whole words, not a term inside a longer word', 'Nigerien troops left Niger', ['Niger'], ['Niger']],
    ['falls back to inside words for a stem found nowhere whole', 'Нигерийские власти', ['Нигер'], ['Нигер']],
    ['marks an Arabic term with a clitic attached', 'وصل وزير الدفاع وبنغازي', ['بنغازي'], ['بنغازي']],
  ])('%s', (_name, snippet, terms, marked) => {
    expect(highlightSegments(snippet, terms).filter((s) => s.match).map((s) => s.text)).toEqual(marked);
    expect(highlightSegments(snippet, terms).map((s) => s.text).join('')).toBe(snippet);
  });
});
