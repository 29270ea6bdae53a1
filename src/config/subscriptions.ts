// Configurations under which hits would silently go nowhere: a subscription naming no loaded entry
// or watchlist (a typo means no mail), and nobody configured to receive at all. Both are
// configuration problems with a place, like a mistake in any file, so `run`, `digest`, the daemon
// and `status` agree about them.
import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { didYouMean } from '../watchlist/did-you-mean.ts';
import type { Recipient } from './recipients.ts';
import { locate, type FileProblem } from '../yaml-file.ts';

/** Where a recipient's list item is written in the recipients file, when the file still parses. */
function locator(file: string | null): (at: Array<string | number>) => { line: number; column: number } | null {
  if (!file) return () => null;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return () => null;
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  return (at) => locate(doc, counter, at);
}

/**
 * Subscriptions that name no loaded entry or watchlist. `file` is the recipients file the
 * recipients were read from, in order (null: RASID_DIGEST_TO, which subscribes to everything).
 */
export function unknownSubscriptions(
  recipients: Recipient[],
  known: { entries: readonly string[]; watchlists: readonly string[] },
  file: string | null,
  /** The file's `teams:`, in order: their subscriptions choose what their channels receive. */
  teams: ReadonlyArray<{ name: string; entries: readonly string[]; watchlists: readonly string[] }> = [],
): FileProblem[] {
  const entries = new Set(known.entries);
  const lists = new Set(known.watchlists);
  const where = locator(file);
  const problems: FileProblem[] = [];
  const problem = (at: Array<string | number>, message: string, guess: string | null, names: Set<string>, kind: string) => {
    const pos = where(at);
    const list = `known ${kind}: ${[...names].join(', ') || 'none'}`;
    problems.push({
      file: file ?? 'RASID_DIGEST_TO',
      line: pos?.line ?? null,
      column: pos?.column ?? null,
      message,
      hint: guess ? `did you mean \`${guess}\`? (${list})` : `${list}; \`rasid watchlist list\` shows them`,
    });
  };
  const check = (section: 'recipients' | 'teams', i: number, who: string, s: { entries: readonly string[]; watchlists: readonly string[] }) => {
    s.entries.forEach((e, j) => {
      if (!entries.has(e))
        problem([section, i, 'entries', j], `${who} subscribes to entry "${e}", which no watchlist defines`, didYouMean(e, entries), entries, 'entries');
    });
    s.watchlists.forEach((w, j) => {
      if (!lists.has(w))
        problem([section, i, 'watchlists', j], `${who} subscribes to watchlist "${w}", which does not exist`, didYouMean(w, lists), lists, 'watchlists');
    });
  };
  recipients.forEach((r, i) => check('recipients', i, r.address, r));
  teams.forEach((t, i) => check('teams', i, `team ${t.name}`, t));
  return problems;
}

/**
 * Nobody to receive: without anyone, a command that sends would find hits, say "0 sent" and exit 0.
 * `file` is the recipients file that was read (null: none; RASID_DIGEST_TO was used or unset);
 * `pending`, when known, is how many hits wait (for `rasid status`).
 */
export function nobodyToReceive(options: { file: string | null; defaultFile: string; digestTo: string | undefined; pending?: number }): string {
  // "the 0 pending hits" reads wrong: with none waiting, the sentence is about hits to come.
  const what = !options.pending ? 'hits' : `the ${options.pending} pending hit${options.pending === 1 ? '' : 's'}`;
  const fetchOnly = '`rasid fetch` fetches and matches without sending';
  if (options.file) {
    const pos = locator(options.file)(['recipients']);
    const where = pos ? `${options.file}:${pos.line}:${pos.column}` : options.file;
    return `${where}: nobody is configured to receive ${what}: the recipients file lists no one — add a recipient under \`recipients:\` (\`- address: desk@example.org\`); ${fetchOnly}`;
  }
  const digestTo = options.digestTo?.trim() ? 'names no address' : 'is unset';
  return (
    `nobody is configured to receive ${what}: RASID_DIGEST_TO ${digestTo} and there is no recipients file at ${options.defaultFile} — ` +
    `set RASID_DIGEST_TO=desk@example.org (comma-separated) or write a recipients file (README, "Digests and alerts"); ${fetchOnly}`
  );
}
