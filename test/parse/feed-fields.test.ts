// How single fields are read: Atom text constructs and their types, control characters and
// markup-only titles, podcast and aggregator elements. Issue 12 ("Hardening").
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/fetch/canonical-url.ts';
import { parseFeed } from '../../src/parse/parse-feed.ts';
import { parseHtmlListing } from '../../src/parse/parse-html-listing.ts';

const atomEntry = (inner: string) =>
  Buffer.from(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Sahel</title><entry><id>urn:x:1</id><title>t</title>${inner}</entry></feed>`);
const rss = (item: string, channel = '<title>T</title>') =>
  Buffer.from(
    '<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/" ' +
      'xmlns:googleplay="http://www.google.com/schemas/play-podcasts/1.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">' +
      `<channel>${channel}<item>${item}</item></channel></rss>`,
  );
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
// The first bytes of a PNG file: binary data, not text in any encoding.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0xff, 0xfe]);

describe('Atom text constructs are base64-decoded only when marked so', () => {
  it.each([
    { what: 'type="application/json"', inner: '<content type="application/json">{"side": "Haftar", "town": "Benghazi"}</content>', content: '{"side": "Haftar", "town": "Benghazi"}' },
    { what: 'an unknown type token', inner: '<content type="plain">Mody arrived in Benghazi</content>', content: 'Mody arrived in Benghazi' },
    { what: 'a text-like application type', inner: '<content type="application/javascript">var agadem = 1;</content>', content: 'var agadem = 1;' },
    { what: 'a +json type', inner: '<summary type="application/ld+json">{"name": "Redut"}</summary>', summary: '{"name": "Redut"}' },
    { what: 'a binary type holding base64 text', inner: `<content type="application/octet-stream">${b64('Zeine <b>in Moscow</b>')}</content>`, content: 'Zeine <b>in Moscow</b>' },
    { what: 'mode="base64" holding base64 HTML', inner: `<summary type="text/html" mode="base64">${b64('<p>Agadem &amp; Koulele</p>')}</summary>`, summary: '<p>Agadem &amp; Koulele</p>' },
  ])('reads $what as it is meant', ({ inner, content, summary }) => {
    const parsed = parseFeed(atomEntry(inner), {});
    if (content !== undefined) expect(parsed.items[0]?.content).toBe(content);
    if (summary !== undefined) expect(parsed.items[0]?.summary).toBe(summary);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    { what: 'mode="base64"', field: 'content' as const, inner: '<content type="text/html" mode="base64">Yevkurov visits Benghazi</content>', kept: 'Yevkurov visits Benghazi' },
    { what: 'a binary type', field: 'content' as const, inner: '<content type="application/octet-stream">Wagner convoy near Sebha!</content>', kept: 'Wagner convoy near Sebha!' },
    { what: 'base64 that decodes to invalid UTF-8 under mode="base64"', inner: '<summary type="text/plain" mode="base64">abcd</summary>', kept: 'abcd', field: 'summary' as const },
  ])('keeps a body that is not valid base64 under $what as text, with a warning', ({ inner, kept, field }) => {
    const parsed = parseFeed(atomEntry(inner), {});
    expect(parsed.items[0]?.[field]).toBe(kept);
    expect(parsed.warnings.join('\n')).toMatch(/not valid base64 text; kept it as it is written/);
  });

  it('leaves out a real binary body (an image) with a warning instead of garbage', () => {
    const parsed = parseFeed(atomEntry(`<content type="image/png">${b64(PNG)}</content>`), {});
    expect(parsed.items[0]?.content).toBeNull();
    expect(parsed.warnings.join('\n')).toMatch(/content of type image\/png is binary data, not text; left it out/);
  });
});

describe('plain-text fields carry no control characters', () => {
  const controls = '\u0000\u0001\u0007\u0008\u000b\u000c\u000e\u001b\u001f\u007f';

  it('removes them from item and feed titles, summaries, content and guids, keeping tabs and newlines in text', () => {
    const body = rss(
      `<title>Haftar${controls} meets&#x7; Mody</title><guid isPermaLink="false">id-${controls}42</guid>` +
        `<description>Agadem${controls} pipeline&#27;\tflows\nagain</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Redut\u0007 and\u007f Convoy</p>]]></content:encoded>`,
      `<title>Barqa${controls} News</title>`,
    );
    const parsed = parseFeed(body, {});
    expect(parsed.feed.title).toBe('Barqa News');
    expect(parsed.items[0]).toMatchObject({
      title: 'Haftar meets Mody',
      guid: 'id-42',
      summary: 'Agadem pipeline\tflows\nagain',
      content: '<p>Redut and Convoy</p>',
    });
  });

  it('turns a lone carriage return into a newline rather than gluing words together', () => {
    const parsed = parseFeed(rss('<title>a</title><description>Niamey\rBenghazi</description>'), {});
    expect(parsed.items[0]?.summary).toBe('Niamey\nBenghazi');
  });

  it('removes them from titles of HTML listing pages too', () => {
    const page = Buffer.from('<html><head><title>Sahel\u0007 Today</title></head><body><ul><li class="n"><a href="/a">Zeine\u001b in\u0000 Niamey</a></li></ul></body></html>');
    const parsed = parseHtmlListing(page, { url: 'https://sahel.example/', selectors: { item: 'li.n', title: 'a', link: 'a' } });
    expect(parsed.feed.title).toBe('Sahel Today');
    expect(parsed.items[0]?.title).toBe('Zeine in Niamey');
  });
});

