// Matching throughput at 100, 1,000 and 10,000 watchlist entries, next to the naive baseline (one
// Unicode-aware RegExp per alias) measured in the same run. Corpus and watchlists are generated
// here from a fixed seed, so every run measures the same work. Run: npm run bench
// (node --expose-gc gives the memory figures; without it they are printed as n/a).
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { matchArticle } from '../../src/match/match-article.ts';
import type { MatchInput } from '../../src/types.ts';
import type { Watchlist, WatchlistEntry } from '../../src/watchlist/watchlist-types.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const rng = seededRandom;
const random = rng(20261129);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Zipf-like index: small indexes are much more frequent, as words are in text. */
const zipf = (n: number) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));

type Lang = 'en' | 'fr' | 'ar' | 'ru';
const SYLLABLES: Record<Lang, string[]> = {
  en: 'ba be bo ca co da de di fa ga ha ke la le li lo ma me mi mo na ne no pa pe ra re ri ro sa se so ta te ti to va ve wa we ya'.split(' '),
  fr: 'ba bé bo ça co da dé di fa ga la lè li lo ma mé mi mo na né no pa pé ra ré ri ro sa sé so ta té ti to va vé'.split(' '),
  ar: 'با بي تو جا حا دي را ري زا سا شي عا غا فا قا كو لا لي ما مو نا ني ها وا يا ف ق ك ل م ن ر س ع ح'.split(' '),
  ru: 'ба бо ва ве га го да до ев жа за ка ко ла ло ма мо на но па по ра ро са со та то фа ха ча ша ов ин ск'.split(' '),
};
const STOPWORDS: Record<Lang, string[]> = {
  en: ['the', 'of', 'and', 'in', 'to', 'a', 'on', 'for', 'with', 'said'],
  fr: ['le', 'la', 'de', 'et', 'à', 'les', 'des', 'en', 'un', 'a'],
  ar: ['في', 'من', 'على', 'إلى', 'أن', 'عن', 'مع', 'التي', 'الذي', 'قال'],
  ru: ['в', 'и', 'на', 'с', 'по', 'что', 'не', 'о', 'за', 'из'],
};
const LANGS: Lang[] = ['ar', 'ar', 'ar', 'en', 'en', 'en', 'fr', 'fr', 'ru', 'ru'];
const VOCAB_SIZE = 12_000;
const vocab = Object.fromEntries(
  (Object.keys(SYLLABLES) as Lang[]).map((lang) => {
    const words = new Set<string>();
    while (words.size < VOCAB_SIZE) words.add(Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES[lang])).join(''));
    return [lang, [...words]];
  }),
) as Record<Lang, string[]>;

/** A word as text writes it: capitals, Arabic tashkeel/clitics/hamza, Russian case endings. */
function inflect(word: string, lang: Lang): string {
  const r = random();
  if (lang === 'ar') {
    let w = r < 0.2 ? pick(['و', 'ب', 'ال', 'وال', 'لل']) + word : word;
    if (random() < 0.3) w = w.replace(/ا/, 'أ');
    if (random() < 0.2) w = [...w].map((ch) => ch + (random() < 0.3 ? '\u064e' : '')).join('');
    return w;
  }
  if (lang === 'ru') return (r < 0.15 ? word[0]!.toUpperCase() + word.slice(1) : word) + (random() < 0.3 ? pick(['а', 'у', 'ом', 'е', 'ы']) : '');
  return r < 0.15 ? word[0]!.toUpperCase() + word.slice(1) : word;
}

function makeArticle(i: number): MatchInput {
  const lang = pick(LANGS);
  const words: string[] = [];
  const target = 1400 + Math.floor(random() * 1400);
  let size = 0;
  while (size < target) {
    const w = random() < 0.35 ? pick(STOPWORDS[lang]) : inflect(vocab[lang][zipf(VOCAB_SIZE)]!, lang);
    words.push(w);
    size += w.length + 1;
    if (random() < 0.07) words.push(pick([',', '.', '—', '«', '»', '(', ')']));
  }
  return { id: String(i), title: words.slice(0, 8).join(' '), content: words.slice(8).join(' '), lang };
}

