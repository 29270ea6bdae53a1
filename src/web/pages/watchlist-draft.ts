// What the watchlist editor does with an edit before (and instead of) saving it: validate every
// file with the edit in place (the file:line messages of `rasid watchlist validate`), match a text
// with it (hits, near misses and why), and backtest it on the newest part of the archive (hits
// gained and lost, with examples). Plus the version token that keeps two saves from overwriting
// each other, and the line diff that shows what an edit or a conflict changes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { backtest, type BacktestReport, type EntryChange } from '../../match/backtest.ts';
import { compileWatchlists } from '../../match/compile-watchlists.ts';
import { explainArticle, matchArticle, type Explanation } from '../../match/match-article.ts';
import { articleToMatchInput } from '../../pipeline/match-articles.ts';
import { recentWindow, windowPage } from '../../store/archive-window.ts';
import type { Recipient } from '../../config/recipients.ts';
import type { Store } from '../../store/open-store.ts';
import { formatProblem, readWatchlistTexts, watchlistFiles, type Watchlist } from '../../watchlist/load-watchlists.ts';

/** Identifies the bytes of a file as the form saw them. */
export function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}

/** Texts the forms were opened on, by version, so a conflict can show what changed since. */
export class VersionCache {
  private readonly texts = new Map<string, string>();
  constructor(private readonly size = 200) {}
  remember(text: string): string {
    const version = versionOf(text);
    this.texts.delete(version);
    this.texts.set(version, text);
    if (this.texts.size > this.size) this.texts.delete(this.texts.keys().next().value!);
    return version;
  }
  get(version: string): string | undefined {
    return this.texts.get(version);
  }
}

export interface FileText {
  file: string;
  text: string;
}

export function readWatchlistFolder(dir: string): FileText[] {
  return watchlistFiles(dir).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

/** The file of the folder with this base name (`desk.yaml`), or null: names from a form never reach outside the folder. */
export function fileNamed(dir: string, name: string): string | null {
  return watchlistFiles(dir).find((f) => path.basename(f) === name) ?? null;
}

export interface DraftCheck {
  problems: string[];
  watchlists: Watchlist[];
}

/**
 * Every file read with `file` replaced by `proposed`: the same checks as a load, plus the one a
 * cycle adds: every subscription still names an entry or watchlist that exists.
 */
export function checkDraft(texts: FileText[], file: string, proposed: string, recipients: Recipient[] = []): DraftCheck {
  const all = [...texts.filter((t) => t.file !== file), { file, text: proposed }];
  const read = readWatchlistTexts(all);
  const problems = read.problems.map(formatProblem);
  if (problems.length === 0) {
    const entries = new Set(read.watchlists.flatMap((w) => w.entries.map((e) => e.id)));
    const lists = new Set(read.watchlists.map((w) => w.name));
    for (const r of recipients) {
      for (const e of r.entries) if (!entries.has(e)) problems.push(`${r.address} subscribes to entry "${e}", which this edit removes — change the subscription on the Recipients page first`);
      for (const w of r.watchlists) if (!lists.has(w)) problems.push(`${r.address} subscribes to watchlist "${w}", which this edit removes — change the subscription on the Recipients page first`);
    }
  }
  return { problems, watchlists: problems.length ? [] : read.watchlists };
}

export function testDraft(watchlists: Watchlist[], title: string, text: string): Explanation {
  return explainArticle(compileWatchlists(watchlists), { id: 'test', title: title || null, content: text });
}

export const BACKTEST_WINDOWS = [1_000, 10_000, 50_000];

export interface DraftBacktest extends BacktestReport {
  /** Newest articles considered; the archive may hold more. */
  window: number;
  ms: number;
}

function merge(into: Map<string, EntryChange>, part: BacktestReport): void {
  for (const e of part.entries) {
    const c = into.get(e.entry);
    if (!c) into.set(e.entry, { ...e, gainedExamples: [...e.gainedExamples], lostExamples: [...e.lostExamples] });
    else {
      c.kept += e.kept;
      c.gained += e.gained;
      c.lost += e.lost;
      c.gainedExamples.push(...e.gainedExamples.slice(0, 3 - c.gainedExamples.length));
      c.lostExamples.push(...e.lostExamples.slice(0, 3 - c.lostExamples.length));
    }
  }
}

/**
 * Re-matches the newest `size` articles with the edited watchlists and compares with the stored
 * hits, a page at a time, yielding between pages so other requests are answered meanwhile.
 */
export async function backtestDraft(store: Store, watchlists: Watchlist[], size: number): Promise<DraftBacktest> {
  const started = performance.now();
  const compiled = compileWatchlists(watchlists);
  const window = await recentWindow(store, size);
  const byEntry = new Map<string, EntryChange>();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await windowPage(store, window, after, 500);
    if (page.length === 0) break;
    const stored = new Map(page.map((p) => [p.article.id, p.entries]));
    const part = await backtest(
      page.map((p) => ({ id: p.article.id, title: p.article.title, input: articleToMatchInput(p.article) })),
      stored,
      (input) => matchArticle(compiled, input),
    );
    merge(byEntry, part);
    count += part.articles;
    after = page[page.length - 1]!.article.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { articles: count, window: size, entries: [...byEntry.values()].sort((a, b) => a.entry.localeCompare(b.entry)), ms: performance.now() - started };
}

export interface DiffLine {
  kind: 'same' | 'add' | 'del' | 'skip';
  text: string;
  /** Line number in the new text (or the old one for a removed line). */
  line: number;
}

/** The changed lines of `after` against `before`, with two lines of context and the rest folded. */
export function lineDiff(before: string, after: string, context = 2): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const texts = part.value.replace(/\n$/, '').split('\n');
    for (const text of texts) {
      if (part.added) lines.push({ kind: 'add', text, line: newLine++ });
      else if (part.removed) lines.push({ kind: 'del', text, line: oldLine++ });
      else lines.push({ kind: 'same', text, line: (oldLine++, newLine++) });
    }
  }
  const keep = lines.map((l, i) => l.kind !== 'same' || lines.slice(Math.max(0, i - context), i + context + 1).some((n) => n.kind !== 'same'));
  const out: DiffLine[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (out[out.length - 1]?.kind !== 'skip') out.push({ kind: 'skip', text: '…', line: l.line });
  });
  return out.some((l) => l.kind === 'add' || l.kind === 'del') ? out : [];
}
