// Our own article pages (test/fixtures/parse/articles/: modern layouts, old table layouts with
// <br>, bodies split by ads, long comment threads and footers, in four languages), each with the
// body text a reader would call the article, and the score of an extractor's output on them:
// the share of the body's words it recovered and the share of the page's boilerplate words it
// let through. Headlines, bylines and captions are "neutral": counted neither way.
import fs from 'node:fs';
import * as cheerio from 'cheerio';

export interface ArticlePage {
  name: string;
  html: string;
  body: string[];
  neutral: string[];
}

export interface ExtractionScore {
  /** Share of the body's words found in the output (0–1). */
  recovered: number;
  /** Share of the page's boilerplate words found in the output (0–1). */
  boilerplate: number;
}

/** `articles`: the pages the extractor was tuned on; `articles-holdout`: written after, scored once before any change. */
export function loadArticlePages(set: 'articles' | 'articles-holdout' = 'articles'): ArticlePage[] {
  const folder = new URL(`../fixtures/parse/${set}/`, import.meta.url);
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.html'.length);
      const expected = JSON.parse(fs.readFileSync(new URL(`${name}.expected.json`, folder), 'utf8')) as { body: string[]; neutral?: string[] };
      return { name, html: fs.readFileSync(new URL(file, folder), 'utf8'), body: expected.body, neutral: expected.neutral ?? [] };
    });
}

const words = (text: string) => text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function bag(list: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** `a` minus `b`, counting repeats. */
function minus(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const rest = new Map<string, number>();
  for (const [word, n] of a) if (n - (b.get(word) ?? 0) > 0) rest.set(word, n - (b.get(word) ?? 0));
  return rest;
}

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  for (const [word, n] of a) shared += Math.min(n, b.get(word) ?? 0);
  return shared;
}

const size = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);

/** The words a visitor sees on the page: no scripts, styles or form controls' values. */
function visibleWords(html: string): string[] {
  const $ = cheerio.load(html);
  $('script, style, noscript, template, head').remove();
  $('br, p, div, td, li, h1, h2, h3, tr').after(' ');
  return words($('body').text());
}

export function scoreExtraction(page: ArticlePage, output: string | null): ExtractionScore {
  const body = bag(words(page.body.join('\n')));
  const neutral = bag(words(page.neutral.join('\n')));
  const boilerplate = minus(minus(bag(visibleWords(page.html)), body), neutral);
  const got = bag(words(output ?? ''));
  const extra = minus(minus(got, body), neutral);
  return {
    recovered: overlap(got, body) / size(body),
    boilerplate: size(boilerplate) === 0 ? 0 : overlap(extra, boilerplate) / size(boilerplate),
  };
}
