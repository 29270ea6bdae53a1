// One watchlist file: YAML text → a validated Watchlist, or problems that each carry the file,
// line and column of the offending node and a hint (the checks themselves are in watchlist-checker.ts).
import path from 'node:path';
import { parseYamlDocument } from '../yaml-file.ts';
import { didYouMean } from './did-you-mean.ts';
import { Checker, DEFAULTS_KEYS, ENTRY_KEYS, FILE_KEYS, ID_PATTERN, SET_KEYS, hasPositive, type Path, type Reference } from './watchlist-checker.ts';
import type { Alias, TermRef, TermSet, Watchlist, WatchlistEntry, WatchlistProblem } from './watchlist-types.ts';

export type { Reference } from './watchlist-checker.ts';

function aliases(refs: TermRef[]): Alias[] {
  return refs.flatMap((r) => (r.kind === 'term' ? [{ text: r.text, lang: r.lang }] : []));
}

/** `[]`, `{}` or a language map of empty lists: written, but naming nothing. */
function isEmptyTermList(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => Array.isArray(x) && x.length === 0);
}

/** Reads one file's text. Cross-file checks (duplicate ids, unknown references) are done by loadWatchlists. */
export function readWatchlist(
  text: string,
  file: string,
): { watchlist: Watchlist | null; problems: WatchlistProblem[]; references: Reference[] } {
  // `watchlist` is null only when the file is not YAML or not a mapping; with other problems it
  // holds what could be read, for the cross-file checks. Use it only when `problems` is empty.
  const read = parseYamlDocument(text, file);
  if (!read.ok) return { watchlist: null, references: [], problems: read.problems };
  const { doc, counter } = read;
  const c = new Checker(file, doc, counter);
  const root: unknown = doc.toJS();
  if (!c.isMap(root)) {
    c.report([], 'a watchlist file is a mapping with an `entries:` list', 'start from watchlists/README.md, "A first file"');
    return { watchlist: null, problems: c.problems, references: [] };
  }
  c.checkKeys(root, [], FILE_KEYS, 'the file');
  const defaults = c.isMap(root.defaults) ? root.defaults : {};
  if (root.defaults !== undefined) c.checkKeys(defaults, ['defaults'], DEFAULTS_KEYS, 'defaults');
  const defaultPriority = c.priority(defaults.priority, ['defaults', 'priority']) ?? 'normal';

  const sets: Record<string, TermSet> = {};
  if (root.sets !== undefined) {
    if (!c.isMap(root.sets)) c.report(['sets'], '`sets` is a mapping from a set name to its terms', 'e.g. `sets: { niger: { terms: [Niger, Niamey] } }`');
    else
      for (const [name, raw] of Object.entries(root.sets)) {
        const at = ['sets', name];
        if (!ID_PATTERN.test(name)) c.report(at, `set name "${name}" must be lower-case letters, digits and dashes`, 'rename it, e.g. `niger-context`', c.keyLine(['sets'], name));
        const body = c.isMap(raw) && ('terms' in raw || 'exclude' in raw) ? raw : { terms: raw };
        if (body !== raw || c.isMap(raw)) c.checkKeys(body, at, SET_KEYS, `set "${name}"`);
        const terms = c.termList(body.terms, body === raw ? [...at, 'terms'] : at, false, `set "${name}"`);
        sets[name] = { name, terms, exclude: c.scoped(body.exclude, [...at, 'exclude'], 0, `the exclusions of set "${name}"`) };
      }
  }

  const entries: WatchlistEntry[] = [];
  if (!Array.isArray(root.entries)) {
    c.report(['entries'], root.entries === undefined ? 'the file has no `entries:` list' : '`entries` must be a list', 'add `entries:` with one `- id: …` item per person, organisation or topic');
  } else {
    root.entries.forEach((raw, i) => {
      const at: Path = ['entries', i];
      if (!c.isMap(raw)) {
        c.report(at, 'an entry is a mapping with at least `id` and `aliases` or `rule`', 'e.g. `- id: haftar` then `aliases: [Haftar, حفتر]`');
        return;
      }
      c.checkKeys(raw, at, ENTRY_KEYS, 'an entry');
      const id = typeof raw.id === 'string' ? raw.id : '';
      c.currentEntry = id;
      if (!ID_PATTERN.test(id))
        c.report([...at, 'id'], raw.id === undefined ? 'the entry has no id' : `id "${String(raw.id)}" must be lower-case letters, digits and dashes`, 'e.g. `id: mody-benghazi-trip`');
      const entry: WatchlistEntry = {
        id,
        name: typeof raw.name === 'string' ? raw.name : id,
        priority: c.priority(raw.priority, [...at, 'priority']) ?? defaultPriority,
        aliases: raw.aliases === undefined ? [] : aliases(c.termList(raw.aliases, [...at, 'aliases'], false, 'aliases')),
        ambiguous: raw.ambiguous === undefined ? [] : aliases(c.termList(raw.ambiguous, [...at, 'ambiguous'], false, 'ambiguous aliases')),
        partial: raw.partial === undefined || raw.partial === 'auto' ? [] : aliases(c.termList(raw.partial, [...at, 'partial'], false, 'partial names')),
        partialAuto: raw.partial === 'auto',
        describedAs: raw.describedAs === undefined ? [] : c.descriptions(raw.describedAs, [...at, 'describedAs']),
        context: c.scoped(raw.context, [...at, 'context'], 'article', 'context'),
        exclude: c.scoped(raw.exclude, [...at, 'exclude'], 0, 'exclude'),
        rule: raw.rule === undefined ? null : c.rule(raw.rule, [...at, 'rule']),
        line: c.lineOf(at)?.line ?? null,
      };
      if (raw.aliases === undefined && raw.ambiguous === undefined && raw.rule === undefined && raw.describedAs === undefined && raw.partial === undefined)
        c.report(at, `entry "${id}" has neither aliases nor a rule, so it can never match`, 'add `aliases:` (words that name it) or `rule:` (a compound topic)');
      else if (raw.rule === undefined && raw.describedAs === undefined && raw.partial === undefined && [raw.aliases, raw.ambiguous].every((x) => x === undefined || isEmptyTermList(x)))
        c.report([...at, raw.aliases === undefined ? 'ambiguous' : 'aliases'], `entry "${id}" has no aliases and no rule, so it can never match`, 'list at least one word or phrase that names it, e.g. `aliases: [Haftar, حفتر]`');
      if ((entry.partial.length > 0 || entry.partialAuto) && !entry.context)
        c.report([...at, 'partial'], `entry "${id}" has partial names but no context`, 'add `context:` with the terms that make the person unambiguous, or remove `partial`');
      if (entry.ambiguous.length > 0 && !entry.context)
        c.report([...at, 'ambiguous'], `entry "${id}" has ambiguous aliases but no context`, 'add `context:` with the terms that must appear nearby, or move the aliases to `aliases:`');
      if (entry.rule && !hasPositive(entry.rule))
        c.report([...at, 'rule'], 'this rule can match an article that mentions nothing', 'combine `none` with something that must be present, in an `all`');
      entries.push(entry);
    });
  }
  for (const r of c.references) {
    if (r.ref.kind !== 'set' || r.ref.name in sets) continue;
    const guess = didYouMean(r.ref.name, Object.keys(sets));
    c.problems.push({
      file,
      line: r.line,
      column: r.column,
      message: `unknown set "${r.ref.name}"`,
      hint: guess ? `did you mean \`${guess}\`?` : `define it under \`sets:\` in this file (sets are per file)`,
    });
  }
  // A file with problems still yields its entries, so other files' references to them are not
  // reported as unknown on top of the real problem.
  const name = typeof root.watchlist === 'string' && root.watchlist ? root.watchlist : path.basename(file).replace(/\.ya?ml$/i, '');
  return {
    watchlist: { name, file, description: typeof root.description === 'string' ? root.description : null, sets, entries },
    problems: c.problems,
    references: c.references,
  };
}