/** Entries like real ones: names of 1–3 words in one script, 20% with an ambiguous alias and a context, 10% with an exclusion, 5% compound topics. */
/**
 * `names`: every alias a two- or three-word name; `capitalised`: the same written as names are
 * (initial capitals), which is what near and generated spellings apply to (see watchlists/README.md).
 */
type Kind = 'dense' | 'names' | 'capitalised';
const capitalise = (text: string) => text.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, ch: string) => space + ch.toUpperCase());

function makeWatchlist(size: number, kind: Kind = 'dense'): Watchlist {
  const namesOnly = kind !== 'dense';
  const local = rng(size);
  const lp = <T>(list: readonly T[]) => list[Math.floor(local() * list.length)]!;
  // Names are rare words: drawn uniformly, never from the 300 most frequent.
  const phrase = (lang: Lang, words: number) => {
    const text = Array.from({ length: words }, () => vocab[lang][300 + Math.floor(local() * (VOCAB_SIZE - 300))]!).join(' ');
    return kind === 'capitalised' ? capitalise(text) : text;
  };
  const entries: WatchlistEntry[] = [];
  for (let i = 0; i < size; i++) {
    const lang = lp(LANGS);
    // 20% one word, 47% two, 33% three, like the phrase mix in ../shared/notes/matching-performance.md.
    const len = () => {
      const r = local();
      if (namesOnly) return r < 0.6 ? 2 : 3;
      return r < 0.2 ? 1 : r < 0.67 ? 2 : 3;
    };
    const base: WatchlistEntry = {
      id: `e${i}`,
      name: `entry ${i}`,
      priority: 'normal',
      aliases: Array.from({ length: 1 + Math.floor(local() * 3) }, () => ({ text: phrase(lang, len()), lang })),
      ambiguous: [],
      partial: [],
      partialAuto: false,
      describedAs: [],
      context: null,
      exclude: null,
      rule: null,
      line: null,
    };
    if (local() < 0.2) {
      base.ambiguous = [{ text: phrase(lang, 1), lang }];
      base.context = { terms: [{ kind: 'term', text: phrase(lang, 1), lang }, { kind: 'term', text: phrase(lang, 1), lang }], within: 20 };
    }
    if (local() < 0.1) base.exclude = { terms: [{ kind: 'term', text: phrase(lang, 2), lang }], within: 3 };
    if (i > 10 && local() < 0.05) {
      base.aliases = [];
      base.rule = { kind: 'near', of: [{ kind: 'entry', id: `e${i - 1 - Math.floor(local() * 10)}` }, { kind: 'term', text: phrase(lang, 1), lang }], within: 15 };
    }
    entries.push(base);
  }
  return { name: `synthetic-${size}`, file: `synthetic-${size}.yaml`, description: null, sets: {}, entries };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The baseline: one case-insensitive, word-bounded RegExp per alias, tried on the raw text. */
function naiveMatcher(w: Watchlist) {
  const patterns = w.entries.map((e) => ({
    id: e.id,
    res: [...e.aliases, ...e.ambiguous].map((a) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(a.text)}(?![\\p{L}\\p{N}])`, 'iu')),
  }));
  return (a: MatchInput) => {
    const text = `${a.title ?? ''}\n${a.content ?? ''}`;
    return patterns.filter((p) => p.res.some((re) => re.test(text))).map((p) => p.id);
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

/**
 * Median and best of `repeat` timed runs, in ms, by the wall clock and by this process's CPU time.
 * The machine is shared and noisy: the wall median is what a run usually takes, the best what the
 * code costs when nothing else competes, and CPU time leaves out the time other processes took
 * (it includes V8's GC helper threads, so it errs on the slow side).
 */
function time(run: () => void, repeat: number): { median: number; best: number; cpu: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const middle = Math.floor(repeat / 2);
  return { median: times[middle]!, best: times[0]!, cpu: cpu[middle]! };
}
const REPEAT = 5;
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

const ARTICLES = 4000;
const corpus = Array.from({ length: ARTICLES }, (_, i) => makeArticle(i));
const bytesOf = (list: MatchInput[]) => list.reduce((s, a) => s + Buffer.byteLength(a.title ?? '') + Buffer.byteLength(a.content ?? ''), 0);
const corpusBytes = bytesOf(corpus);
console.log(`matching bench: ${ARTICLES} synthetic articles, ${(corpusBytes / 1e6).toFixed(1)} MB UTF-8 (30% Arabic, 30% English, 20% French, 20% Russian), seed 20261129`);
console.log(`node ${process.version}, one thread${gc ? '' : ' (run with --expose-gc for memory figures)'}\n`);

// The floor of any normaliser: NFKC + lower case per article, measured here so the numbers below
// can be compared with ../shared/notes/matching-performance.md (399 MB/s there) on a busier machine.
const floor = time(() => {
  for (const a of corpus) `${a.title ?? ''}\n${a.content ?? ''}`.normalize('NFKC').toLowerCase();
}, REPEAT);
const floorMBs = mbps(corpusBytes, floor.median);
console.log(`floor (NFKC + toLowerCase only, nothing else): ${floorMBs.toFixed(0)} MB/s median, ${mbps(corpusBytes, floor.best).toFixed(0)} best of ${REPEAT}\n`);

const rows: string[][] = [
  ['entries', 'aliases', 'compile', 'extra heap', 'MB/s median (best)', 'MB/s CPU', 'art/s median', 'hits/art', '× naive', '÷ floor', 'naive MB/s (articles)', 'naive art/s'],
];
// The 'names' row keeps 10,000 entries but makes every alias a two- or three-word name, as person and
// organisation watchlists mostly are: far fewer hits per article, so it shows what the hits cost.
// The 'Names' row writes the same names capitalised, as analysts do: Latin and Cyrillic aliases
// then also get spellings generated in the other scripts and match near spellings.
const ALL_RUNS: Array<[size: number, kind: Kind]> = [[100, 'dense'], [1_000, 'dense'], [10_000, 'dense'], [10_000, 'names'], [10_000, 'capitalised']];
const label = (size: number, kind: Kind) => `${size.toLocaleString('en')}${kind === 'dense' ? '' : kind === 'names' ? ' names' : ' Names'}`;
// MATCHING_BENCH_ROWS=10000 (or "10000,10000names,10000capitalised") measures only those rows and skips the naive
// baselines: for alternating before/after runs of one row on a busy machine.
const only = process.env.MATCHING_BENCH_ROWS?.split(',');
const RUNS = only ? ALL_RUNS.filter(([size, kind]) => only.includes(`${size}${kind === 'dense' ? '' : kind}`)) : ALL_RUNS;

// Every engine row is measured before any naive baseline: tens of thousands of compiled Unicode
// RegExps stay in the process and slowed the engine rows measured after them by about a fifth.
const engineRows = RUNS.map(([size, kind]) => {
  const watchlist = makeWatchlist(size, kind);
  const aliasCount = watchlist.entries.reduce((s, e) => s + e.aliases.length + e.ambiguous.length, 0);
  const before = heapMB();
  const t0 = performance.now();
  const compiled = compileWatchlists([watchlist]);
  const compileMs = performance.now() - t0;
  const extra = heapMB() - before;
  let hits = 0;
  for (const a of corpus.slice(0, 300)) hits += matchArticle(compiled, a).length; // warm-up
  const engine = time(() => {
    hits = 0;
    for (const a of corpus) hits += matchArticle(compiled, a).length;
  }, REPEAT);
  return { size, kind, aliasCount, compileMs, extra, engine, hits };
});

for (const { size, kind, aliasCount, compileMs, extra, engine, hits } of engineRows) {
  // The baseline's cost grows with aliases × text; a subset keeps the run short.
  const subset = corpus.slice(0, only ? 0 : size <= 100 ? 2000 : size <= 1000 ? 300 : 20);
  const naive = naiveMatcher(makeWatchlist(size, kind));
  const naiveMs = only ? NaN : time(() => subset.forEach((a) => naive(a)), size <= 1000 ? 3 : 1).median;
  const engineMBs = mbps(corpusBytes, engine.median);
  const naiveMBs = mbps(bytesOf(subset), naiveMs);
  rows.push([
    label(size, kind),
    aliasCount.toLocaleString('en'),
    `${compileMs.toFixed(0)} ms`,
    gc ? `${extra.toFixed(1)} MB` : 'n/a',
    `${engineMBs.toFixed(1)} (${mbps(corpusBytes, engine.best).toFixed(1)})`,
    mbps(corpusBytes, engine.cpu).toFixed(1),
    Math.round(ARTICLES / (engine.median / 1000)).toLocaleString('en'),
    (hits / ARTICLES).toFixed(2),
    `${(engineMBs / naiveMBs).toFixed(0)}×`,
    (engineMBs / floorMBs).toFixed(3),
    `${naiveMBs.toFixed(3)} (${subset.length})`,
    Math.round(subset.length / (naiveMs / 1000)).toLocaleString('en'),
  ]);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c]!)).join('  '));
console.log(
  '\nengine = normalise (NFKC, case, diacritics, Arabic letters, clitics, Russian endings) + match + rules + hits with snippets.' +
    '\nnaive = one `iu` RegExp with Unicode word lookarounds per alias on the raw text (no normalisation), on the first N articles.' +
    `\nMB/s = raw UTF-8 MB ÷ wall time, median (best) of ${REPEAT} runs; MB/s CPU = the same ÷ this process's CPU time (median),` +
    '\n  which other processes on a busy machine do not inflate; × naive and ÷ floor compare wall medians from this same run.' +
    '\ntargets at 10,000 entries: >= 30 MB/s, < 100 MB extra, compile < 1 s.',
);

// MATCHING_BENCH_BASELINE=/path/to/another/checkout: the same rows against that checkout's engine,
// in the same process, alternating 500-article chunks (40 pairs, which runs first alternating too),
// so a busy shared machine slows both alike. Prints the median ratio this/that per row.
const other = process.env.MATCHING_BENCH_BASELINE;
if (other) {
  const { compileWatchlists: compileOther } = (await import(`${other}/src/match/compile-watchlists.ts`)) as { compileWatchlists: (w: unknown[]) => unknown };
  const { matchArticle: matchOther } = (await import(`${other}/src/match/match-article.ts`)) as { matchArticle: (c: unknown, a: MatchInput) => unknown[] };
  const chunkMs = (match: (a: MatchInput) => unknown[], chunk: MatchInput[]) => {
    const t0 = performance.now();
    for (const a of chunk) match(a);
    return performance.now() - t0;
  };
  console.log(`\nthis checkout ÷ ${other}, median of 40 alternating 500-article chunks (quartiles):`);
  for (const [size, kind] of RUNS) {
    const watchlist = makeWatchlist(size, kind);
    const ours = compileWatchlists([watchlist]);
    const theirs = compileOther([watchlist]);
    const oursMatch = (a: MatchInput) => matchArticle(ours, a);
    const theirsMatch = (a: MatchInput) => matchOther(theirs, a);
    chunkMs(oursMatch, corpus);
    chunkMs(theirsMatch, corpus);
    const ratios: number[] = [];
    for (let r = 0; r < 40; r++) {
      const chunk = corpus.slice((r % 8) * 500, (r % 8) * 500 + 500);
      let theirsMs: number;
      let oursMs: number;
      if (r % 2 === 0) {
        theirsMs = chunkMs(theirsMatch, chunk);
        oursMs = chunkMs(oursMatch, chunk);
      } else {
        oursMs = chunkMs(oursMatch, chunk);
        theirsMs = chunkMs(theirsMatch, chunk);
      }
      // Throughput of this checkout ÷ that one's = their time ÷ ours.
      ratios.push(theirsMs / oursMs);
    }
    ratios.sort((x, y) => x - y);
    console.log(`  ${label(size, kind)}: ${ratios[20]!.toFixed(3)} (${ratios[10]!.toFixed(2)}–${ratios[30]!.toFixed(2)})`);
  }
}
