// Each hostile body gives a clear NotAFeedError or sane items with warnings; none may crash or
// hang (the suite's timeout bounds the time; the figures are in the README, not asserted here).
import { describe, expect, it } from 'vitest';
import { NotAFeedError } from '../../src/errors.ts';
import { parseFeed } from '../../src/parse/parse-feed.ts';

const feed = (inner: string, prolog = '') => Buffer.from(`${prolog}<rss version="2.0"><channel><title>Hostile</title>${inner}</channel></rss>`);

describe('parseFeed on hostile input', () => {
  it('does not expand an entity-expansion bomb and keeps the rest of the feed', () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const parsed = parseFeed(feed('<item><title>&lol9;</title><link>http://ok.example/1</link></item>', `<?xml version="1.0"?><!DOCTYPE rss [${levels.join('')}]>`), {});
    expect(parsed.items[0]?.link).toBe('http://ok.example/1');
    expect((parsed.items[0]?.title ?? '').length).toBeLessThan(100);
    expect(parsed.warnings.join(' ')).toMatch(/DTD entity/);
  });

  it('never reads an external entity (XXE)', () => {
    const parsed = parseFeed(feed('<item><title>&xxe;</title></item>', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), {});
    expect(parsed.items[0]?.title).toBe('&xxe;');
    expect(JSON.stringify(parsed)).not.toMatch(/root:/);
  });

  it('survives 20,000 nested elements', () => {
    const parsed = parseFeed(feed(`<item><title>deep</title><description>${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}</description></item>`), {});
    expect(parsed.items[0]?.title).toBe('deep');
    expect(parsed.warnings.join(' ')).toMatch(/nested deeper|hostile nesting/);
  });

  it('survives 20,000 unclosed elements and 200,000 nested HTML tags in a description', () => {
    expect(parseFeed(feed(`<item><title>open</title>${'<a>'.repeat(20_000)}`), {}).items[0]?.title).toBe('open');
    const parsed = parseFeed(feed(`<item><title>html</title><description><![CDATA[${'<div>'.repeat(200_000)}]]></description></item>`), {});
    expect(parsed.items[0]?.title).toBe('html');
    expect(parsed.warnings.join(' ')).toMatch(/nested more than/);
  });

  it('caps a 100,000-character title and says so', () => {
    const parsed = parseFeed(feed(`<item><title>${'Haftar '.repeat(15_000)}</title></item>`), {});
    expect(parsed.items[0]?.title?.length).toBe(1_000);
    expect(parsed.warnings.join(' ')).toMatch(/title of .* characters was cut to 1,000/);
  });

  it('reads 10,000 unclosed <p in a description without a quadratic blow-up', () => {
    const parsed = parseFeed(feed(`<item><title>p</title><description><![CDATA[${'<p'.repeat(10_000)} tail]]></description></item>`), {});
    expect(parsed.items).toHaveLength(1);
    const escaped = parseFeed(feed(`<item><title>p</title><description>${'&lt;p '.repeat(10_000)}</description></item>`), {});
    expect(escaped.items[0]?.title).toBe('p');
  });

  it('leaves a date in the year 20240 empty with a warning', () => {
    const parsed = parseFeed(feed('<item><title>y</title><pubDate>Thu, 01 Jan 20240 10:00:00 GMT</pubDate></item>'), {});
    expect(parsed.items[0]?.published).toBeNull();
    expect(parsed.warnings.join(' ')).toMatch(/impossible year \(20240\)/);
  });

  it('treats <__proto__> and constructor tags as data (no prototype pollution)', () => {
    const body = feed('<item><__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor><title __proto__="x">p</title></item>');
    const parsed = parseFeed(body, {});
    expect(parsed.items[0]?.title).toBe('p');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('caps the number of items', () => {
    const parsed = parseFeed(feed('<item><title>x</title></item>'.repeat(6_000)), {});
    expect(parsed.items).toHaveLength(5_000);
    expect(parsed.warnings.join(' ')).toMatch(/6000 items/);
  });

  it.each([
    ['an HTML error page', '<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>', /HTML page \("502 Bad Gateway"\)/],
    ['an empty body', '', /empty/],
    ['whitespace only', ' \r\n\t ', /empty/],
    ['binary noise', '\u0000\u0001\u0002<<<>>>', /not a feed|broken beyond repair|plain text/],
  ])('refuses %s with a NotAFeedError', (_name, body, message) => {
    expect(() => parseFeed(Buffer.from(body), {})).toThrowError(NotAFeedError);
    expect(() => parseFeed(Buffer.from(body), {})).toThrowError(message);
  });
});
