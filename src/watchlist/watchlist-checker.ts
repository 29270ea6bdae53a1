// The checks behind readWatchlist: one Checker walks a parsed YAML document, turns each part of the
// rule language into plain records, and reports every mistake with the line and column of its
// node and a hint. Written by hand rather than as a schema: the language is recursive and has
// shorthand forms (a bare list for `terms:`, a language map for any term list), and hand-written
// checks keep each message specific ("did you mean `within`?").
import { LineCounter, isNode, type Document } from 'yaml';
import { locate } from '../yaml-file.ts';
import { foldWords } from '../normalize/tokenize.ts';
import { PRIORITIES, type Priority } from '../types.ts';
import { didYouMean } from './did-you-mean.ts';
import type { Description, RuleExpr, ScopedTerms, TermRef, WatchlistProblem, Within } from './watchlist-types.ts';

export type Path = Array<string | number>;

export const FILE_KEYS = ['watchlist', 'description', 'defaults', 'sets', 'entries'];
export const DEFAULTS_KEYS = ['priority'];
export const ENTRY_KEYS = ['id', 'name', 'priority', 'aliases', 'ambiguous', 'partial', 'describedAs', 'context', 'exclude', 'rule', 'note'];
const DESCRIPTION_KEYS = ['near', 'within', 'exclude'];
export const SET_KEYS = ['terms', 'exclude'];
const SCOPED_KEYS = ['terms', 'within'];
const RULE_KEYS = ['any', 'all', 'none', 'near', 'entry', 'set', 'within'];
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
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

export class Checker {
  readonly problems: WatchlistProblem[] = [];
  readonly references: Reference[] = [];
  currentEntry: string | null = null;
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  lineOf(at: Path): { line: number; column: number } | null {
    return locate(this.doc, this.counter, at);
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

  /**
   * `describedAs`: a list of `{ near: [group, group, …], within }`, each group a term, a list of
   * terms or a `{set: …}` / `{entry: …}` reference; `within` defaults to the same sentence.
   */
  descriptions(v: unknown, at: Path): Description[] {
    const example = 'e.g. `describedAs: [{ near: [[drone base, air base], [Agadez, northern Niger]], within: 6 }]`';
    if (!Array.isArray(v) || v.length === 0) {
      this.report(at, '`describedAs` is a list of descriptions', example);
      return [];
    }
    const out: Description[] = [];
    v.forEach((raw, i) => {
      const p: Path = [...at, i];
      if (!this.isMap(raw) || !('near' in raw)) {
        this.report(p, 'a description is `{ near: [group, group, …], within: … }`', example);
        return;
      }
      this.checkKeys(raw, p, DESCRIPTION_KEYS, 'a description');
      const near = raw.near;
      if (!Array.isArray(near) || near.length < 2) {
        this.report([...p, 'near'], 'a description needs at least two groups of terms that must occur near each other', example);
        return;
      }
      const groups = near.map((g, j) => this.termList(g, [...p, 'near', j], true, 'a description group'));
      if (groups.some((g) => g.length === 0)) return;
      const within = this.within(raw.within, [...p, 'within'], 'sentence');
      if (within === 'article') {
        this.report([...p, 'within'], 'a description is about words near each other, not anywhere in the article', 'use a number of words, `sentence` or `paragraph`');
        return;
      }
      out.push({ groups, within, exclude: this.scoped(raw.exclude, [...p, 'exclude'], 0, 'the exclusions of a description') });
    });
    return out;
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

export function hasNone(e: RuleExpr): boolean {
  if (e.kind === 'none') return true;
  return 'of' in e && e.of.some(hasNone);
}

export function hasPositive(e: RuleExpr): boolean {
  if (e.kind === 'none') return false;
  if (e.kind === 'all') return e.of.some(hasPositive);
  if (e.kind === 'any') return e.of.every(hasPositive);
  if (e.kind === 'near') return true;
  return true;
}
