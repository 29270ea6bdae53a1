import fs from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NotAFeedError } from '../../src/errors.ts';
import { parseFeed } from '../../src/parse/parse-feed.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/parse/${name}`, import.meta.url));
const rss = (items: string, channel = '') => Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${channel}${items}</channel></rss>`);

describe('parseFeed on our fixture feeds', () => {
  it('reads an Arabic RSS feed in windows-1256 served with a wrong ISO-8859-1 header', () => {
    const text = fixture('ar-libya-rss.xml').toString('utf8').replace('ENCODING', 'ISO-8859-1');
    const parsed = parseFeed(iconv.encode(text, 'windows-1256'), { contentType: 'application/rss+xml; charset=ISO-8859-1', url: 'https://barqa-news.example/feed' });
    expect(parsed.encoding).toBe('windows-1256');
    expect(parsed.feed).toEqual({ title: 'بوابة برقة الإخبارية', link: 'https://barqa-news.example/' });
    expect(parsed.items).toHaveLength(2);
    expect(parsed.items[0]).toEqual({
      guid: 'barqa-2024-0117-001',
      link: 'https://barqa-news.example/politics/2024/01/mody-benghazi',
      title: 'وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي في زيارة رسمية',
      published: '2024-01-17T07:30:00.000Z',
      summary: '<p>استقبل المشير خليفة حفتر في الرجمة وفداً عسكرياً من النيجر برئاسة الجنرال ساليفو مودي، وبحث الجانبان <b>تأمين الحدود</b> المشتركة.</p>',
      content: null,
    });
    expect(parsed.items[1]?.published).toBe('2024-01-18T06:15:00.000Z');
    expect(parsed.warnings.join('\n')).toMatch(/reads as windows-1256/);
  });

  it('reads a French Atom feed: xml:base, HTML and XHTML content, a French date', () => {
    const parsed = parseFeed(fixture('fr-sahel-atom.xml'), { contentType: 'application/atom+xml', url: 'https://sahel-hebdo.example/feed.atom' });
    expect(parsed.feed).toEqual({ title: 'Sahel Hebdo — Défense & sécurité', link: 'https://sahel-hebdo.example/' });
    const [first, second] = parsed.items;
    expect(first?.title).toBe('Le Premier ministre Ali Lamine Zeine reçu à Moscou : l’axe Niamey–Benghazi se précise');
    expect(first?.link).toBe('https://sahel-hebdo.example/2024/01/zeine-moscou');
    expect(first?.guid).toBe('tag:sahel-hebdo.example,2024:zeine-moscou');
    expect(first?.published).toBe('2024-01-19T07:45:00.000Z');
    expect(first?.content).toContain('<a href="https://sahel-hebdo.example/dossiers/africa-corps">présence de l’Africa Corps</a>');
    expect(second?.published).toBe('2024-01-19T07:30:00.000Z');
    expect(second?.summary).toBe('Les derniers militaires américains ont quitté la base 201 &lt;selon l\'armée&gt;.');
    expect(parsed.warnings).toEqual([]);
  });

  it('reads an English RSS feed and sanitises its HTML', () => {
    const parsed = parseFeed(fixture('en-agadez-rss.xml'), { url: 'https://desert-dispatch.example/feed/' });
    const [first] = parsed.items;
    expect(first?.title).toBe('Haftar’s son meets Russian deputy defence minister Yevkurov in Benghazi');
    expect(first?.summary).toBe('<p>Talks covered the <em>Africa Corps</em> presence at al-Khadim air base.</p>');
    expect(first?.content).toBe('<p>Yunus-Bek Yevkurov arrived on Tuesday. <img src="https://desert-dispatch.example/img/benghazi.jpg" alt="Benghazi" /> <a>more</a></p>');
    expect(parsed.items[1]?.published).toBe('2024-01-15T12:00:00.000Z');
    expect(parsed.feed.link).toBe('https://desert-dispatch.example/');
  });

  it('reads a Russian RSS feed in KOI8-R with Russian dates', () => {
    const text = fixture('ru-africa-corps-rss.xml').toString('utf8').replace('ENCODING', 'KOI8-R');
    const parsed = parseFeed(iconv.encode(text, 'koi8-r'), {});
    expect(parsed.encoding).toBe('koi8-r');
    expect(parsed.items.map((i) => i.title)).toEqual([
      'Африканский корпус Минобороны России расширяет присутствие в Ливии и Нигере',
      'ЧВК "Редут" и "Конвой": что известно о новых контрактах',
    ]);
    expect(parsed.items.map((i) => i.published)).toEqual(['2024-01-17T14:05:00.000Z', '2024-01-18T07:00:00.000Z']);
  });

  it('reads the same feed in UTF-16 and UTF-32', () => {
    const text = fixture('ru-africa-corps-rss.xml').toString('utf8').replace('ENCODING', 'UTF-16');
    for (const encoding of ['utf-16le', 'utf-16be', 'utf-32le']) {
      const parsed = parseFeed(iconv.encode(text, encoding, { addBOM: true }), {});
      expect(parsed.items[1]?.title).toBe('ЧВК "Редут" и "Конвой": что известно о новых контрактах');
    }
  });
});

describe('parseFeed takes an item link from its guid', () => {
  it.each([
    { guid: '<guid>https://wasat.example/1</guid>', link: 'https://wasat.example/1' },
    { guid: '<guid isPermaLink="true">/news/42</guid>', link: 'https://wasat.example/news/42' },
    { guid: '<guid isPermaLink="false">https://wasat.example/2</guid>', link: null },
    { guid: '<guid>12345</guid>', link: null },
    { guid: '<guid isPermaLink="true">tag:wasat.example,2024:3</guid>', link: null },
    { guid: '<guid isPermaLink="true">javascript:alert(1)</guid>', link: null },
  ])('$guid gives link $link when the item has no <link>', ({ guid, link }) => {
    const parsed = parseFeed(rss(`<item><title>حفتر</title>${guid}</item>`), { url: 'https://wasat.example/feed' });
    expect(parsed.items[0]?.link).toBe(link);
  });
});

describe('parseFeed recovers from broken feeds', () => {
  it('reads a truncated download up to where it stops', () => {
    const whole = fixture('en-agadez-rss.xml').toString('utf8');
    const parsed = parseFeed(Buffer.from(whole.slice(0, whole.indexOf('The pact was'))), {});
    expect(parsed.items).toHaveLength(2);
    expect(parsed.items[1]?.title).toBe('Niger junta signs security pact; Issa Abdelmajid Mansour named liaison');
    expect(parsed.warnings.join(' ')).toMatch(/never closed/);
  });

  it('keeps bare ampersands and decodes HTML named entities', () => {
    const parsed = parseFeed(rss('<item><title>Haftar &amp; Mody&hellip; talks&nbsp;end</title><link>http://x.example/?a=1&b=2</link></item>'), {});
    expect(parsed.items[0]?.title).toBe('Haftar & Mody… talks end');
    expect(parsed.items[0]?.link).toBe('http://x.example/?a=1&b=2');
    expect(parsed.warnings.join(' ')).toMatch(/HTML entities/);
    expect(parsed.warnings.join(' ')).toMatch(/bare "&"/);
  });

  it('reads <rss> without version or channel, and undeclared namespaces', () => {
    const parsed = parseFeed(Buffer.from('<rss><item><title>Agadem</title><dc:date>2024-02-01T10:00:00Z</dc:date><media:thumbnail url="x"/></item></rss>'), {});
    expect(parsed.items).toEqual([{ guid: null, link: null, title: 'Agadem', published: '2024-02-01T10:00:00.000Z', summary: null, content: null }]);
    expect(parsed.warnings.join(' ')).toMatch(/no version/);
    expect(parsed.warnings.join(' ')).toMatch(/no <channel>/);
  });

  it('keeps every Atom entry when one date is unreadable', () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title><published>not a date</published></entry><entry><title>b</title><updated>2024-01-01T00:00:00Z</updated></entry></feed>';
    const parsed = parseFeed(Buffer.from(atom), {});
    expect(parsed.items.map((i) => [i.title, i.published])).toEqual([['a', null], ['b', '2024-01-01T00:00:00.000Z']]);
    expect(parsed.warnings.join(' ')).toMatch(/could not read the date "not a date"/);
  });

  it('reads RSS 1.0 (RDF) and Atom 0.3 with base64 and escaped content', () => {
    const rdf = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title><link>http://r.example/</link></channel><item rdf:about="http://r.example/1"><title>One</title><link>http://r.example/1</link></item></rdf:RDF>';
    expect(parseFeed(Buffer.from(rdf), {}).items[0]).toMatchObject({ guid: 'http://r.example/1', title: 'One' });
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title mode="escaped" type="text/html">&lt;b&gt;Zeine&lt;/b&gt;</title><summary mode="base64" type="text/html">${Buffer.from('<p>Redut &amp; Convoy</p>').toString('base64')}</summary><issued>2004-01-01T19:48:21Z</issued></entry></feed>`;
    expect(parseFeed(Buffer.from(atom03), {}).items[0]).toMatchObject({ title: 'Zeine', summary: '<p>Redut &amp; Convoy</p>', published: '2004-01-01T19:48:21.000Z' });
  });

  it('resolves relative links against Content-Location, then the document URL, and drops unsafe ones', () => {
    const body = rss('<item><title>a</title><link>story/1</link></item><item><title>b</title><link>javascript:alert(1)</link></item>');
    expect(parseFeed(body, { url: 'https://feeds.example/ar/rss.xml' }).items[0]?.link).toBe('https://feeds.example/ar/story/1');
    expect(parseFeed(body, { url: 'https://feeds.example/ar/rss.xml', contentLocation: '/news/' }).items[0]?.link).toBe('https://feeds.example/news/story/1');
    expect(parseFeed(body, {}).items[1]?.link).toBeNull();
  });

  it('expands a legitimate DTD entity', () => {
    const body = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY agency "Agence Nigérienne de Presse">]><rss version="2.0"><channel><title>&agency;</title></channel></rss>';
    expect(parseFeed(Buffer.from(body), {}).feed.title).toBe('Agence Nigérienne de Presse');
  });
});