describe('a title made only of escaped markup keeps it as literal text', () => {
  it.each([
    { what: 'RSS', body: rss('<title>&lt;tag&gt;</title>'), title: '<tag>' },
    { what: 'RSS, CDATA', body: rss('<title><![CDATA[<untitled>]]></title>'), title: '<untitled>' },
    { what: 'Atom type="html"', body: atomEntry('').toString().replace('<title>t</title>', '<title type="html">&lt;Redut&gt; &lt;/Redut&gt;</title>'), title: '<Redut> </Redut>' },
    // Tags of real HTML elements that only format text: read as HTML they leave nothing, so the
    // title means the tags themselves (a piece about markup, a CMS placeholder), not "no title".
    { what: 'RSS, an empty formatting element', body: rss('<title>&lt;b&gt;</title>'), title: '<b>' },
    { what: 'RSS, an opening and closing tag', body: rss('<title>&lt;em&gt;&lt;/em&gt;</title>'), title: '<em></em>' },
    { what: 'RSS, a line break', body: rss('<title> &lt;br/&gt; </title>'), title: '<br/>' },
    { what: 'RSS, CDATA of a real element', body: rss('<title><![CDATA[<strong>]]></title>'), title: '<strong>' },
    { what: 'Atom type="html", a real element', body: atomEntry('').toString().replace('<title>t</title>', '<title type="html">&lt;p&gt;&lt;/p&gt;</title>'), title: '<p></p>' },
  ])('$what', ({ body, title }) => {
    expect(parseFeed(Buffer.from(body), {}).items[0]?.title).toBe(title);
  });

  it('still reads real markup as markup, and a title of nothing but a script or image stays empty', () => {
    expect(parseFeed(rss('<title>&lt;b&gt;Mody&lt;/b&gt; in Benghazi</title>'), {}).items[0]?.title).toBe('Mody in Benghazi');
    expect(parseFeed(rss('<title>&lt;img src="x" onerror="alert(1)"&gt;</title>'), {}).items[0]?.title).toBeNull();
    expect(parseFeed(rss('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>'), {}).items[0]?.title).toBeNull();
    expect(parseFeed(rss('<title>&lt;iframe src="https://x.example/"&gt;&lt;/iframe&gt;</title>'), {}).items[0]?.title).toBeNull();
    expect(parseFeed(rss('<title>&lt;style&gt;b{}&lt;/style&gt;</title>'), {}).items[0]?.title).toBeNull();
    expect(parseFeed(rss('<title>&lt;b onmouseover="alert(1)"&gt;&lt;/b&gt;</title>'), {}).items[0]?.title).toBeNull();
  });
});

