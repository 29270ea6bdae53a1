// Everything a cycle needs, read and validated once at start. Every problem in every file is
// collected before anything is fetched or sent, so one run shows the whole list.
import fs from 'node:fs';
import type { ChannelConfig } from '../channels/channel-config.ts';
import { processSecrets } from '../channels/secrets.ts';
import { entryCatalog } from '../digest/entry-catalog.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import { ConfigError } from '../errors.ts';
import { compileWatchlists, type CompiledWatchlists } from '../match/compile-watchlists.ts';
import { cacheDir, loadWatchlistsCached } from '../watchlist/watchlist-cache.ts';
import type { FetchLimits } from '../fetch/limits.ts';
import type { FeedSettings } from '../types.ts';
import { networkProblem } from '../fetch/private-address.ts';
import { logLevelProblem } from '../log/create-logger.ts';
import { loadFeedsFile } from './feeds-file.ts';
import { resolvePaths, type PathFlags, type Paths } from './paths.ts';
import { channelSecretProblems } from './recipient-channels.ts';
import { addressProblem, loadRecipients, type Recipient } from './recipients.ts';
import { nobodyToReceive, unknownSubscriptions } from './subscriptions.ts';
import { formatProblem } from '../yaml-file.ts';

export interface Config {
  paths: Paths;
  feeds: FeedSettings[];
  /** Fetch limits set in the feeds file (`defaults.fetch`); the rest are the defaults. */
  fetchLimits: Partial<FetchLimits>;
  watchlists: CompiledWatchlists;
  /** Entry names and watchlists, for digests (subjects, subscriptions by watchlist). */
  catalog: EntryCatalog;
  recipients: Recipient[];
  smtpUrl: string | null;
  mailFrom: string;
  /** Chat and push channels from the recipients file (empty without one). */
  channels: ChannelConfig[];
  /** RASID_PUBLIC_URL: the web UI's address, linked from alerts ("and N more") and feeds; null when unset. */
  publicUrl: string | null;
}

/** What a command needs loaded; `rasid match` needs no feeds, `rasid digest` no watchlists. */
export interface ConfigNeeds {
  feeds?: boolean;
  watchlists?: boolean;
  mail?: boolean;
  /**
   * At least one recipient (with `mail`): commands that send (`run`, `digest`, the daemon) stop
   * instead of finding hits for nobody and reporting "0 sent".
   */
  recipients?: boolean;
}

/**
 * The sender may carry a display name (`Rasid Desk <rasid@example.org>`); it comes from the operator,
 * never from a feed, and is kept to characters that cannot break a header.
 */
export function senderProblem(from: string): string | null {
  const named = /^([^<>]*)<([^<>]+)>$/.exec(from);
  if (!named) return addressProblem(from);
  if (/[\u0000-\u001f\u007f"\\]/.test(named[1]!)) return 'has a display name with quotes, backslashes or control characters';
  return addressProblem(named[2]!.trim());
}

/** The teams of the recipients file, in file order, from their channels (each team has at least one). */
function teamsOf(channels: ChannelConfig[]): Array<{ name: string; entries: string[]; watchlists: string[] }> {
  const teams = new Map<string, { name: string; entries: string[]; watchlists: string[] }>();
  for (const c of channels)
    if (c.owner.startsWith('team:') && !teams.has(c.owner))
      teams.set(c.owner, { name: c.owner.slice('team:'.length), entries: c.subscription.entries, watchlists: c.subscription.watchlists });
  return [...teams.values()];
}

export function checkSmtpUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `SMTP_URL is not a URL: expected e.g. smtp://user:pass@mail.example.org:587`;
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol))
    return `SMTP_URL must start with smtp:// or smtps:// (it starts with ${url.protocol}//)`;
  return null;
}

/**
 * RASID_ALLOW_NETWORKS: private networks every feed may reach, beside the feeds file's
 * `defaults.fetch.allowNetworks` (a container sets it without editing a mounted file).
 */
