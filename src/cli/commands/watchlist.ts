// `rasid watchlist validate|list|show|add|remove|test|backtest`: the watchlist files and what
// they match. Edits keep comments (yaml Document API) and are written only if every file still
// validates afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { resolvePaths } from '../../config/paths.ts';
import { replaceFileAtomically } from '../../yaml-file.ts';
import { ConfigError, StorageError } from '../../errors.ts';
import { backtest, type BacktestReport } from '../../match/backtest.ts';
import { compileWatchlists } from '../../match/compile-watchlists.ts';
import { explainArticle, matchArticle } from '../../match/match-article.ts';
import { describeVariants } from '../../match/describe-variants.ts';
import { suggest, variantLines } from './watchlist-suggest.ts';
import { articleToMatchInput } from '../../pipeline/match-articles.ts';
import { countArticles, iterateArticles } from '../../store/articles-repo.ts';
import { requireDatabase } from '../../store/database-exists.ts';
import { describeStorageError, isDatabaseError } from '../../store/describe-storage-error.ts';
import { hitsByArticle } from '../../store/hits-repo.ts';
import { openStore } from '../../store/open-store.ts';
import { PRIORITIES, type Priority } from '../../types.ts';
import { describeAliases, describeEntry, entryKind } from '../../watchlist/describe-entry.ts';
import { didYouMean } from '../../watchlist/did-you-mean.ts';
import { addAlias, addEntry, findsEntry, removeAlias, removeEntry, type EditResult } from '../../watchlist/edit-watchlist.ts';
import { formatProblem, loadWatchlists, readWatchlistTexts, watchlistFiles, type Watchlist } from '../../watchlist/load-watchlists.ts';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { parseSince, SINCE_HELP } from '../parse-since.ts';
import { createProgress } from '../progress.ts';
import { pathFlags, reportFailure } from '../report-failure.ts';

const print = (line = '') => process.stdout.write(`${line}\n`);

function dirOf(cmd: Command): string {
  return resolvePaths(pathFlags(cmd), process.env).watchlists;
}

function load(dir: string): Watchlist[] {
  const read = loadWatchlists(dir);
  if (read.problems.length) throw new ConfigError(read.problems.map(formatProblem));
  return read.watchlists;
}

function guarded<A extends unknown[]>(work: (...args: A) => number | Promise<number>) {
  return async (...args: A) => {
    // `rasid watchlist list | head` closes the pipe early; that is not an error.
    process.stdout.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    });
    try {
      process.exitCode = await work(...args);
    } catch (err) {
      process.exitCode = reportFailure(err);
    }
  };
}

function validate(cmd: Command): number {
  const dir = dirOf(cmd);
  const read = loadWatchlists(dir);
  if (read.problems.length) {
    for (const p of read.problems) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write(`${read.problems.length} problem(s); the watchlists were not changed in any running daemon.\n`);
    return EXIT_USAGE;
  }
  const entries = read.watchlists.reduce((n, w) => n + w.entries.length, 0);
  print(`${dir}: ${read.watchlists.length} file(s), ${entries} entries, all valid.`);
  return EXIT_OK;
}

function list(cmd: Command, opts: { json?: boolean }): number {
  const watchlists = load(dirOf(cmd));
  if (opts.json) {
    print(JSON.stringify(watchlists.flatMap((w) => w.entries.map((e) => ({ ...e, file: w.file }))), null, 2));
    return EXIT_OK;
  }
  for (const w of watchlists) {
    print(`${path.relative(process.cwd(), w.file) || w.file} (${w.name}, ${w.entries.length} entries)`);
    for (const e of w.entries) {
      const terms = e.aliases.length + e.ambiguous.length;
      const summary = e.rule && !terms ? 'compound topic' : describeAliases([...e.aliases, ...e.ambiguous]);
      const cut = summary.length > 90 ? `${summary.slice(0, 89)}…` : summary;
      print(`  ${e.id.padEnd(24)} ${e.priority.padEnd(8)} ${entryKind(e).padEnd(11)} ${cut}`);
    }
  }
  return EXIT_OK;
}

