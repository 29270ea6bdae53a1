// One watchlist file: YAML text → a validated Watchlist, or problems that each carry the file,
// line and column of the offending node and a hint. The rule language is recursive and has
// shorthand forms (a bare list for `terms:`, a language map for any term list), so the checks are
// written by hand: that keeps every message specific ("did you mean `within`?").
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { foldWords } from '../normalize/tokenize.ts';
import { PRIORITIES, type Priority } from '../types.ts';
import { didYouMean } from './did-you-mean.ts';
import type { Alias, RuleExpr, ScopedTerms, TermRef, TermSet, Watchlist, WatchlistEntry, WatchlistProblem, Within } from './watchlist-types.ts';

type Path = Array<string | number>;

const FILE_KEYS = ['watchlist', 'description', 'defaults', 'sets', 'entries'];
const DEFAULTS_KEYS = ['priority'];
const ENTRY_KEYS = ['id', 'name', 'priority', 'aliases', 'ambiguous', 'context', 'exclude', 'rule', 'note'];
const SET_KEYS = ['terms', 'exclude'];
const SCOPED_KEYS = ['terms', 'within'];
const RULE_KEYS = ['any', 'all', 'none', 'near', 'entry', 'set', 'within'];
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const LANG_PATTERN = /^[a-z]{2,3}$/;

/** Letters or digits in any script: a term without any can never match. */
const HAS_WORD = /[\p{L}\p{N}]/u;

/** A `{entry: …}` or `{set: …}` reference and where it is written, checked once every file is read. */
export interface Reference {
  ref: Extract<TermRef, { kind: 'entry' | 'set' }>;
  /** The entry the reference is written in (null inside a set). */
  from: string | null;
  line: number | null;
  column: number | null;
}

class Checker {
  readonly problems: WatchlistProblem[] = [];
  readonly references: Reference[] = [];
  currentEntry: string | null = null;
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  lineOf(at: Path): { line: number; column: number } | null {
    for (let n = at.length; n >= 0; n--) {
      const node = this.doc.getIn(at.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = this.counter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return null;
  }

  /** The line of a mapping key itself (so an unknown key points at its own line). */
  keyLine(at: Path, key: string): { line: number; column: number } | null {
    const parent = this.doc.getIn(at, true) as { items?: Array<{ key: unknown }> } | undefined;
    const pair = parent?.items?.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key);
    if (pair && isNode(pair.key) && pair.key.range) {
      const pos = this.counter.linePos(pair.key.range[0]);
      return { line: pos.line, column: pos.col };
    }
    return this.lineOf([...at, key]);
  }

  report(at: Path, message: string, hint: string, where = this.lineOf(at)): void {
    const label = at.length ? `${at.join('.')}: ` : '';
    this.problems.push({ file: this.file, line: where?.line ?? null, column: where?.column ?? null, message: `${label}${message}`, hint });
  }

  isMap(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  }

  checkKeys(v: Record<string, unknown>, at: Path, known: string[], what: string): void {
    for (const key of Object.keys(v)) {
      if (known.includes(key)) continue;
      const guess = didYouMean(key, known);
      this.report(
        [...at, key],
        `unknown key "${key}" in ${what}`,
        guess ? `did you mean \`${guess}\`? (known: ${known.join(', ')})` : `known keys: ${known.join(', ')}`,
        this.keyLine(at, key),
      );
    }
  }

  text(v: unknown, at: Path, what: string): string | null {
    if (typeof v === 'number') v = String(v);
    if (typeof v !== 'string' || !HAS_WORD.test(v) || foldWords(v).length === 0) {
      this.report(at, `${what} must be text with at least one letter or digit`, 'write the word or phrase, e.g. `Haftar` or `Salifou Mody`');
      return null;
    }
    return v.trim();
  }

  priority(v: unknown, at: Path): Priority | null {
    if (v === undefined) return null;
    if (typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v)) return v as Priority;
    const guess = typeof v === 'string' ? didYouMean(v, PRIORITIES) : null;
    this.report(at, `priority "${String(v)}" is not one of ${PRIORITIES.join(', ')}`, guess ? `did you mean \`${guess}\`?` : `use one of ${PRIORITIES.join(', ')}`);
    return null;
  }

