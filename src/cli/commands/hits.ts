// `rasid hits`: the stored hits, newest first, with whom each went to; a table for people, JSON for
// scripts. Reads only.
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { listHits, type HitListFilter, type ListedHit } from '../../store/hit-queries.ts';
import { parseDuration } from '../../store/prune.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { withRunContext } from '../run-context.ts';

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

/** `2026-11-28`, an ISO date-time, or a span back from now (`24h`, `7d`). */
export function parseSince(value: string, now: Date): string {
  const span = parseDuration(value);
  if (span !== null) return new Date(now.getTime() - span).toISOString();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) {
    throw new ConfigError([`--since ${value}: not a date — use 2026-11-28, 2026-11-28T06:00:00Z, or a span such as 24h or 7d`]);
  }
  return new Date(ms).toISOString();
}

function clip(text: string | null, width: number): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= width ? flat : `${chars.slice(0, width - 1).join('')}…`;
}

export function toJson(hit: ListedHit) {
  return {
    id: hit.hitId,
    entry: hit.entry,
    priority: hit.priority,
    terms: hit.terms,
    snippet: hit.snippet,
    why: hit.why,
    createdAt: hit.createdAt,
    article: {
      id: hit.article.id,
      title: hit.article.title,
      url: hit.article.url,
      published: hit.article.published,
      language: hit.article.language,
      feed: hit.article.feedId,
      source: hit.source,
      alsoIn: hit.alsoIn,
    },
    deliveredTo: hit.deliveredTo,
  };
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

export function register(program: Command): void {
  program
    .command('hits')
    .description('list stored hits, newest first, with whom each was delivered to')
    .option('--entry <id>', 'only hits of this watchlist entry')
    .option('--since <date>', 'only hits stored since a date (2026-11-28), a time (ISO) or a span back (24h, 7d)')
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
      withRunContext(cmd, {}, async ({ store }) => {
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
        const found = await listHits(store, filter);
        const shown = limit !== undefined ? found.slice(0, limit) : found;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(shown.map(toJson), null, 2)}\n`);
          return EXIT_OK;
        }
        if (shown.length === 0) {
          process.stdout.write('No hits match.\n');
          return EXIT_OK;
        }
        process.stdout.write(`${table(shown)}\n`);
        if (found.length > shown.length) process.stdout.write(`… more hits match; use --limit or narrow with --entry / --since\n`);
        return EXIT_OK;
      }),
    );
}
