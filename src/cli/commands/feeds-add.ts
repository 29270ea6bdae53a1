// `rasid feeds add`: a new entry in the feeds file, written only after one fetch of the address
// through the cycle's own fetch and parse code (unless --no-check).
import fs from 'node:fs';
import type { Command } from 'commander';
import { addFeedsToText, readFeedsFileText, writeFeedsFile, type NewFeedEntry } from '../../config/feeds-file-edit.ts';
import { loadFeedsFile } from '../../config/feeds-file.ts';
import { allowedNetworksFromEnv } from '../../config/load-config.ts';
import { resolvePaths } from '../../config/paths.ts';
import { ConfigError } from '../../errors.ts';
import type { FetchLimits } from '../../fetch/limits.ts';
import { checkNewFeed } from '../../pipeline/check-new-feed.ts';
import type { FeedSettings } from '../../types.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { pathFlags } from '../report-failure.ts';

const print = (line = '') => process.stdout.write(`${line}\n`);

export interface AddOptions {
  id?: string;
  title?: string;
  language?: string;
  kind?: 'rss' | 'html';
  interval?: string;
  item?: string;
  itemTitle?: string;
  itemLink?: string;
  itemDate?: string;
  itemSummary?: string;
  /** `--no-check`: write without fetching (offline editing). */
  check: boolean;
}

/** The fetch limits a cycle would use for this feed: the feeds file's defaults.fetch and RASID_ALLOW_NETWORKS. */
function limitsFor(file: string): Partial<FetchLimits> {
  const read = fs.existsSync(file) ? loadFeedsFile(file) : null;
  const limits = read?.ok ? read.fetchLimits : {};
  const fromEnv = allowedNetworksFromEnv(process.env.RASID_ALLOW_NETWORKS);
  if (fromEnv.problems.length) throw new ConfigError(fromEnv.problems);
  return fromEnv.networks.length ? { ...limits, allowNetworks: [...(limits.allowNetworks ?? []), ...fromEnv.networks] } : limits;
}

/** Fetches the new feed once; prints what was found, or why it is not written. */
async function checked(entry: NewFeedEntry & { id: string }, file: string): Promise<boolean> {
  const feed: FeedSettings = {
    id: entry.id,
    url: entry.url,
    kind: entry.kind ?? 'rss',
    intervalMinutes: 0,
    enabled: true,
    fetchArticles: false,
    ...(entry.selectors ? { selectors: entry.selectors } : {}),
  };
  const result = await checkNewFeed(feed, limitsFor(file));
  if (result.ok) {
    const moved = result.movedTo && result.movedTo !== entry.url ? `; it moved permanently to ${result.movedTo}, consider adding that address instead` : '';
    print(`checked ${entry.url}: ${result.items} item(s)${result.newest ? `, the newest from ${result.newest.slice(0, 10)}` : ''}${moved}`);
    return true;
  }
  process.stderr.write(`rasid: not added: ${entry.url}: ${result.error}\n`);
  if (result.namedFeed) process.stderr.write(`  the page names its feed: rasid feeds add ${result.namedFeed}\n`);
  process.stderr.write('  (to add it anyway, without fetching it now: rasid feeds add --no-check URL)\n');
  return false;
}

export async function add(url: string, opts: AddOptions, cmd: Command): Promise<number> {
  const paths = resolvePaths(pathFlags(cmd), process.env);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    process.stderr.write(`rasid: "${url}" is not an http:// or https:// address\n`);
    return EXIT_USAGE;
  }
  const entry: NewFeedEntry = { url };
  if (opts.id) entry.id = opts.id;
  if (opts.title) entry.title = opts.title;
  if (opts.language) entry.language = opts.language;
  if (opts.kind) entry.kind = opts.kind;
  if (opts.interval !== undefined) {
    const minutes = Number(opts.interval);
    if (!Number.isInteger(minutes) || minutes < 0) {
      process.stderr.write('rasid: --interval takes a whole number of minutes\n');
      return EXIT_USAGE;
    }
    entry.interval = minutes;
  }
  if (opts.kind === 'html') {
    if (!opts.item || !opts.itemTitle || !opts.itemLink) {
      process.stderr.write('rasid: a feed of kind html needs --item, --item-title and --item-link selectors\n');
      return EXIT_USAGE;
    }
    entry.selectors = {
      item: opts.item,
      title: opts.itemTitle,
      link: opts.itemLink,
      ...(opts.itemDate ? { date: opts.itemDate } : {}),
      ...(opts.itemSummary ? { summary: opts.itemSummary } : {}),
    };
  }
  const result = addFeedsToText(readFeedsFileText(paths.feeds), [entry]);
  if (result.added.length === 0) {
    process.stderr.write(`rasid: not added: ${result.skipped[0]?.reason ?? 'unknown reason'}\n`);
    return EXIT_USAGE;
  }
  if (opts.check && !(await checked({ ...entry, id: result.added[0]!.id }, paths.feeds))) return EXIT_FAILED;
  writeFeedsFile(paths.feeds, result.text);
  print(`added ${result.added[0]!.id} (${url}) to ${paths.feeds}`);
  return EXIT_OK;
}