  /** A term list: a string, a list, or a map from language code to a string or list. */
  termList(v: unknown, at: Path, allowRefs: boolean, what: string): TermRef[] {
    const out: TermRef[] = [];
    const item = (x: unknown, p: Path, lang: string | null) => {
      if (this.isMap(x)) {
        const ref = this.ref(x, p);
        if (ref && !allowRefs) this.report(p, `${what} lists plain words and phrases only`, 'move `{entry: …}` / `{set: …}` references to `context`, `exclude` or `rule`');
        else if (ref) out.push(ref);
        return;
      }
      const t = this.text(x, p, `an item of ${what}`);
      if (t !== null) out.push({ kind: 'term', text: t, lang });
    };
    const list = (x: unknown, p: Path, lang: string | null) => {
      if (Array.isArray(x)) x.forEach((y, i) => item(y, [...p, i], lang));
      else item(x, p, lang);
    };
    if (this.isMap(v) && !('entry' in v) && !('set' in v)) {
      for (const [lang, x] of Object.entries(v)) {
        if (!LANG_PATTERN.test(lang)) {
          this.report([...at, lang], `"${lang}" is not a language code`, 'group terms under two-letter language codes (ar, en, fr, ru…) or write a plain list', this.keyLine(at, lang));
          continue;
        }
        list(x, [...at, lang], lang);
      }
    } else if (v === undefined || v === null) {
      this.report(at, `${what} is empty`, 'list at least one word or phrase, or remove the key');
    } else list(v, at, null);
    return out;
  }

  ref(v: Record<string, unknown>, at: Path): TermRef | null {
    const keys = Object.keys(v);
    let ref: Reference['ref'] | null = null;
    if (keys.length === 1 && typeof v.entry === 'string') ref = { kind: 'entry', id: v.entry };
    if (keys.length === 1 && typeof v.set === 'string') ref = { kind: 'set', name: v.set };
    if (ref) {
      const pos = this.lineOf(at);
      this.references.push({ ref, from: this.currentEntry, line: pos?.line ?? null, column: pos?.column ?? null });
      return ref;
    }
    this.report(at, 'a reference must be `{entry: ID}` or `{set: NAME}`', 'write e.g. `{ entry: haftar }` or `{ set: niger }`, or quote a plain phrase');
    return null;
  }

  within(v: unknown, at: Path, fallback: Within): Within {
    if (v === undefined) return fallback;
    if (v === 'article' || v === 'sentence' || v === 'paragraph' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) return v;
    this.report(
      at,
      `within must be a whole number of words, "sentence", "paragraph" or "article" (got ${JSON.stringify(v)})`,
      'e.g. `within: 20`, `within: sentence`, or `within: article` for anywhere in the text',
    );
    return fallback;
  }

  scoped(v: unknown, at: Path, fallback: Within, what: string): ScopedTerms | null {
    if (v === undefined) return null;
    if (this.isMap(v) && ('terms' in v || 'within' in v)) {
      this.checkKeys(v, at, SCOPED_KEYS, what);
      const terms = this.termList(v.terms, [...at, 'terms'], true, `${what} terms`);
      return { terms, within: this.within(v.within, [...at, 'within'], fallback) };
    }
    return { terms: this.termList(v, at, true, what), within: fallback };
  }

