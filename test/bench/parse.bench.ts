// Parse-stage benchmark, printed as ratios against baselines measured in the same run:
//  1. throughput: parseFeed (decode, tolerant tree, mapping, sanitising) against rss-parser's
//     parseString on the same 500-item feed (rss-parser does no decoding and no sanitising);
//  2. hostile input: each hostile body against a clean feed of about the same size, so a ratio
//     near 1 means "linear, like a normal feed" and a large one would flag a blow-up.
// Run: npx tsx test/bench/parse.bench.ts
import Parser from 'rss-parser';
import { parseFeed } from '../../src/parse/parse-feed.ts';

function timeIt(run: () => unknown, minMs = 300): number {
  // Warm up so the JIT has compiled the hot paths before we measure.
  for (let i = 0; i < 20; i++) run();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run();
    n++;
  }
  return (performance.now() - start) / n;
}

const item = (i: number) =>
  `<item><title>Haftar receives Niger's defence minister Mody in Benghazi (${i})</title><link>https://news.example/${i}</link>` +
  `<guid>https://news.example/${i}</guid><pubDate>Wed, 17 Jan 2024 09:30:00 +0200</pubDate>` +
  `<description><![CDATA[<p>Talks covered the <b>Agadem</b> pipeline and the Africa Corps; <a href="/more/${i}">more</a>.</p>]]></description></item>`;
const feed = (items: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title><link>https://news.example/</link>${items}</channel></rss>`;
const clean = (bytes: number) => {
  let items = '';
  for (let i = 0; items.length < bytes; i++) items += item(i);
  return feed(items);
};

const normal = feed(Array.from({ length: 500 }, (_, i) => item(i)).join(''));
const rss = new Parser();
const ours = timeIt(() => parseFeed(Buffer.from(normal), { url: 'https://news.example/feed' }));
let theirs = 0;
for (let i = 0; i < 20; i++) await rss.parseString(normal);
{
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 300) {
    await rss.parseString(normal);
    n++;
  }
  theirs = (performance.now() - start) / n;
}
console.log(`throughput, 500 items (${(normal.length / 1024).toFixed(0)} KB)`);
console.log(`  rss-parser parseString  ${theirs.toFixed(2)} ms  (baseline 1.00)`);
console.log(`  parseFeed               ${ours.toFixed(2)} ms  (${(ours / theirs).toFixed(2)}×)  ${((500 / ours) * 1000).toFixed(0)} items/s`);

const hostile: Array<[string, string]> = [
  ['20,000 nested elements', feed(`<item><title>x</title><description>${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}</description></item>`)],
  ['200,000 nested HTML tags', feed(`<item><title>x</title><description><![CDATA[${'<div>'.repeat(200_000)}]]></description></item>`)],
  ['10,000 unclosed <p', feed(`<item><title>x</title><description><![CDATA[${'<p'.repeat(10_000)}]]></description></item>`)],
  ['100,000-character title', feed(`<item><title>${'A'.repeat(100_000)}</title></item>`)],
  ['entity bomb (9 levels)', `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i || ''};`.repeat(10)}">`).join('')}]>${feed('<item><title>&a9;</title></item>')}`],
  ['6,000 items', feed(Array.from({ length: 6_000 }, (_, i) => `<item><title>${i}</title></item>`).join(''))],
];
console.log('\nhostile input, against a clean feed of the same size');
for (const [name, body] of hostile) {
  const baseline = timeIt(() => parseFeed(Buffer.from(clean(body.length)), {}), 200);
  const ms = timeIt(() => parseFeed(Buffer.from(body), {}), 200);
  console.log(`  ${name.padEnd(26)} ${(body.length / 1024).toFixed(0).padStart(5)} KB  ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}× the clean feed`);
}
