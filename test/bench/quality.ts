// `npm run quality`: the labelled set's scores per entry, per language and per file, then every
// false positive and false negative with the item id, the label's note and the engine's reasons.
import { fileURLToPath } from 'node:url';
import { type Score, isHardNegative, runQuality } from '../match/quality-score.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const watchlistDir = process.argv[2] ?? `${root}watchlists`;
const { items, report } = runQuality(watchlistDir, `${root}test/fixtures/labelled`);

const pct = (x: number) => x.toFixed(3);
function table(title: string, rows: [string, Score][]): void {
  console.log(`\n| ${title} | precision | recall | F1 | TP | FP | FN |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, s] of rows) {
    console.log(`| ${name} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${s.tp} | ${s.fp} | ${s.fn} |`);
  }
}

const hard = items.filter(isHardNegative).length;
const langs = ['ar', 'fr', 'en', 'ru'].map((l) => `${l} ${items.filter((i) => i.lang === l).length}`).join(', ');
console.log(`Labelled set: ${items.length} items (${langs}); ${hard} hard negatives (${((100 * hard) / items.length).toFixed(1)}%)`);
console.log(`Watchlists: ${watchlistDir}`);
table('entry', [...report.entries.map((e): [string, Score] => [`\`${e}\``, report.perEntry[e]!]), ['**overall (micro)**', report.overall]]);
table('language', Object.entries(report.perLang).sort());
table('file', Object.entries(report.perFile).sort());

console.log(`\n${report.misses.length} misses`);
for (const m of report.misses) {
  const why = m.why.length > 0 ? `\n      engine: ${m.why.join('; ')}` : '';
  console.log(`  ${m.kind === 'false positive' ? 'FP' : 'FN'} ${m.itemId} ${m.entry} (label note: ${m.note})${why}`);
}