  rule(v: unknown, at: Path): RuleExpr | null {
    if (typeof v === 'string' || typeof v === 'number') {
      const t = this.text(v, at, 'a rule term');
      return t === null ? null : { kind: 'term', text: t, lang: null };
    }
    if (Array.isArray(v)) {
      this.report(at, 'a rule is one expression, not a list', 'wrap the list: `any: [...]` (one of them) or `all: [...]` (every one)');
      return null;
    }
    if (!this.isMap(v)) {
      this.report(at, 'a rule must be a term, `{entry: ID}`, `{set: NAME}`, or `any` / `all` / `none` / `near`', 'see watchlists/README.md, "Rules"');
      return null;
    }
    this.checkKeys(v, at, RULE_KEYS, 'a rule');
    const ops = (['any', 'all', 'none', 'near', 'entry', 'set'] as const).filter((k) => k in v);
    if (ops.length !== 1) {
      this.report(at, ops.length ? `a rule node has one operator, found ${ops.join(' and ')}` : 'a rule node needs an operator', 'split it: e.g. `all: [ {any: [...]}, {none: [...]} ]`');
      return null;
    }
    const op = ops[0]!;
    if (op === 'entry' || op === 'set') return this.ref(v, at);
    const raw = v[op];
    if (!Array.isArray(raw) || raw.length === 0) {
      this.report([...at, op], `\`${op}\` needs a list of expressions`, `e.g. \`${op}: [{ entry: mody }, Benghazi]\``);
      return null;
    }
    const of = raw.map((x, i) => this.rule(x, [...at, op, i])).filter((x): x is RuleExpr => x !== null);
    if (of.length !== raw.length) return null;
    if (op === 'near') {
      if (of.length < 2) this.report([...at, op], '`near` needs at least two expressions', 'e.g. `near: [{ entry: mody }, Benghazi]`');
      if (of.some(hasNone)) this.report([...at, op], '`none` cannot be inside `near`: an absence has no position', 'put the `none` beside the `near` in an `all`');
      const within = this.within(v.within, [...at, 'within'], 'article');
      if (v.within === undefined || within === 'article')
        this.report(at, '`near` needs `within: N` (words), `within: sentence` or `within: paragraph`', 'add e.g. `within: 20`; for anywhere in the text use `all` instead');
      return { kind: 'near', of, within: within === 'article' ? 0 : within };
    }
    if ('within' in v) this.report([...at, 'within'], `\`within\` belongs to \`near\`, not \`${op}\``, 'remove it, or use `near`');
    return { kind: op, of };
  }
}

function hasNone(e: RuleExpr): boolean {
  if (e.kind === 'none') return true;
  return 'of' in e && e.of.some(hasNone);
}

function hasPositive(e: RuleExpr): boolean {
  if (e.kind === 'none') return false;
  if (e.kind === 'all') return e.of.some(hasPositive);
  if (e.kind === 'any') return e.of.every(hasPositive);
  if (e.kind === 'near') return true;
  return true;
}

function aliases(refs: TermRef[]): Alias[] {
  return refs.flatMap((r) => (r.kind === 'term' ? [{ text: r.text, lang: r.lang }] : []));
}

/** Reads one file's text. Cross-file checks (duplicate ids, unknown references) are done by loadWatchlists. */
export function readWatchlist(
  text: string,
  file: string,
): { watchlist: Watchlist | null; problems: WatchlistProblem[]; references: Reference[] } {
  // `watchlist` is null only when the file is not YAML or not a mapping; with other problems it
  // holds what could be read, for the cross-file checks. Use it only when `problems` is empty.
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      watchlist: null,
      references: [],
      problems: doc.errors.map((e) => {
        const pos = counter.linePos(e.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
          hint: 'check the indentation and quoting on this line (text with ": ", "#", "{" or "[" needs quotes)',
        };
      }),
    };
  }
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
        context: c.scoped(raw.context, [...at, 'context'], 'article', 'context'),
        exclude: c.scoped(raw.exclude, [...at, 'exclude'], 0, 'exclude'),
        rule: raw.rule === undefined ? null : c.rule(raw.rule, [...at, 'rule']),
        line: c.lineOf(at)?.line ?? null,
      };
      if (raw.aliases === undefined && raw.ambiguous === undefined && raw.rule === undefined)
        c.report(at, `entry "${id}" has neither aliases nor a rule, so it can never match`, 'add `aliases:` (words that name it) or `rule:` (a compound topic)');
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
