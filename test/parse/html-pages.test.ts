import fs from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NotAFeedError } from '../../src/errors.ts';
import { extractMainText } from '../../src/parse/extract-main-text.ts';
import { parseHtmlListing } from '../../src/parse/parse-html-listing.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/parse/${name}`, import.meta.url), 'utf8');
const selectors = { item: 'li.news-item', title: '.headline', link: '.headline', date: 'time, .date', summary: '.teaser' };

describe('parseHtmlListing', () => {
  const page = iconv.encode(fixture('ar-listing.html'), 'windows-1256');

  it('turns a windows-1256 listing page into items with resolved links, dates and safe summaries', () => {
    const parsed = parseHtmlListing(page, { contentType: 'text/html', url: 'https://sahel-today.example/ar/latest', selectors });
    expect(parsed.encoding).toBe('windows-1256');
    expect(parsed.feed).toEqual({ title: 'الساحل اليوم - آخر الأخبار', link: 'https://sahel-today.example/ar/latest' });
    expect(parsed.items).toEqual([
      {
        guid: 'https://sahel-today.example/ar/news/2024/01/haftar-niamey',
        link: 'https://sahel-today.example/ar/news/2024/01/haftar-niamey',
        title: 'حفتر يستقبل رئيس الوزراء النيجري علي الأمين زين',
        published: '2024-01-20T10:00:00.000Z',
        summary: 'بحث اللقاء <strong>التعاون العسكري</strong> ومشروع خط أنابيب أغاديم.',
        content: null,
      },
      {
        guid: 'https://sahel-today.example/ar/news/2024/01/redut',
        link: 'https://sahel-today.example/ar/news/2024/01/redut',
        title: 'شركة ريدوت الروسية تعزز وجودها في الجنوب الليبي',
        published: '2024-01-19T18:45:00.000Z',
        summary: null,
        content: null,
      },
    ]);
    expect(parsed.warnings.join(' ')).toMatch(/1 matched item\(s\) had neither a title nor a link/);
  });

  it('says plainly when the item selector matches nothing (the site changed its layout)', () => {
    expect(() => parseHtmlListing(page, { url: null, selectors: { ...selectors, item: 'article.story' } })).toThrowError(
      new NotAFeedError('the item selector "article.story" matched nothing on this page; the site may have changed its layout'),
    );
  });

  it('refuses an empty body and an invalid selector', () => {
    expect(() => parseHtmlListing(Buffer.alloc(0), { selectors })).toThrowError(/empty/);
    expect(() => parseHtmlListing(page, { selectors: { ...selectors, item: 'li[' } })).toThrowError(/not valid CSS/);
  });
});

describe('extractMainText', () => {
  it('keeps the article paragraphs and drops navigation, share bars, related links, comments and footer', () => {
    const text = extractMainText(fixture('fr-article.html'), 'https://sahel-hebdo.example/agadez');
    expect(text).toContain("Les derniers militaires américains ont quitté la base aérienne 201 d'Agadez");
    expect(text).toContain('Le général Salifou Mody');
    expect(text?.split('\n\n')).toHaveLength(3);
    for (const boilerplate of ['Accueil', 'Partager', 'À lire aussi', 'Premier commentaire', 'droits réservés']) expect(text).not.toContain(boilerplate);
  });

  it('finds the densest block of paragraphs on a page without <article>', () => {
    const paragraphs = ['Le convoi a quitté Sebha à l’aube en direction de la frontière nigérienne.', 'Des sources locales évoquent la présence d’instructeurs russes du groupe Convoy.', 'Aucune confirmation officielle n’a été donnée à Tripoli ni à Niamey.'];
    const html = `<html><body><div class="menu"><a href="/">Accueil</a><a href="/x">Monde</a></div><div class="txt">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div><div><p>Court.</p></div></body></html>`;
    expect(extractMainText(html)).toBe(paragraphs.join('\n\n'));
  });

  it('returns null for a page without article text, and stays fast on hostile markup', () => {
    expect(extractMainText('<html><body><nav><a href="/">Home</a></nav></body></html>')).toBeNull();
    expect(extractMainText(`<html><body>${'<div>'.repeat(50_000)}<p>x</p></body></html>`)).toBeNull();
  });
});