describe('parseFeed sanitises untrusted HTML', () => {
  it.each([
    ['<script>alert(1)</script>safe', 'safe'],
    ['<img src="x" onerror="alert(1)">', '<img src="x" />'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="  jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img />'],
    ['<p style="color: red; background: url(javascript:alert(1)); width: expression(alert(1))">x</p>', '<p style="color: red">x</p>'],
    ['<iframe src="http://evil.example/"></iframe><object data="x"></object>ok', 'ok'],
    ['<b onclick="x()">bold</b>', '<b>bold</b>'],
    ['<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>', '<a>x</a>'],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">x</p></noscript>after', 'after'],
    ['<details open ontoggle=alert(1)>x</details>', '<details>x</details>'],
    ['<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>', '<a>x</a>'],
  ])('turns %s into %s', (html, safe) => {
    const body = rss(`<item><title>t</title><description><![CDATA[${html}]]></description></item>`);
    expect(parseFeed(body, {}).items[0]?.summary).toBe(safe);
  });

  it('gives titles as plain text with entities decoded and no markup', () => {
    const body = rss('<item><title>&lt;b&gt;Mody&lt;/b&gt; in Benghazi &amp;amp; Rajma</title></item>');
    expect(parseFeed(body, {}).items[0]?.title).toBe('Mody in Benghazi & Rajma');
  });
});

describe('parseFeed refuses what is not a feed, in words', () => {
  it.each([
    ['', /the body is empty/],
    ['<!DOCTYPE html><html><head><title>Libya Observer</title><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body></body></html>', /HTML page \("Libya Observer"\), not a feed; the page names its feed at \/feed\//],
    ['{"items": []}', /JSON/],
    ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', /root element is <svg>/],
    ['Service Unavailable', /plain text/],
  ])('rejects %j', (body, message) => {
    expect(() => parseFeed(Buffer.from(body), {})).toThrow(NotAFeedError);
    expect(() => parseFeed(Buffer.from(body), {})).toThrow(message);
  });
});
