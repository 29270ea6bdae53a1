// Reads every watchlist file of a folder (*.yaml, *.yml) and checks what spans files: entry ids
// are unique across all files, and every `{entry: …}` reference names an entry that exists and
// does not, through other entries, depend on itself. All problems are reported at once.
import fs from 'node:fs';
import path from 'node:path';
import { didYouMean } from './did-you-mean.ts';
import { readWatchlist, type Reference } from './read-watchlist.ts';
import type { Watchlist, WatchlistProblem } from './watchlist-types.ts';

export type { Watchlist, WatchlistProblem } from './watchlist-types.ts';

/** `file:line:col: message — hint`: the same form as every other config file's problems. */
export { formatProblem } from '../yaml-file.ts';

/** The watchlist files of a folder, sorted, so ids and hits come out in a stable order. */
export function watchlistFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name))
    .map((d) => path.join(dir, d.name))
    .sort();
}

export function loadWatchlists(dir: string): { watchlists: Watchlist[]; problems: WatchlistProblem[] } {
  let files: string[];
  try {
    files = watchlistFiles(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      watchlists: [],
      problems: [
        {
          file: dir,
          line: null,
          column: null,
          message: code === 'ENOENT' ? 'watchlist folder not found' : `cannot read the watchlist folder (${code ?? String(err)})`,
          hint: 'point --watchlists or RASID_WATCHLISTS at the folder that holds your *.yaml watchlist files',
        },
      ],
    };
  }
  if (files.length === 0)
    return {
      watchlists: [],
      problems: [{ file: dir, line: null, column: null, message: 'no watchlist files (*.yaml) in this folder', hint: 'add one; watchlists/README.md shows a first file' }],
    };
  const problems: WatchlistProblem[] = [];
  const texts: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    try {
      texts.push({ file, text: fs.readFileSync(file, 'utf8') });
    } catch (err) {
      problems.push({ file, line: null, column: null, message: `cannot read the file (${(err as Error).message})`, hint: 'check its permissions' });
    }
  }
  const read = readWatchlistTexts(texts);
  problems.push(...read.problems);
  return { watchlists: problems.length ? [] : read.watchlists, problems };
}

/** The same checks on texts in memory: used to validate an edit before it is written. */
export function readWatchlistTexts(texts: Array<{ file: string; text: string }>): { watchlists: Watchlist[]; problems: WatchlistProblem[] } {
  const problems: WatchlistProblem[] = [];
  const watchlists: Watchlist[] = [];
  const references: Array<Reference & { file: string }> = [];
  for (const { file, text } of texts) {
    const read = readWatchlist(text, file);
    problems.push(...read.problems);
    if (read.watchlist) watchlists.push(read.watchlist);
    references.push(...read.references.map((r) => ({ ...r, file })));
  }
  problems.push(...crossFileProblems(watchlists, references));
  return { watchlists: problems.length ? [] : watchlists, problems };
}

function crossFileProblems(watchlists: Watchlist[], references: Array<Reference & { file: string }>): WatchlistProblem[] {
  const problems: WatchlistProblem[] = [];
  const firstSeen = new Map<string, string>();
  for (const w of watchlists)
    for (const e of w.entries) {
      const other = firstSeen.get(e.id);
      if (other !== undefined)
        problems.push({
          file: w.file,
          line: e.line,
          column: null,
          message: `duplicate entry id "${e.id}" (also in ${other})`,
          hint: 'ids are unique across all watchlist files: rename one, or merge their aliases into one entry',
        });
      else firstSeen.set(e.id, `${path.basename(w.file)}${e.line === null ? '' : `:${e.line}`}`);
    }
  const dependsOn = new Map<string, Set<string>>();
  for (const r of references) {
    if (r.ref.kind !== 'entry') continue;
    if (!firstSeen.has(r.ref.id)) {
      const guess = didYouMean(r.ref.id, firstSeen.keys());
      problems.push({
        file: r.file,
        line: r.line,
        column: r.column,
        message: `unknown entry "${r.ref.id}"`,
        hint: guess ? `did you mean \`${guess}\`?` : 'reference an entry id defined in any watchlist file (`rasid watchlist list` shows them)',
      });
      continue;
    }
    if (r.from !== null) {
      const deps = dependsOn.get(r.from) ?? new Set<string>();
      deps.add(r.ref.id);
      dependsOn.set(r.from, deps);
    }
  }
  for (const cycle of findCycles(dependsOn)) {
    const at = references.find((r) => r.from === cycle[0] && r.ref.kind === 'entry' && r.ref.id === cycle[1]);
    problems.push({
      file: at?.file ?? '',
      line: at?.line ?? null,
      column: at?.column ?? null,
      message: `entries depend on each other in a circle: ${cycle.join(' → ')}`,
      hint: 'an entry cannot need itself; point one of them at terms or a set instead of the other entry',
    });
  }
  return problems;
}

/** Each cycle of the dependency graph once, as a path that starts and ends at the same id. */
function findCycles(graph: Map<string, Set<string>>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const next of graph.get(id) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of [...graph.keys()].sort()) if (!state.has(id)) visit(id);
  return cycles;
}
