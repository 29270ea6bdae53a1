// `rasid feeds list|add|remove|status|import-opml`: the feeds file and the health of each feed.
import fs from 'node:fs';
import { Command, Option } from 'commander';
import {
  addFeedsToText,
  readFeedsFileText,
  removeFeedFromText,
  writeFeedsFile,
  type NewFeedEntry,
} from '../../config/feeds-file-edit.ts';
import { loadFeedsFile } from '../../config/feeds-file.ts';
import { feedsFromOpml } from '../../config/opml.ts';
import { resolvePaths } from '../../config/paths.ts';
import { formatProblem } from '../../yaml-file.ts';
import { ConfigError } from '../../errors.ts';
import { requireDatabase } from '../../store/database-exists.ts';
import { feedHealth, type FeedHealth } from '../../store/feeds-repo.ts';
import { openStore } from '../../store/open-store.ts';
import type { FeedSettings } from '../../types.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { pathFlags, reportFailure } from '../report-failure.ts';
import { add, type AddOptions } from './feeds-add.ts';

function loadFeeds(file: string): FeedSettings[] {
  const read = loadFeedsFile(file);
  if (!read.ok) throw new ConfigError(read.problems.map(formatProblem));
  return read.feeds;
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => [...(r[col] ?? '')].length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ').trimEnd());
}

/** At most `width` characters (not UTF-16 units: Arabic and Cyrillic titles are cut where they show). */
function clip(text: string | null, width: number): string {
  const chars = Array.from((text ?? '').replace(/\s+/g, ' ').trim());
  return chars.length <= width ? chars.join('') : `${chars.slice(0, width - 1).join('')}…`;
}

function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

async function guarded(work: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await work();
  } catch (err) {
    process.exitCode = reportFailure(err);
  }
}

function list(cmd: Command, opts: { json?: boolean }): number {
  const paths = resolvePaths(pathFlags(cmd), process.env);
  const feeds = loadFeeds(paths.feeds);
  if (opts.json) {
    print(JSON.stringify({ file: paths.feeds, feeds }, null, 2));
    return EXIT_OK;
  }
  if (feeds.length === 0) {
    print(`${paths.feeds} lists no feeds; add one with \`rasid feeds add URL\`.`);
    return EXIT_OK;
  }
  print(`${feeds.length} feed(s) in ${paths.feeds}:`);
  const rows = [['ID', 'KIND', 'LANG', 'EVERY', 'STATE', 'URL']];
  for (const f of feeds)
    rows.push([f.id, f.kind, f.language ?? '-', `${f.intervalMinutes} min`, f.enabled ? 'enabled' : 'disabled', f.url]);
  for (const line of table(rows)) print(line);
  return EXIT_OK;
}

async function status(cmd: Command, opts: { json?: boolean }): Promise<number> {
  const paths = resolvePaths(pathFlags(cmd), process.env);
  const feeds = loadFeeds(paths.feeds);
  // The health of feeds is read from the database; an address without one gets no empty one.
  await requireDatabase(paths.db);
  const store = await openStore(paths.db);
  let health: FeedHealth[];
  const now = new Date();
  try {
    health = await feedHealth(store, feeds, now);
  } finally {
    await store.close();
  }
  if (opts.json) {
    print(JSON.stringify({ generatedAt: now.toISOString(), feeds: health }, null, 2));
    return EXIT_OK;
  }
  const rows = [['FEED', 'TITLE', 'LAST SUCCESS', 'FAILURES', '7 DAYS', 'FLAGS']];
  for (const h of health)
    rows.push([h.feedId, clip(h.title, 30) || '-', when(h.lastSuccessAt), String(h.consecutiveFailures), String(h.itemsLast7Days), h.flags.join(', ')]);
  for (const line of table(rows)) print(line);
  const sick = health.filter((h) => h.lastError && h.consecutiveFailures > 0);
  if (sick.length) {
    print();
    print('Last errors:');
    for (const h of sick)
      print(`  ${h.feedId} (${when(h.lastErrorAt)}, ${h.consecutiveFailures} in a row, next try ${when(h.nextFetchAt)}): ${h.lastError}`);
  }
  const moved = health.filter((h) => h.configuredUrl && h.url !== h.configuredUrl);
  if (moved.length) {
    print();
    print('Moved permanently (Rasid fetches the new address; update the feeds file when convenient):');
    for (const h of moved) print(`  ${h.feedId}: ${h.configuredUrl} → ${h.url}`);
  }
  const stopped = health.filter((h) => h.flags.includes('stopped-publishing'));
  if (stopped.length) {
    print();
    print(`Stopped publishing (fetched fine, nothing new in 7 days): ${stopped.map((h) => h.feedId).join(', ')}`);
  }
  return EXIT_OK;
}

function remove(idOrUrl: string, cmd: Command): number {
  const paths = resolvePaths(pathFlags(cmd), process.env);
  const result = removeFeedFromText(readFeedsFileText(paths.feeds), idOrUrl);
  if (!result.removed) {
    process.stderr.write(`rasid: no feed with the id or address "${idOrUrl}" in ${paths.feeds} (see \`rasid feeds list\`)\n`);
    return EXIT_USAGE;
  }
  writeFeedsFile(paths.feeds, result.text);
  print(`removed ${result.removed.id} (${result.removed.url}) from ${paths.feeds}; its stored articles stay`);
  return EXIT_OK;
}

