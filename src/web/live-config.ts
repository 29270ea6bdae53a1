// The configuration as the web UI sees it: the feeds file, the watchlists and the recipients, read
// again whenever one of their files changed (the UI edits them, and so may an editor or the CLI).
// Unlike a cycle, the UI never refuses to start over a mistake: each part keeps its problems, in
// the file:line form, and the pages show them beside what could be read.
import fs from 'node:fs';
import { loadFeedsFile } from '../config/feeds-file.ts';
import type { Paths } from '../config/paths.ts';
import { loadRecipients, type Recipient } from '../config/recipients.ts';
import { formatProblem } from '../yaml-file.ts';
import { configFingerprint } from '../daemon/watch-config.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import { entryCatalogFromWatchlists } from '../digest/entry-catalog.ts';
import type { FetchLimits } from '../fetch/limits.ts';
import { compileWatchlists, type CompiledWatchlists } from '../match/compile-watchlists.ts';
import type { FeedSettings } from '../types.ts';
import { loadWatchlists, type Watchlist } from '../watchlist/load-watchlists.ts';

export interface ConfigView {
  paths: Paths;
  feeds: FeedSettings[];
  fetchLimits: Partial<FetchLimits>;
  feedProblems: string[];
  watchlists: Watchlist[];
  compiled: CompiledWatchlists;
  catalog: EntryCatalog;
  watchlistProblems: string[];
  recipients: Recipient[];
  recipientProblems: string[];
  /** Where the recipients come from: the file (which then exists), `RASID_DIGEST_TO`, or nowhere. */
  recipientsSource: 'file' | 'env' | 'none';
  digestTo: string | null;
  mailFrom: string;
  smtpUrl: string | null;
}

export interface LiveConfig {
  paths: Paths;
  /** The current view, re-read first if a file changed since the last call. */
  current(): ConfigView;
}

function read(paths: Paths, env: NodeJS.ProcessEnv): ConfigView {
  const feeds = loadFeedsFile(paths.feeds);
  const lists = loadWatchlists(paths.watchlists);
  const digestTo = env.RASID_DIGEST_TO?.trim() || null;
  const fileExists = fs.existsSync(paths.recipients);
  const recipients = loadRecipients({ file: fileExists ? paths.recipients : null, digestTo });
  const watchlists = lists.problems.length ? [] : lists.watchlists;
  return {
    paths,
    feeds: feeds.ok ? feeds.feeds : [],
    fetchLimits: feeds.ok ? feeds.fetchLimits : {},
    feedProblems: feeds.ok ? [] : feeds.problems.map(formatProblem),
    watchlists,
    compiled: compileWatchlists(watchlists),
    catalog: entryCatalogFromWatchlists(watchlists),
    watchlistProblems: lists.problems.map(formatProblem),
    recipients: recipients.ok ? recipients.recipients : [],
    recipientProblems: recipients.ok ? [] : recipients.problems.map(formatProblem),
    recipientsSource: fileExists ? 'file' : digestTo ? 'env' : 'none',
    digestTo,
    mailFrom: env.RASID_MAIL_FROM?.trim() || 'rasid@localhost',
    smtpUrl: env.SMTP_URL?.trim() || null,
  };
}

export function liveConfig(paths: Paths, env: NodeJS.ProcessEnv = process.env): LiveConfig {
  // The recipients file is watched even when absent: the UI may create it.
  const targets = [paths.feeds, paths.watchlists, paths.recipients];
  let fingerprint = '';
  let view: ConfigView | null = null;
  return {
    paths,
    current() {
      const now = configFingerprint(targets);
      if (view === null || now !== fingerprint) {
        view = read(paths, env);
        fingerprint = now;
      }
      return view;
    },
  };
}
