// Where things are: command-line flags override environment variables, which override defaults
// (../shared/CONTRACT.md, "Environment variables").
import path from 'node:path';

export interface PathFlags {
  db?: string;
  feeds?: string;
  watchlists?: string;
  recipients?: string;
  outbox?: string;
}

export interface Paths {
  /** A SQLite file (absolute), or a postgres:// URL as given. */
  db: string;
  feeds: string;
  watchlists: string;
  /** Recipients file; the default is used only when the file exists. */
  recipients: string;
  outbox: string;
}

export function resolvePaths(flags: PathFlags, env: NodeJS.ProcessEnv, cwd = process.cwd()): Paths {
  const pick = (flag: string | undefined, variable: string, fallback: string) =>
    path.resolve(cwd, flag ?? (env[variable] || fallback));
  const db = flags.db ?? (env.RASID_DB || './data/rasid.db');
  return {
    // A database URL is not a path: resolving it against the folder would make it a file name.
    db: /^postgres(ql)?:\/\//i.test(db) ? db : path.resolve(cwd, db),
    feeds: pick(flags.feeds, 'RASID_FEEDS', './feeds.yaml'),
    watchlists: pick(flags.watchlists, 'RASID_WATCHLISTS', './watchlists'),
    recipients: pick(flags.recipients, 'RASID_RECIPIENTS', './recipients.yaml'),
    outbox: pick(flags.outbox, 'RASID_OUTBOX', './outbox'),
  };
}
