// Measures extractMainText against @mozilla/readability on linkedom (the library alternative, a
// dev dependency kept as this baseline) on our article pages: for each page the share of the
// body recovered and of the boilerplate let through, the means, and the time per page.
// usage: npx tsx test/parse/compare-extractors.ts
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractMainText } from '../../src/parse/extract-main-text.ts';
import { type ArticlePage, loadArticlePages, scoreExtraction } from './article-pages.ts';

function readability(html: string): string | null {
  const { document } = parseHTML(html);
  return new Readability(document as unknown as Document).parse()?.textContent ?? null;
}

const extractors: Record<string, (html: string) => string | null> = {
  rasid: extractMainText,
  'readability+linkedom': readability,
  'rasid, else readability': (html) => extractMainText(html) ?? readability(html),
};

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function report(title: string, pages: ArticlePage[]): void {
  console.log(`\n${title} (${pages.length} pages): body recovered / boilerplate let through`);
  console.log(['page'.padEnd(24), ...Object.keys(extractors).map((name) => name.padStart(26))].join(''));
  const sums = Object.fromEntries(Object.keys(extractors).map((name) => [name, { recovered: 0, boilerplate: 0 }]));
  for (const page of pages) {
    const cells = Object.entries(extractors).map(([name, extract]) => {
      const score = scoreExtraction(page, extract(page.html));
      sums[name]!.recovered += score.recovered;
      sums[name]!.boilerplate += score.boilerplate;
      return `${percent(score.recovered)} / ${percent(score.boilerplate)}`.padStart(26);
    });
    console.log([page.name.padEnd(24), ...cells].join(''));
  }
  const means = Object.values(sums).map((sum) => `${percent(sum.recovered / pages.length)} / ${percent(sum.boilerplate / pages.length)}`.padStart(26));
  console.log(['mean'.padEnd(24), ...means].join(''));
}

const tuned = loadArticlePages('articles');
const holdout = loadArticlePages('articles-holdout');
report('Pages the extractor was tuned on', tuned);
report('Pages written after tuning', holdout);

const all = [...tuned, ...holdout];
for (const [name, extract] of Object.entries(extractors).slice(0, 2)) {
  for (const page of all) extract(page.html);
  const rounds = 20;
  const started = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++) for (const page of all) extract(page.html);
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / (rounds * all.length);
  console.log(`${name}: ${ms.toFixed(2)} ms per page (mean of ${rounds} rounds over ${all.length} pages)`);
}
