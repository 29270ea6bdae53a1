// `rasid hits`: the stored hits, newest first, with whom each went to; a table for people, JSON for
// scripts. Reads only.
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { hitJson } from '../../pipeline/json-shapes.ts';
import { listHits, storedEntries, type HitListFilter, type ListedHit } from '../../store/hit-queries.ts';
import type { Store } from '../../store/open-store.ts';
import { didYouMean } from '../../watchlist/did-you-mean.ts';
import { loadWatchlists } from '../../watchlist/load-watchlists.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { parseSince, SINCE_HELP } from '../parse-since.ts';
import { withRunContext } from '../run-context.ts';

// Kept for the commands and tests that imported it from here.
export { parseSince };

interface HitsOptions {
  entry?: string;
  since?: string;
  delivered?: boolean;
  pending?: boolean;
  recipient?: string;
  limit?: string;
  json?: boolean;
}

const TABLE_LIMIT = 50;

function clip(text: string | null, width: number): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= width ? flat : `${chars.slice(0, width - 1).join('')}…`;
}


function table(hits: ListedHit[]): string {
  const rows = hits.map((h) => [
    String(h.hitId),
    h.createdAt.slice(0, 16).replace('T', ' '),
    h.priority,
    h.entry,
    h.deliveredTo.length === 0 ? 'pending' : h.deliveredTo.length === 1 ? h.deliveredTo[0]!.recipient : `${h.deliveredTo.length} recipients`,
    clip(h.source, 24),
    // Titles go last: Arabic text there cannot push the other columns around.
    clip(h.article.title, 70),
  ]);
  const header = ['id', 'created (UTC)', 'priority', 'entry', 'delivered', 'source', 'title'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => Array.from(r[i]!).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - Array.from(c).length))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * An --entry that neither the watchlists nor any stored hit knows is a typo (`modi` for `mody`):
 * said as `rasid watchlist show` says it, instead of "No hits match".
 */
async function checkEntry(entry: string, store: Store, watchlistsDir: string): Promise<void> {
  const known = new Set(await storedEntries(store));
  // A broken watchlist file must not stop a listing: its entries are then known from the hits alone.
  for (const w of loadWatchlists(watchlistsDir).watchlists) for (const e of w.entries) known.add(e.id);
  if (known.has(entry)) return;
  const guess = didYouMean(entry, known);
  throw new ConfigError([`--entry ${entry}: no entry "${entry}" — ${guess ? `did you mean \`${guess}\`?` : 'see `rasid watchlist list`'}`]);
}

export function register(program: Command): void {
  program
    .command('hits')
    .description('list stored hits, newest first, with whom each was delivered to')
    .option('--entry <id>', 'only hits of this watchlist entry')
    .option('--since <when>', `only hits stored since ${SINCE_HELP}`)
    .option('--delivered', 'only hits delivered (to anyone, or to --recipient)')
    .option('--pending', 'only hits not delivered (to anyone, or to --recipient)')
    .option('--recipient <address>', 'with --delivered / --pending: to this recipient')
    .option('--limit <n>', `at most N hits (default ${TABLE_LIMIT} for the table, all for --json)`)
    .option('--json', 'print a JSON array instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ rasid hits                                   # the latest ${TABLE_LIMIT} hits
  $ rasid hits --entry mody --since 7d
  $ rasid hits --pending --recipient desk@example.org
  $ rasid hits --since 2026-11-28 --json | jq '.[].article.url'`,
    )
    .action(async (opts: HitsOptions, cmd: Command) =>
      withRunContext(cmd, {}, async ({ config, store }) => {
        if (opts.delivered && opts.pending) throw new ConfigError(['--delivered and --pending exclude each other — pick one']);
        if (opts.recipient && !opts.delivered && !opts.pending) {
          throw new ConfigError(['--recipient needs --delivered or --pending']);
        }
        const limit = opts.limit === undefined ? (opts.json ? undefined : TABLE_LIMIT) : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
          throw new ConfigError([`--limit ${opts.limit}: expected a whole number of at least 1`]);
        }
        const filter: HitListFilter = {
          ...(opts.entry ? { entry: opts.entry } : {}),
          ...(opts.since ? { since: parseSince(opts.since, new Date()) } : {}),
          ...(opts.delivered ? { state: 'delivered' as const } : opts.pending ? { state: 'pending' as const } : {}),
          ...(opts.recipient ? { recipient: opts.recipient } : {}),
          // One more than shown, to say that there are more.
          ...(limit !== undefined ? { limit: limit + 1 } : {}),
        };
        if (opts.entry) await checkEntry(opts.entry, store, config.paths.watchlists);
        const found = await listHits(store, filter);
        const shown = limit !== undefined ? found.slice(0, limit) : found;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(shown.map(hitJson), null, 2)}\n`);
          return EXIT_OK;
        }
        if (shown.length === 0) {
          process.stdout.write('No hits match.\n');
          return EXIT_OK;
        }
        process.stdout.write(`${table(shown)}\n`);
        if (found.length > shown.length) process.stdout.write(`… more hits match; use --limit or narrow with --entry / --since\n`);
        return EXIT_OK;
      }, { readOnly: true }),
    );
}