function unknownEntry(id: string, watchlists: Watchlist[]): never {
  const guess = didYouMean(id, watchlists.flatMap((w) => w.entries.map((e) => e.id)));
  throw new ConfigError([`no entry "${id}" — ${guess ? `did you mean \`${guess}\`?` : 'see `rasid watchlist list`'}`]);
}

function show(id: string, cmd: Command, opts: { json?: boolean; variants?: boolean }): number {
  const watchlists = load(dirOf(cmd));
  for (const w of watchlists)
    for (const e of w.entries)
      if (e.id === id) {
        const variants = opts.variants ? describeVariants(compileWatchlists(watchlists), id) : null;
        if (opts.json) print(JSON.stringify({ ...e, file: w.file, ...(variants ? { variants } : {}) }, null, 2));
        else {
          print(describeEntry(e, w).join('\n'));
          if (variants) for (const line of variantLines(variants)) print(line);
        }
        return EXIT_OK;
      }
  unknownEntry(id, watchlists);
}

/** Applies an edit to one file, validates all files with the result, then writes it atomically. */
function applyEdit(dir: string, file: string, edit: (text: string) => EditResult): number {
  const files = watchlistFiles(dir);
  const texts = files.map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
  const target = texts.find((t) => t.file === file) ?? { file, text: 'entries: []\n' };
  const result = edit(target.text);
  if (!result.ok) throw new ConfigError([`${file}: ${result.error}`]);
  const after = [...texts.filter((t) => t.file !== file), { file, text: result.text }];
  const check = readWatchlistTexts(after);
  if (check.problems.length)
    throw new ConfigError([`not written: the edit would make the watchlists invalid`, ...check.problems.map(formatProblem)]);
  replaceFileAtomically(file, result.text);
  print(`${result.note} (${path.relative(process.cwd(), file) || file})`);
  return EXIT_OK;
}

function fileWithEntry(dir: string, id: string): string | null {
  return watchlistFiles(dir).find((f) => findsEntry(fs.readFileSync(f, 'utf8'), id)) ?? null;
}

interface AddOptions {
  alias: string[];
  ambiguous?: boolean;
  /** `--lang` or `--language`, as in `rasid feeds add`. */
  language?: string;
  name?: string;
  priority?: Priority;
  file?: string;
}

function add(id: string, cmd: Command, opts: AddOptions): number {
  const dir = dirOf(cmd);
  const existing = fileWithEntry(dir, id);
  if (existing) {
    if (opts.alias.length === 0) throw new ConfigError([`entry "${id}" exists; give --alias TEXT to add an alias to it`]);
    let code = EXIT_OK;
    for (const a of opts.alias) code = applyEdit(dir, existing, (text) => addAlias(text, id, a, { lang: opts.language, ambiguous: opts.ambiguous }));
    return code;
  }
  if (opts.alias.length === 0) throw new ConfigError([`a new entry needs at least one --alias (e.g. rasid watchlist add ${id} --alias "…" --lang en)`]);
  const file = opts.file ? path.resolve(dir, opts.file) : watchlistFiles(dir)[0];
  if (!file) throw new ConfigError([`${dir} has no watchlist file; pass --file NAME.yaml to create one`]);
  return applyEdit(dir, file, (text) =>
    addEntry(text, {
      id,
      name: opts.name,
      priority: opts.priority,
      lang: opts.language,
      aliases: opts.ambiguous ? [] : opts.alias,
      ambiguous: opts.ambiguous ? opts.alias : [],
    }),
  );
}

function remove(id: string, cmd: Command, opts: { alias?: string }): number {
  const dir = dirOf(cmd);
  const file = fileWithEntry(dir, id);
  if (!file) unknownEntry(id, load(dir));
  return applyEdit(dir, file, (text) => (opts.alias ? removeAlias(text, id, opts.alias) : removeEntry(text, id)));
}

function test(cmd: Command, opts: { text: string; title?: string; json?: boolean }): number {
  const compiled = compileWatchlists(load(dirOf(cmd)));
  const result = explainArticle(compiled, { id: 'test', title: opts.title ?? null, content: opts.text });
  if (opts.json) {
    print(JSON.stringify(result, null, 2));
    return EXIT_OK;
  }
  if (result.hits.length === 0) print('no hits');
  for (const h of result.hits) {
    print(`HIT ${h.entry} (${h.priority}): ${h.terms.map((t) => `"${t}"`).join(', ')}`);
    for (const w of h.why) print(`    why: ${w}`);
    print(`    snippet: ${h.snippet}`);
  }
  for (const m of result.misses) {
    print(`no  ${m.entry}`);
    for (const w of m.why) print(`    why not: ${w}`);
  }
  return EXIT_OK;
}

function printBacktest(report: BacktestReport, label: string): void {
  print(`backtest of ${report.articles} stored article(s) with ${label}:`);
  const changed = report.entries.filter((e) => e.gained || e.lost);
  for (const e of report.entries) print(`  ${e.entry.padEnd(24)} kept ${String(e.kept).padStart(5)}   +${e.gained} gained   -${e.lost} lost`);
  for (const e of changed) {
    for (const g of e.gainedExamples) print(`  + ${e.entry}: article ${g.id} ${g.title ?? ''} [${g.terms.join(', ')}]`);
    for (const l of e.lostExamples) print(`  - ${e.entry}: article ${l.id} ${l.title ?? ''}`);
  }
  if (changed.length === 0) print('  no change: every stored hit is matched again and nothing new is found.');
}

async function runBacktest(cmd: Command, opts: { since?: string; json?: boolean }): Promise<number> {
  const paths = resolvePaths(pathFlags(cmd), process.env);
  const compiled = compileWatchlists(load(paths.watchlists));
  const since = opts.since === undefined ? undefined : parseSince(opts.since, new Date());
  // A backtest reads the archive; it never creates an empty one to read.
  await requireDatabase(paths.db);
  const store = await openStore(paths.db);
  try {
    const total = await countArticles(store);
    const progress = createProgress();
    const articles = (async function* () {
      for await (const a of iterateArticles(store, { since })) yield { id: a.id, title: a.title, input: articleToMatchInput(a) };
    })();
    const report = await backtest(articles, await hitsByArticle(store), (input) => matchArticle(compiled, input), (done) =>
      progress.update('re-matching', done, total),
    );
    progress.done();
    if (opts.json) print(JSON.stringify(report, null, 2));
    else printBacktest(report, paths.watchlists);
    return EXIT_OK;
  } catch (err) {
    throw isDatabaseError(err) ? new StorageError(describeStorageError(err, store.location)) : err;
  } finally {
    await store.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command): void {
  const wl = program
    .command('watchlist')
    .description('check, inspect, edit and try the watchlists')
    .addHelpText(
      'after',
      `
The rule language is described in watchlists/README.md. Examples:
  $ rasid watchlist validate
  $ rasid watchlist list
  $ rasid watchlist show mody
  $ rasid watchlist show yevkurov --variants
  $ rasid watchlist suggest yevkurov --since 90d
  $ rasid watchlist test --text "Gen. Salifou Mody arrived in Benghazi to meet Haftar"
  $ rasid watchlist add wagner --alias "Wagnerites" --lang en --ambiguous
  $ rasid watchlist backtest --watchlists ./watchlists-edited`,
    );
  wl.command('validate')
    .description('check every watchlist file; problems as file:line:col: message — what to do')
    .addHelpText(
      'after',
      `
Every file in the folder is read; every problem is listed at once, with what to do.
Exit status: 0 valid; 1 invalid.

Examples:
  $ rasid watchlist validate
  $ rasid watchlist validate --watchlists ./watchlists-edited
  watchlists/sahel.yaml:14:5: entries.1.contxt: unknown key "contxt" in an entry — did you mean \`context\`?`,
    )
    .action(guarded((_o: unknown, cmd: Command) => validate(cmd)));
  wl.command('list')
    .description('every entry: id, priority, kind, aliases by language')
    .option('--json', 'print JSON')
    .action(guarded((opts: { json?: boolean }, cmd: Command) => list(cmd, opts)));
  wl.command('show')
    .argument('<id>', 'entry id')
    .description('one entry in full: aliases, context, exclusions, rule')
    .option('--variants', 'also the spellings generated from the aliases (other scripts, joined and split particles) and which names match near spellings')
    .option('--json', 'print JSON')
    .action(guarded((id: string, opts: { json?: boolean; variants?: boolean }, cmd: Command) => show(id, cmd, opts)));
  wl.command('suggest')
    .argument('[id]', 'entry id (default: every entry)')
    .description('mine the stored archive for spellings of an entry the watchlist does not list, ranked, with snippets')
    .option('--since <date>', 'only articles fetched since a date (2026-11-28) or a span back (90d)')
    .option('--limit <n>', 'at most this many suggestions (default 20)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Looks in articles where the entry matches or its context holds for words and phrases near an alias
(a letter or two off, or a generated spelling in another script). Each suggestion comes with
example snippets and the command that adds it. Nothing is written.
  $ rasid watchlist suggest yevkurov --since 90d
  $ rasid watchlist suggest --limit 50 --json`,
    )
    .action(guarded((id: string | undefined, opts: { since?: string; limit?: string; json?: boolean }, cmd: Command) => suggest(id, resolvePaths(pathFlags(cmd), process.env), opts, load, unknownEntry)));
  wl.command('add')
    .argument('<id>', 'entry id (existing: aliases are added to it; new: the entry is created)')
    .description('add an alias to an entry, or a new entry (comments in the file are kept)')
    .option('--alias <text>', 'alias to add (repeatable)', collect, [])
    .option('--ambiguous', 'the alias counts only with the entry’s context nearby')
    .option('--lang, --language <code>', 'language the alias is listed under (en, fr, ar, ru…)')
    .option('--name <text>', 'name of a new entry')
    .addOption(new Option('--priority <level>', 'priority of a new entry').choices(PRIORITIES))
    .option('--file <name>', 'file for a new entry (default: the first file in the folder)')
    .addHelpText(
      'after',
      `
Examples:
  $ rasid watchlist add haftar --alias "Haftar clan" --lang en
  $ rasid watchlist add niger-uranium --name "Niger uranium (Arlit)" --alias Arlit --alias "Orano Niger" --priority high`,
    )
    .action(guarded((id: string, opts: AddOptions, cmd: Command) => add(id, cmd, opts)));
  wl.command('remove')
    .argument('<id>', 'entry id')
    .description('remove an alias (--alias) or the whole entry; refused if other entries refer to it')
    .option('--alias <text>', 'the alias to remove (spelling variants of it count as the same)')
    .action(guarded((id: string, opts: { alias?: string }, cmd: Command) => remove(id, cmd, opts)));
  wl.command('test')
    .description('match a text and show every hit and near miss, with the alias, context or exclusion that decided')
    .requiredOption('--text <text>', 'article text (may be HTML)')
    .option('--title <text>', 'article title')
    .option('--json', 'print JSON')
    .action(guarded((opts: { text: string; title?: string; json?: boolean }, cmd: Command) => test(cmd, opts)));
  wl.command('backtest')
    .description('re-match the stored archive and show, per entry, the hits that would be gained and lost')
    .option('--since <when>', `only articles fetched since ${SINCE_HELP}`)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Compares the hits stored in the database with what the watchlists (the current ones, or an edited
copy given with --watchlists DIR) would find now. Nothing is written.
  $ cp -r watchlists /tmp/wl && $EDITOR /tmp/wl/libya-niger-russia.yaml
  $ rasid watchlist backtest --watchlists /tmp/wl`,
    )
    .action(guarded((opts: { since?: string; json?: boolean }, cmd: Command) => runBacktest(cmd, opts)));
}
