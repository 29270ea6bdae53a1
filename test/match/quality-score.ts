// Scoring of the labelled quality set (test/fixtures/labelled/*.jsonl): precision and recall per
// watchlist entry, per language and overall, micro-averaged over (item, entry) pairs. Shared by
// the quality test (which asserts) and `npm run quality` (which prints the table and every miss).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { matchArticle } from '../../src/match/match-article.ts';
import { formatProblem, loadWatchlists } from '../../src/watchlist/load-watchlists.ts';

/** One labelled news item: what a careful analyst would count, written before looking at the rules. */
export interface LabelledItem {
  id: string;
  lang: 'ar' | 'fr' | 'en' | 'ru';
  title: string;
  content: string;
  expected: string[];
  note: string;
  /** The file it came from, e.g. `holdout.jsonl`. */
  file: string;
}

/** The entry ids the contract fixes (CONTRACT.md, "The seeded watchlist"). */
export const CONTRACT_ENTRIES = [
  'haftar',
  'mody',
  'yevkurov',
  'zeine',
  'mansour',
  'agadem',
  'wagner',
  'redut',
  'convoy',
  'agadez-base',
  'mody-benghazi-trip',
  'russia-niger-military',
] as const;

const LANGS = new Set(['ar', 'fr', 'en', 'ru']);

/** Reads every `*.jsonl` file of the folder; a malformed line throws with file and line number. */
export function loadLabelledSet(dir: string): LabelledItem[] {
  const items: LabelledItem[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${file}:${i + 1}`;
      const raw = JSON.parse(line) as Partial<LabelledItem>;
      if (typeof raw.id !== 'string' || seen.has(raw.id)) throw new Error(`${where}: missing or duplicate id`);
      if (typeof raw.lang !== 'string' || !LANGS.has(raw.lang)) throw new Error(`${where}: lang must be ar, fr, en or ru`);
      if (typeof raw.content !== 'string' || !Array.isArray(raw.expected) || typeof raw.note !== 'string') {
        throw new Error(`${where}: needs content, expected[] and note`);
      }
      seen.add(raw.id);
      items.push({ ...(raw as LabelledItem), title: raw.title ?? '', file });
    });
  }
  return items;
}

// Words that invite a false hit for some entry (the confusions the matching issue names, and the
// ones the set adds). Used only to classify unlabelled items as hard negatives.
const CONFUSABLE = new RegExp(
  [
    'modi', 'moody', 'mody', 'مودي', 'موديز', 'моди', 'wagner', 'вагнер', 'فاغنر', 'korps', 'корпус',
    'الفيلق', 'convo', 'конво', 'قافلة', 'redoubt', 'redout', 'редут', 'agadez', 'أغاديز', 'агадес',
    'niger delta', 'delta du niger', 'дельт[аеы] нигера', 'دلتا النيجر', 'niger state', 'état du niger',
    'штат[ае]? нигер', 'ولاية النيجر', 'nigeria', 'نيجيريا', 'нигери', 'zain', 'zayn', 'zeine', 'yamal',
    'زين', 'зейн', 'ямал', 'mansour', 'منصور', 'мансур', 'benghazi', 'بنغازي', 'бенгази',
  ].join('|'),
  'i',
);

/** A hard negative: labelled as one (`note` starts with `hard negative:`), or unlabelled yet confusable. */
export function isHardNegative(item: LabelledItem): boolean {
  if (item.note.startsWith('hard negative:')) return true;
  return item.expected.length === 0 && CONFUSABLE.test(`${item.title}\n${item.content}`);
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score extends Counts {
  /** 1 when nothing was predicted (no false positive is possible). */
  precision: number;
  /** 1 when nothing was expected (nothing could be missed). */
  recall: number;
  f1: number;
}

export interface Miss {
  itemId: string;
  lang: string;
  entry: string;
  kind: 'false positive' | 'false negative';
  note: string;
  /** The engine's reasons, for false positives. */
  why: string[];
}

export interface QualityReport {
  entries: string[];
  overall: Score;
  perEntry: Record<string, Score>;
  perLang: Record<string, Score>;
  /** Per file (e.g. `holdout.jsonl`), so the held-out items can be reported apart. */
  perFile: Record<string, Score>;
  misses: Miss[];
}

/** What the engine said about one item: entry ids, with the reasons each was matched. */
export type Prediction = Map<string, string[]>;

export function score(c: Counts): Score {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

/** The entries scored: the twelve contract ids plus any other id some item expects. */
export function scoredEntries(items: LabelledItem[]): string[] {
  const extra = new Set(items.flatMap((i) => i.expected));
  for (const id of CONTRACT_ENTRIES) extra.delete(id);
  return [...CONTRACT_ENTRIES, ...[...extra].sort()];
}

export function scoreSet(items: LabelledItem[], predict: (item: LabelledItem) => Prediction): QualityReport {
  const entries = scoredEntries(items);
  const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
  const overall = zero();
  const perEntry: Record<string, Counts> = Object.fromEntries(entries.map((e) => [e, zero()]));
  const perLang: Record<string, Counts> = {};
  const perFile: Record<string, Counts> = {};
  const misses: Miss[] = [];
  for (const item of items) {
    const predicted = predict(item);
    const expected = new Set(item.expected);
    const lang = (perLang[item.lang] ??= zero());
    const file = (perFile[item.file] ??= zero());
    const bump = (k: keyof Counts, entry: string) => {
      for (const c of [overall, perEntry[entry]!, lang, file]) c[k] += 1;
    };
    for (const entry of entries) {
      const got = predicted.has(entry);
      const want = expected.has(entry);
      if (got && want) bump('tp', entry);
      else if (got) {
        bump('fp', entry);
        misses.push({ itemId: item.id, lang: item.lang, entry, kind: 'false positive', note: item.note, why: predicted.get(entry) ?? [] });
      } else if (want) {
        bump('fn', entry);
        misses.push({ itemId: item.id, lang: item.lang, entry, kind: 'false negative', note: item.note, why: [] });
      }
    }
  }
  const scoreAll = (r: Record<string, Counts>) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, score(c)]));
  return { entries, overall: score(overall), perEntry: scoreAll(perEntry), perLang: scoreAll(perLang), perFile: scoreAll(perFile), misses };
}

/** Scores the labelled set against the watchlists in `watchlistDir`, through the real loader, compiler and matcher. */
export function runQuality(watchlistDir: string, labelledDir: string): { items: LabelledItem[]; report: QualityReport } {
  const { watchlists, problems } = loadWatchlists(watchlistDir);
  if (problems.length > 0) throw new Error(`watchlists are invalid:\n${problems.map(formatProblem).join('\n')}`);
  const compiled = compileWatchlists(watchlists);
  const items = loadLabelledSet(labelledDir);
  const report = scoreSet(items, (item) => {
    const hits = matchArticle(compiled, { id: item.id, title: item.title, content: item.content, lang: item.lang });
    return new Map(hits.map((h) => [h.entry, h.why]));
  });
  return { items, report };
}