export function allowedNetworksFromEnv(value: string | undefined): { networks: string[]; problems: string[] } {
  const networks = (value ?? '').split(/[\s,]+/).filter((n) => n !== '');
  const problems = networks.flatMap((n) => {
    const problem = networkProblem(n);
    return problem ? [`RASID_ALLOW_NETWORKS: ${problem} — fix the variable (comma-separated networks) or unset it`] : [];
  });
  return { networks, problems };
}

/** The recipients file to read: the default one only when it exists; one named by a flag or RASID_RECIPIENTS must exist. */
export function recipientsFileOf(flags: PathFlags, env: NodeJS.ProcessEnv, paths: Paths): string | null {
  return flags.recipients || env.RASID_RECIPIENTS || fs.existsSync(paths.recipients) ? paths.recipients : null;
}

export function loadConfig(flags: PathFlags, env: NodeJS.ProcessEnv, needs: ConfigNeeds): Config {
  const paths = resolvePaths(flags, env);
  const problems: string[] = [];
  const badLevel = logLevelProblem(env.RASID_LOG_LEVEL);
  if (badLevel) problems.push(badLevel);
  let feeds: FeedSettings[] = [];
  let fetchLimits: Partial<FetchLimits> = {};
  if (needs.feeds) {
    const read = loadFeedsFile(paths.feeds);
    if (read.ok) ({ feeds, fetchLimits } = read);
    else problems.push(...read.problems.map(formatProblem));
    const fromEnv = allowedNetworksFromEnv(env.RASID_ALLOW_NETWORKS);
    problems.push(...fromEnv.problems);
    if (fromEnv.networks.length) fetchLimits = { ...fetchLimits, allowNetworks: [...(fetchLimits.allowNetworks ?? []), ...fromEnv.networks] };
  }
  let watchlists = compileWatchlists([]);
  if (needs.watchlists) {
    const read = loadWatchlistsCached(paths.watchlists, { cache: env.RASID_CACHE_DIR === 'off' ? null : env.RASID_CACHE_DIR || cacheDir(env) });
    if (read.problems.length) problems.push(...read.problems.map(formatProblem));
    else watchlists = compileWatchlists(read.watchlists);
  }
  let recipients: Recipient[] = [];
  let channels: ChannelConfig[] = [];
  const publicUrl = env.RASID_PUBLIC_URL?.trim() || null;
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const mailFrom = env.RASID_MAIL_FROM?.trim() || 'rasid@localhost';
  if (needs.mail) {
    const file = recipientsFileOf(flags, env, paths);
    const read = loadRecipients({ file, digestTo: env.RASID_DIGEST_TO ?? null });
    if (read.ok) ({ recipients, channels } = read);
    else problems.push(...read.problems.map(formatProblem));
    // Channels (a recipient's or a team's) receive too: only nobody at all is a problem.
    if (read.ok && needs.recipients && recipients.length === 0 && channels.length === 0)
      problems.push(nobodyToReceive({ file, defaultFile: paths.recipients, digestTo: env.RASID_DIGEST_TO }));
    problems.push(...channelSecretProblems(channels, processSecrets(env)));
    if (publicUrl && !/^https?:\/\/[^\s]+$/.test(publicUrl)) problems.push(`RASID_PUBLIC_URL "${publicUrl}" is not an http(s) URL — set it to the web UI's address, e.g. https://rasid.example.org/`);
    if (smtpUrl) {
      const bad = checkSmtpUrl(smtpUrl);
      if (bad) problems.push(`${bad} — fix the SMTP_URL environment variable, or unset it to write digests to the outbox`);
    }
    const badFrom = senderProblem(mailFrom);
    if (badFrom) problems.push(`RASID_MAIL_FROM "${mailFrom}" ${badFrom} — set it to e.g. rasid@example.org or "Rasid <rasid@example.org>"`);
    if (needs.watchlists && problems.length === 0) {
      const known = { entries: watchlists.entries.map((e) => e.id), watchlists: [...new Set(watchlists.entries.map((e) => e.watchlist))] };
      problems.push(...unknownSubscriptions(recipients, known, file, teamsOf(channels)).map(formatProblem));
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return { paths, feeds, fetchLimits, watchlists, catalog: entryCatalog(watchlists.entries), recipients, smtpUrl, mailFrom, channels, publicUrl };
}
