// `rasid search QUERY`: full-text search over the whole archive, folded and stemmed as matching
// folds words (so `حفتر` finds `وحفتر`), newest first; `--reindex` rebuilds the index.
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { searchResultJson } from '../../pipeline/json-shapes.ts';
import { resetSearchIndex, runSearchBackfill, searchArticles, type SearchFilter } from '../../store/search-index.ts';
import { parseSearchQuery } from '../../store/search-query.ts';
import type { Store } from '../../store/open-store.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { withRunContext } from '../run-context.ts';
import { parseSince } from './hits.ts';

interface SearchOptions {
  json?: boolean;
  reindex?: boolean;
  feed?: string;
  language?: string;
  since?: string;
  limit: string;
  relevance?: boolean;
}

/** Indexes what the index lacks (an archive older than the index, or everything after --reindex), with progress. */
async function catchUp(store: Store, label: string): Promise<number> {
  const progress = createProgress();
  const indexed = await runSearchBackfill(store, { batch: 1000, onProgress: (done, total) => progress.update(label, done, total) });
  progress.done();
  return indexed;
}

function oneLine(text: string | null, width: number): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= width ? flat : `${chars.slice(0, width - 1).join('')}…`;
}

export function register(program: Command): void {
  program
    .command('search')
    .description('full-text search over every stored article (Arabic, Russian, French folded as matching folds them)')
    .argument('[query...]', 'words (all must occur), "a phrase", OR, -word to leave out, word* for a prefix')
    .option('--feed <id>', 'only articles from this feed')
    .option('--language <code>', 'only articles in this language (ar, fr, en, ru…)')
    .option('--since <date>', 'only articles fetched since a date (2026-11-28) or a span back (24h, 7d)')
    .option('--limit <n>', 'at most N results', '20')
    .option('--relevance', 'best matches first instead of newest first')
    .option('--json', 'print a JSON array')
    .option('--reindex', 'rebuild the search index from every stored article (with progress), then search if a query is given')
    .addHelpText(
      'after',
      `
Words are folded (case, accents, hamza, tashkeel) and reduced to a stem (Arabic clitics such as
و ب ل ال, Russian case endings), the same way watchlist matching reads text: \`حفتر\` finds وحفتر and
بحفتر, \`Евкуров\` finds Евкуровым. An archive stored before the index existed is indexed once, on the
first search (progress on a terminal).

Examples:
  $ rasid search حفتر
  $ rasid search '"Salifou Mody" Benghazi'
  $ rasid search Евкуров --language ru --since 30d --json
  $ rasid search 'Wagner OR "Africa Corps" -opera'     # quoted: -opera is a word to leave out, not an option
  $ rasid search --reindex`,
    )
    .action(async (words: string[], opts: SearchOptions, cmd: Command) =>
      withRunContext(cmd, {}, async ({ store }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ConfigError([`--limit ${opts.limit}: expected a whole number from 1 to 1000`]);
        const text = words.join(' ').trim();
        if (!text && !opts.reindex) throw new ConfigError(['give words to search for, e.g. rasid search حفتر (or --reindex to rebuild the index)']);
        const parsed = text ? parseSearchQuery(text) : null;
        if (parsed && !parsed.ok) throw new ConfigError([`search "${text}": ${parsed.error}`]);
        if (opts.reindex) {
          await resetSearchIndex(store);
          const n = await catchUp(store, 'indexing articles');
          process.stderr.write(`search index rebuilt: ${n} article(s)\n`);
        } else await catchUp(store, 'indexing the archive for search (once)');
        if (!parsed) return EXIT_OK;
        const filter: SearchFilter = {
          limit,
          order: opts.relevance ? 'relevance' : 'newest',
          ...(opts.feed ? { feed: opts.feed } : {}),
          ...(opts.language ? { language: opts.language } : {}),
          ...(opts.since ? { from: parseSince(opts.since, new Date()) } : {}),
        };
        const page = await searchArticles(store, parsed.query, filter);
        const results = page.rows.map((r) => searchResultJson(r, parsed.query));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
          return EXIT_OK;
        }
        if (results.length === 0) process.stdout.write(`No article matches ${text}.\n`);
        for (const r of results) {
          const when = (r.published ?? r.fetchedAt).slice(0, 16).replace('T', ' ');
          const hits = r.entries.length ? `  [hits: ${r.entries.join(', ')}]` : '';
          process.stdout.write(`${r.id}  ${when}  ${oneLine(r.source, 24)}${hits}\n    ${oneLine(r.title, 100)}\n`);
          if (r.snippet) process.stdout.write(`    ${oneLine(r.snippet, 160)}\n`);
          if (r.url) process.stdout.write(`    ${r.url}\n`);
        }
        if (page.next !== null) process.stdout.write(`… more articles match; raise --limit or narrow with --since / --feed / --language\n`);
        return EXIT_OK;
      }, { readOnly: true }), // searching never creates a database
    );
}
