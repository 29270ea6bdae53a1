// Every command the CLI knows, with the one-line summary `rasid --help` lists. A command's module
// is loaded only when that command runs (or shows its own help), so `rasid --help` and light
// commands such as `rasid match` never load the database, mail or HTML libraries of the others.
import type { Command } from 'commander';

type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** Arguments as shown in the overview, e.g. `[file]`. */
  args?: string;
  summary: string;
  /** The module that registers the command (one module may register several: run and fetch). */
  load: () => Promise<{ register: Register }>;
}

const runModule = () => import('./run.ts');

export const commands: CommandEntry[] = [
  { name: 'run', summary: 'one full cycle: fetch due feeds, match, store, send pending digests', load: runModule },
  { name: 'fetch', summary: 'fetch due feeds, match and store, without sending digests', load: runModule },
  { name: 'demo', summary: 'run the whole pipeline once on bundled sample feeds, offline, into ./demo-output', load: () => import('./demo.ts') },
  { name: 'status', summary: 'health of the installation: last run, failing feeds, pending hits, database size', load: () => import('./status.ts') },
  { name: 'prune', summary: 'remove old articles without hits (hits and the delivery ledger stay), then shrink the database', load: () => import('./prune.ts') },
  { name: 'daemon', summary: 'run the fetch cycle and the digests on schedules until SIGTERM/SIGINT', load: () => import('./daemon.ts') },
  { name: 'feeds', summary: 'list, add and remove feeds in the feeds file; show the health of each feed', load: () => import('./feeds.ts') },
  { name: 'parse', args: '[file]', summary: 'parse saved feed bytes as the fetcher would and print the items as JSON', load: () => import('./parse.ts') },
  { name: 'match', summary: 'match articles given as JSON Lines on stdin against the watchlists; JSON Lines on stdout', load: () => import('./match.ts') },
  { name: 'digest', summary: 'send pending hits as digests (and critical alerts) now; or preview / dry-run them', load: () => import('./digest.ts') },
  { name: 'hits', summary: 'list stored hits, newest first, with whom each was delivered to', load: () => import('./hits.ts') },
  { name: 'watchlist', summary: 'check, inspect, edit and try the watchlists', load: () => import('./watchlist.ts') },
  { name: 'db', summary: 'copy an installation between databases (SQLite ↔ PostgreSQL); check one for damage', load: () => import('./db.ts') },
  { name: 'search', args: '[query...]', summary: 'full-text search over every stored article (Arabic, Russian, French folded as matching folds them)', load: () => import('./search.ts') },
  { name: 'serve', summary: 'the web UI and JSON API: hits, search, watchlist editing, feeds, recipients, digest previews', load: () => import('./serve.ts') },
  { name: 'channels', summary: 'chat and push channels (webhook, Slack, Teams, Discord, Telegram, ntfy, Matrix): list, test, retry', load: () => import('./channels.ts') },
  { name: 'export-feed', summary: 'write the hits of an entry or a watchlist as an Atom or JSON Feed, newest first', load: () => import('./export-feed.ts') },
];

function order(name: string): number {
  const i = commands.findIndex((c) => c.name === name);
  return i < 0 ? commands.length : i;
}

/** Global options that take a value: their value is not the command name. */
const GLOBAL_VALUE_OPTIONS = new Set(['--db', '--feeds', '--watchlists']);

/** The command an argument list asks for (`rasid --db x match`, `rasid help match`), or null. */
export function requestedCommand(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg === 'help') return args.slice(i + 1).find((a) => !a.startsWith('-')) ?? null;
    return arg;
  }
  return null;
}

/**
 * Registers the module of the requested command in full, and every other command as a name with
 * its summary (enough for the overview and for "did you mean" on a typo).
 */
export async function registerCommands(program: Command, args: string[]): Promise<void> {
  const wanted = commands.find((c) => c.name === requestedCommand(args));
  if (wanted) (await wanted.load()).register(program);
  const registered = new Set(program.commands.map((c) => c.name()));
  // Kept in the manifest's order, so the overview reads the same whichever command was loaded.
  for (const entry of commands) {
    if (!registered.has(entry.name)) program.command(`${entry.name}${entry.args ? ` ${entry.args}` : ''}`).summary(entry.summary);
  }
  (program.commands as Command[]).sort((a, b) => order(a.name()) - order(b.name()));
}
