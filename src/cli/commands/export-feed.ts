// `rasid export-feed`: the hits of one entry or one watchlist as an Atom or JSON Feed file, for any
// feed reader to subscribe to (put the file where a web server serves it, and refresh it from cron
// or after each run). The file is replaced atomically, so a reader never fetches half of it.
import type { Command } from 'commander';
import { replaceFileAtomically } from '../../yaml-file.ts';
import { ConfigError } from '../../errors.ts';
import { hitFeed } from '../../pipeline/hit-feed.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { withRunContext } from '../run-context.ts';
import { parseSince } from './hits.ts';

interface ExportOptions {
  entry?: string;
  watchlist?: string;
  format: string;
  out: string;
  limit: string;
  since?: string;
  selfUrl?: string;
}

export function register(program: Command): void {
  program
    .command('export-feed')
    .description('write the hits of an entry or a watchlist as an Atom or JSON Feed, newest first')
    .option('--entry <id>', 'hits of this watchlist entry')
    .option('--watchlist <name>', 'hits of every entry of this watchlist')
    .option('--format <format>', 'atom (Atom 1.0) or json (JSON Feed 1.1)', 'atom')
    .option('--out <file>', 'where to write it ("-" for stdout)', '-')
    .option('--limit <n>', 'at most this many hits, newest first', '100')
    .option('--since <when>', 'only hits since then: 2026-11-28, an ISO time, or a span such as 7d')
    .option('--self-url <url>', 'the address the file will be served at (the feed links to itself)')
    .addHelpText(
      'after',
      `
Each hit keeps one id (urn:rasid:hit:N) across exports, so readers show it once. With
RASID_PUBLIC_URL set, the feed links to the web UI's list of the same hits.

Examples:
  $ rasid export-feed --entry mody-benghazi-trip --out /var/www/feeds/mody.atom
  $ rasid export-feed --watchlist libya-niger-russia --format json --out /var/www/feeds/libya.json
  $ rasid run && rasid export-feed --entry agadem --since 30d --out agadem.xml`,
    )
    .action(async (opts: ExportOptions, cmd: Command) =>
      withRunContext(cmd, { watchlists: true }, async ({ config, store }) => {
        const limit = Number(opts.limit);
        const problems: string[] = [];
        if (opts.format !== 'atom' && opts.format !== 'json') problems.push(`--format ${opts.format}: use atom or json`);
        if (!Number.isInteger(limit) || limit < 1) problems.push(`--limit ${opts.limit}: a whole number of hits, 1 or more`);
        const now = new Date();
        const feed = await hitFeed(
          store,
          config.catalog,
          config.publicUrl,
          {
            entry: opts.entry,
            watchlist: opts.watchlist,
            format: opts.format === 'json' ? 'json' : 'atom',
            limit: problems.length ? 1 : limit,
            since: opts.since ? parseSince(opts.since, now) : undefined,
            selfUrl: opts.selfUrl ?? null,
          },
          now,
          { entry: '--entry', watchlist: '--watchlist' },
        );
        if (!feed.ok) problems.push(...feed.problems.map((p) => (p.startsWith('give') ? `export-feed: ${p}` : p)));
        if (problems.length > 0 || !feed.ok) throw new ConfigError(problems);
        if (opts.out === '-') process.stdout.write(feed.text);
        else {
          replaceFileAtomically(opts.out, feed.text);
          process.stderr.write(`wrote ${feed.hits} hit(s) on ${feed.what} as ${opts.format === 'json' ? 'JSON Feed 1.1' : 'Atom 1.0'} to ${opts.out}\n`);
        }
        return EXIT_OK;
      }, { readOnly: true }), // exporting never creates a database
    );
}
