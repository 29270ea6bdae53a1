// extractMainText on our own article pages (test/fixtures/parse/articles/): every page's body is
// found, whatever its layout, and next to none of its boilerplate comes with it. Issue 15, item 7.
import { describe, expect, it } from 'vitest';
import { extractMainText } from '../../src/parse/extract-main-text.ts';
import { loadArticlePages, scoreExtraction } from './article-pages.ts';

const pages = loadArticlePages('articles');
const holdout = loadArticlePages('articles-holdout');

describe('extractMainText on article pages of every shape', () => {
  it('has the pages it is measured on: at least 12, in four languages, with the layouts that matter', () => {
    expect(pages.length).toBeGreaterThanOrEqual(12);
    for (const shape of ['table-br', 'ad-split', 'comments', 'footer', 'modern']) expect(pages.some((p) => p.name.includes(shape))).toBe(true);
    for (const lang of ['ar-', 'en-', 'fr-', 'ru-']) expect(pages.some((p) => p.name.startsWith(lang))).toBe(true);
  });

  it.each([...pages, ...holdout].map((page) => [page.name, page] as const))('%s: recovers the body and leaves the boilerplate', (_, page) => {
    const text = extractMainText(page.html, `https://news.example/${page.name}`);
    const score = scoreExtraction(page, text);
    expect(score.recovered, text ?? 'null').toBeGreaterThanOrEqual(0.95);
    expect(score.boilerplate, text ?? 'null').toBeLessThanOrEqual(0.05);
    // Paragraphs stay apart, so snippets and the matcher's word boundaries see them as written.
    for (const paragraph of page.body) expect(text).toContain(paragraph);
  });

  it('reads paragraphs written between <br>s in a table cell', () => {
    const lines = ['The Sebha convoy left on Monday with forty trucks of flour and fuel.', 'Drivers expect four days on the road to the border if the wells are open.'];
    const html = `<table><tr><td><a href="/">Home</a><br><a href="/x">Archive</a></td><td><font>${lines.join('<br><br>')}<br><br><a href="/print">Print</a> | <a href="/mail">Email</a></font></td></tr></table>`;
    expect(extractMainText(html)).toBe(lines.join('\n\n'));
  });

  it('joins a body split by labelled ad units and keeps the ads out', () => {
    const chunk = (text: string) => `<div class="chunk"><p>${text}</p></div>`;
    const ad = '<div class="unit"><span>Advertisement</span><div>Cheap flights to Tunis every day of the week from Benghazi.</div></div>';
    const parts = ['Recruiters for the Africa Corps opened an office in Niamey this month.', 'They hire drivers and guards for the pipeline sites in the east.', 'The embassy did not answer questions about the recruitment drive.'];
    const html = `<div class="story">${chunk(parts[0]!)}${ad}${chunk(parts[1]!)}${ad}${chunk(parts[2]!)}</div>`;
    expect(extractMainText(html)).toBe(parts.join('\n\n'));
  });

  // cheerio's find() and text() and DOM edits are quadratic in the number of siblings; the
  // extractor walks the DOM itself, so these finish in about a second (the timeout is generous).
  it('reads pages of 20,000 <br> lines or 20,000 sibling paragraphs whole', { timeout: 60_000 }, () => {
    const line = (i: number) => `Line ${i} of the convoy report from Sebha to the border posts.`;
    const lines = Array.from({ length: 20_000 }, (_, i) => line(i));
    const brText = extractMainText(`<html><body><div>${lines.join('<br>')}</div></body></html>`);
    expect(brText?.split('\n\n')).toEqual(lines);
    const pText = extractMainText(`<html><body><div>${lines.map((l) => `<div class="x"><p>${l}</p></div>`).join('')}</div></body></html>`);
    expect(pText?.split('\n\n')).toHaveLength(20_000);
    expect(pText?.endsWith(line(19_999))).toBe(true);
  });

  it('removes control characters from the text it returns', () => {
    const html = '<div><p>Haftar\u0007 met the delegation from Niamey\u0000 on Wednesday at the Rajma compound east of Benghazi.</p></div>';
    expect(extractMainText(html)).toBe('Haftar met the delegation from Niamey on Wednesday at the Rajma compound east of Benghazi.');
  });
});