describe('podcast and aggregator feeds', () => {
  it.each([
    { what: 'itunes:summary before itunes:subtitle', item: '<itunes:subtitle>Short</itunes:subtitle><itunes:summary>Episode 12: Haftar and the Niger junta</itunes:summary>', summary: 'Episode 12: Haftar and the Niger junta' },
    { what: 'itunes:subtitle', item: '<itunes:subtitle>Mody in Benghazi, explained</itunes:subtitle><media:description>later</media:description>', summary: 'Mody in Benghazi, explained' },
    { what: 'googleplay:description', item: '<googleplay:description>The Agadem pipeline reopens</googleplay:description><media:description>later</media:description>', summary: 'The Agadem pipeline reopens' },
    { what: 'media:description', item: '<media:description>Africa Corps arrives in Niamey</media:description>', summary: 'Africa Corps arrives in Niamey' },
    { what: 'media:description inside media:group', item: '<media:group><media:title>x</media:title><media:description>Yevkurov in Benghazi</media:description></media:group>', summary: 'Yevkurov in Benghazi' },
    { what: 'media:description inside media:content', item: '<media:content url="https://cdn.example/a.mp4"><media:description type="html">&lt;p&gt;Redut &lt;b&gt;contract&lt;/b&gt;&lt;/p&gt;</media:description></media:content>', summary: '<p>Redut <b>contract</b></p>' },
    { what: 'a differently prefixed iTunes namespace', item: '<it:summary xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd">Zeine speaks</it:summary>', summary: 'Zeine speaks' },
    { what: 'an empty description, then itunes:summary', item: '<description>  </description><itunes:summary>Convoy to Sebha</itunes:summary>', summary: 'Convoy to Sebha' },
    { what: 'the description when there is one', item: '<description>Own text</description><itunes:summary>Podcast text</itunes:summary>', summary: 'Own text' },
  ])('takes the summary from $what', ({ item, summary }) => {
    expect(parseFeed(rss(`<title>e</title>${item}`), {}).items[0]?.summary).toBe(summary);
  });

  it('takes the summary of an Atom entry without one from media:group (video feeds)', () => {
    const body = '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><entry><title>v</title><media:group><media:description>Haftar receives Mody</media:description></media:group></entry></feed>';
    expect(parseFeed(Buffer.from(body), {}).items[0]?.summary).toBe('Haftar receives Mody');
  });

  it.each([
    { what: 'feedburner:origLink', item: '<link>https://feeds.feedburner.example/~r/sahel/~3/xyz/</link><feedburner:origLink>https://sahel-hebdo.example/2024/01/zeine?utm_source=feedburner</feedburner:origLink>', link: 'https://sahel-hebdo.example/2024/01/zeine?utm_source=feedburner' },
    { what: 'pheedo:origLink', item: '<link>https://ads.pheedo.example/click/1</link><pheedo:origLink xmlns:pheedo="http://www.pheedo.com/namespace/pheedo">https://barqa-news.example/a/1</pheedo:origLink>', link: 'https://barqa-news.example/a/1' },
    { what: 'the link when origLink is unsafe', item: '<link>https://barqa-news.example/a/2</link><feedburner:origLink>javascript:alert(1)</feedburner:origLink>', link: 'https://barqa-news.example/a/2' },
    { what: 'a relative origLink resolved against the feed', item: '<link>https://feeds.feedburner.example/~r/x</link><feedburner:origLink>/a/3</feedburner:origLink>', link: 'https://barqa-news.example/a/3' },
  ])('prefers $what as the item link', ({ item, link }) => {
    expect(parseFeed(rss(`<title>e</title>${item}`), { url: 'https://barqa-news.example/feed' }).items[0]?.link).toBe(link);
  });

  it('gives the same canonical URL for a story carried by a FeedBurner proxy and by its publisher', () => {
    const proxied = parseFeed(rss('<title>Zeine in Moscow</title><link>https://feeds.feedburner.example/~r/sahel/~3/Xy12/</link><feedburner:origLink>https://sahel-hebdo.example/2024/01/zeine?utm_source=feedburner&amp;utm_medium=feed</feedburner:origLink>'), {});
    const own = parseFeed(rss('<title>Zeine in Moscow</title><link>https://sahel-hebdo.example/2024/01/zeine</link>'), {});
    expect(canonicalUrl(proxied.items[0]!.link!)).toBe(canonicalUrl(own.items[0]!.link!));
  });

  it('prefers feedburner:origLink in Atom entries too', () => {
    const body = '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><entry><title>x</title><link rel="alternate" href="https://feedproxy.example/~r/1"/><feedburner:origLink>https://desert-dispatch.example/agadez</feedburner:origLink></entry></feed>';
    expect(parseFeed(Buffer.from(body), {}).items[0]?.link).toBe('https://desert-dispatch.example/agadez');
  });
});