function importOpml(file: string, opts: { dryRun?: boolean }, cmd: Command): number {
  const paths = resolvePaths(pathFlags(cmd), process.env);
  let entries: NewFeedEntry[];
  try {
    entries = feedsFromOpml(fs.readFileSync(file));
  } catch (err) {
    process.stderr.write(`rasid: cannot import ${file}: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  const result = addFeedsToText(readFeedsFileText(paths.feeds), entries);
  if (!opts.dryRun && result.added.length) writeFeedsFile(paths.feeds, result.text);
  const verb = opts.dryRun ? 'would add' : 'added';
  print(`${verb} ${result.added.length} feed(s) from ${file} to ${paths.feeds}; ${result.skipped.length} skipped`);
  for (const a of result.added) print(`  + ${a.id}  ${a.url}`);
  for (const s of result.skipped) print(`  - ${s.url}: ${s.reason}`);
  return entries.length === 0 ? EXIT_FAILED : EXIT_OK;
}

export function register(program: Command): void {
  const feeds = program
    .command('feeds')
    .description('list, add and remove feeds in the feeds file; show the health of each feed')
    .addHelpText(
      'after',
      `
Examples:
  $ rasid feeds list
  $ rasid feeds add https://www.alwasat.ly/rss --title "Al Wasat" --language ar
  $ rasid feeds add https://www.actuniger.com/politique.html --kind html \\
      --item "article.item" --item-title "h2 a" --item-link "h2 a" --item-date "time"
  $ rasid feeds remove alwasat.ly-rss
  $ rasid feeds status             # last success, last error, failures, items in 7 days, flags
  $ rasid feeds import-opml subscriptions.opml`,
    );

  feeds
    .command('list')
    .description('the feeds in the feeds file, after defaults')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { json?: boolean }, cmd: Command) => guarded(() => list(cmd, opts)));

  feeds
    .command('add')
    .description('add a feed to the feeds file (comments and layout are kept)')
    .argument('<url>', 'the feed address (http or https)')
    .option('--id <id>', 'feed id (default: derived from the address)')
    .option('--title <title>', 'display name, shown as the source in digests')
    .option('--lang, --language <code>', 'ar, fr, en, ru… (the feeds file\'s `language`)')
    .addOption(new Option('--kind <kind>', 'rss (RSS/Atom) or html (a page read with selectors)').choices(['rss', 'html']))
    .option('--interval <minutes>', 'minimum minutes between two fetches')
    .option('--item <selector>', 'html: CSS selector of one item on the page')
    .option('--item-title <selector>', 'html: selector of the title inside an item')
    .option('--item-link <selector>', 'html: selector of the link inside an item')
    .option('--item-date <selector>', 'html: selector of the date inside an item')
    .option('--item-summary <selector>', 'html: selector of the summary inside an item')
    .option('--no-check', 'write the feed without fetching it first (offline editing)')
    .addHelpText(
      'after',
      `
The address is fetched once first, with the same limits and private-network rules as a cycle, and
written only if it answers with a feed (or, for --kind html, a page whose selectors find items).
An HTML page that names its feed is refused with that feed's address to add instead.
Exit status: 0 added; 1 bad usage (or already listed); 2 the address is not a feed (not written).

Examples:
  $ rasid feeds add https://www.rfi.fr/fr/afrique/rss --title "RFI Afrique" --language fr
  $ rasid feeds add https://example-news.ne/actualites --kind html --language fr \\
      --item "article.post" --item-title "h2 a" --item-link "h2 a" --item-date "time" --item-summary "p.excerpt"
  $ rasid feeds add --no-check https://intranet.example/news.xml   # offline: written unchecked
  $ rasid fetch && rasid feeds status      # the new feed's first fetch and its health`,
    )
    .action((url: string, opts: AddOptions, cmd: Command) => guarded(() => add(url, opts, cmd)));

  feeds
    .command('remove')
    .description('remove a feed from the feeds file by id or address (its stored articles stay)')
    .argument('<id-or-url>')
    .action((idOrUrl: string, _opts: unknown, cmd: Command) => guarded(() => remove(idOrUrl, cmd)));

  feeds
    .command('status')
    .description('per feed: last success, last error in words, consecutive failures, items in the last 7 days, flags')
    .option('--json', 'print JSON instead of a table')
    .addHelpText(
      'after',
      `
Flags: failing (3+ failures in a row; Rasid backs off, doubling the wait up to a day),
stopped-publishing (answers fine but nothing new in 7 days), never-fetched, disabled,
not-in-feeds-file (stored state of a feed since removed).`,
    )
    .action((opts: { json?: boolean }, cmd: Command) => guarded(() => status(cmd, opts)));

  feeds
    .command('import-opml')
    .description('add the feeds of an OPML export (from another reader) to the feeds file')
    .argument('<file>', 'an OPML file')
    .option('--dry-run', 'show what would be added without writing')
    .action((file: string, opts: { dryRun?: boolean }, cmd: Command) => guarded(() => importOpml(file, opts, cmd)));
}
