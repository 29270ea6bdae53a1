// `rasid watchlist show ID --variants` (what the compiler generated for an entry) and
// `rasid watchlist suggest [ID]` (spellings in the archive the watchlist does not list yet).
import { ConfigError } from '../../errors.ts';
import { compileWatchlists } from '../../match/compile-watchlists.ts';
import type { EntryVariants } from '../../match/describe-variants.ts';
import { suggestVariants, type SuggestArticle, type VariantSuggestion } from '../../match/suggest-variants.ts';
import { articleToMatchInput } from '../../pipeline/match-articles.ts';
import { iterateArticles } from '../../store/articles-repo.ts';
import { requireDatabase } from '../../store/database-exists.ts';
import { openStore } from '../../store/open-store.ts';
import type { Watchlist } from '../../watchlist/load-watchlists.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { parseSince } from './hits.ts';

const print = (line = '') => process.stdout.write(`${line}\n`);

/** The generated spellings and near-spelling names of an entry, as lines for `show --variants`. */
export function variantLines(variants: EntryVariants): string[] {
  const lines = ['  variants (generated when the watchlist is compiled):'];
  if (variants.generated.length === 0) lines.push('    none');
  for (const v of variants.generated) lines.push(`    ${v.kind.padEnd(14)} ${v.spelling.padEnd(30)} from "${v.from}"${v.needsContext ? '  (counts only with context)' : ''}`);
  const near = variants.fuzzy.map((f) => `${f.word} (up to ${f.maxDistance} edit${f.maxDistance === 1 ? '' : 's'}${f.alone ? '' : ', with context'})`);
  lines.push(`  near spellings: ${near.length ? near.join(', ') : 'none (only names of five letters or more written with a capital, or Arabic)'}`);
  return lines;
}

function printSuggestions(found: VariantSuggestion[], articles: number): void {
  if (found.length === 0) {
    print(`no unseen spellings found in ${articles} article(s).`);
    return;
  }
  print(`${found.length} spelling(s) the watchlist does not list, from ${articles} article(s), likeliest first:`);
  for (const s of found) {
    print(`  ${s.entry}: "${s.text}" ~ "${s.nearest}" (distance ${s.distance}) in ${s.articles} article(s), score ${s.score}`);
    for (const x of s.examples) print(`      article ${x.id}: ${x.snippet}`);
    print(`      add it: ${s.command}`);
  }
}

/** `rasid watchlist suggest [ID]`: unseen spellings from the stored archive, likeliest first. */
export async function suggest(
  id: string | undefined,
  paths: { watchlists: string; db: string },
  opts: { since?: string; limit?: string; json?: boolean },
  load: (dir: string) => Watchlist[],
  unknownEntry: (id: string, watchlists: Watchlist[]) => never,
): Promise<number> {
  const watchlists = load(paths.watchlists);
  if (id !== undefined && !watchlists.some((w) => w.entries.some((e) => e.id === id))) unknownEntry(id, watchlists);
  const limit = opts.limit === undefined ? 20 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError([`--limit ${opts.limit}: give a whole number of suggestions, e.g. --limit 20`]);
  const since = opts.since ? parseSince(opts.since, new Date()) : undefined;
  const compiled = compileWatchlists(watchlists);
  // Suggesting reads stored articles only: a missing database is said, never created.
  await requireDatabase(paths.db);
  const store = await openStore(paths.db);
  try {
    let count = 0;
    const articles = async function* (): AsyncGenerator<SuggestArticle> {
      for await (const a of iterateArticles(store, { since })) {
        count++;
        yield { id: a.id, title: a.title, input: articleToMatchInput(a) };
      }
    };
    const found = await suggestVariants(compiled, articles(), { entry: id, limit });
    if (opts.json) print(JSON.stringify(found, null, 2));
    else printSuggestions(found, count);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

