// The rule semantics (watchlists/README.md): which phrase occurrences count for which entry once
// exclusions, contexts, sets and compound rules are applied. Only entries that an occurrence can
// make match are evaluated, in dependency order, so the cost follows the hits, not the watchlist.
import { costInEdits, strongCost, strongLength } from '../normalize/fuzzy-cost.ts';
import type { Nearness } from '../watchlist/watchlist-types.ts';
import type { CompiledAlias, CompiledDescription, CompiledEntry, CompiledRule, CompiledScope, CompiledWatchlists, Operand } from './compile-watchlists.ts';
import { storyNumbers } from '../normalize/story-breaks.ts';
import type { Field, Occurrence, Span } from './find-phrases.ts';


/** A failed operand's reason, said once: nested failures already say "missing …" or "vetoed by …". */
function missingPart(why: string): string {
  return /^(missing |vetoed by |none of |no )/.test(why) ? why : `missing ${why}`;
}

export interface CountedSpan extends Span {
  /** Why this span counts, in words. */
  why: string;
}

export interface EntryOutcome {
  entry: number;
  matched: boolean;
  spans: CountedSpan[];
  /** Mentions that did not count, and why (an exclusion, no context, a rule that failed). */
  rejected: Array<{ span: Span | null; why: string }>;
}

/** A mention that did not count, kept with what its reason needs: the words are written only for a hit or an explanation. */
interface Rejection {
  occ: Occurrence;
  alias: CompiledAlias;
  ambiguous: boolean;
  /** Why the mention needed context beyond its alias kind: a near spelling or a generated variant. */
  weakWhy: string | null;
  /** The exclusion that cancelled it, or null when an ambiguous alias found no context. */
  excludedBy: { op: Operand; span: Span; distance: number } | null;
}

interface RuleOutcome {
  ok: boolean;
  spans: Span[];
  why: string;
}

/** Words strictly between two spans; 0 when they touch or overlap. */
export function wordsBetween(a: Span, b: Span): number {
  return Math.max(0, b.pos - a.end - 1, a.pos - b.end - 1);
}

function overlaps(a: Span, b: Span): boolean {
  return a.pos <= b.end && b.pos <= a.end;
}

/**
 * One article's evaluation state. Its helpers are methods rather than closures inside
 * evaluateEntries: the TypeScript loader names every closure it creates (a defineProperty per
 * closure per article), which cost about a fifth of matching time at 10,000 entries.
 */
class Evaluation {
  readonly outcomes = new Map<number, EntryOutcome>();
  readonly setSpans = new Map<number, Span[]>();
  /** Per field, its live-blog entry numbers (see story-breaks.ts); null when it has none; computed when first asked. */
  readonly stories: Array<Int32Array | null | undefined> = [];

  constructor(
    readonly compiled: CompiledWatchlists,
    readonly fields: Field[],
    readonly found: Map<number, Occurrence[]>,
    readonly explain: boolean,
    readonly near: Map<number, Occurrence[]>,
    /** 1 at the phrases that occur (in `found` or `near`). */
    readonly occurs: Uint8Array,
  ) {}

  surface(s: Span): string {
    const field = this.fields[s.field]!;
    const first = s.pos - field.base;
    const last = s.end - field.base;
    return field.text.slice(field.tokens.starts[first], field.tokens.ends[last]);
  }

  fieldName(s: Span): string {
    return this.fields[s.field]!.name;
  }

  spansOf(op: Operand): Span[] {
    if (op.kind === 'phrase') return this.found.get(op.phrase) ?? [];
    if (op.kind === 'entry') return this.outcomes.get(op.entry)?.spans ?? [];
    let spans = this.setSpans.get(op.set);
    if (!spans) {
      const set = this.compiled.sets[op.set]!;
      spans = set.phrases.flatMap((p) => this.found.get(p) ?? []).filter((s) => !set.exclude || !this.scopeHit(s, set.exclude, true));
      this.setSpans.set(op.set, spans);
    }
    return spans;
  }

  describe(op: Operand): string {
    const { phrases, entries, sets } = this.compiled;
    return op.kind === 'phrase' ? `"${phrases[op.phrase]!.text}"` : op.kind === 'entry' ? `entry ${entries[op.entry]!.id}` : `set ${sets[op.set]!.name}`;
  }

  /** An operand and the words it matched, without repeating a phrase written as found. */
  describeAt(op: Operand, s: Span): string {
    const seen = this.surface(s);
    return op.kind === 'phrase' && this.compiled.phrases[op.phrase]!.text === seen ? `"${seen}"` : `${this.describe(op)} ("${seen}")`;
  }

  /**
   * The nearest occurrence of a scope's operands to `s`, within the scope's distance. An exclusion
   * may overlap the mention it cancels ("Narendra Modi" over "Modi"); a context may not, since a
   * term cannot vouch for itself.
   */
  scopeHit(s: Span, scope: CompiledScope, mayOverlap: boolean): { op: Operand; span: Span; distance: number } | null {
    let best: { op: Operand; span: Span; distance: number } | null = null;
    for (const op of scope.operands)
      for (const t of this.spansOf(op)) {
        // A term is not its own context or exclusion; a near spelling is cancelled by the word it really is.
        if (t.pos === s.pos && t.end === s.end && t.field === s.field && op.kind === 'phrase' && !((s as Occurrence).cost > 0 && (s as Occurrence).phrase !== op.phrase)) continue;
        if (!mayOverlap && overlaps(s, t)) continue;
        // An exclusion inside a longer mention does not cancel it: "Zein" (another person) does
        // not cancel "Lamine Zein", the prime minister's name misspelt.
        if (mayOverlap && t.field === s.field && t.pos >= s.pos && t.end <= s.end && t.end - t.pos < s.end - s.pos) continue;
        const distance = t.field === s.field ? wordsBetween(s, t) : Infinity;
        if (scope.within !== 'article' && !this.isClose(s, t, distance, scope.within)) continue;
        if (!best || distance < best.distance) best = { op, span: t, distance };
      }
    return best;
  }

  /** Sentence or paragraph numbers of the first and last word of a span. */
  unitRange(s: Span, unit: 'sentence' | 'paragraph'): [number, number] {
    const f = this.fields[s.field]!;
    const ids = unit === 'sentence' ? f.tokens.sentences : f.tokens.paragraphs;
    return [ids[s.pos - f.base]!, ids[s.end - f.base]!];
  }

  /** Whether two spans of one field sit in different entries of a live blog or roundup. */
  apartInStories(a: Span, b: Span): boolean {
    let stories = this.stories[a.field];
    if (stories === undefined) {
      const f = this.fields[a.field]!;
      stories = this.stories[a.field] = storyNumbers(f.text, f.tokens.starts);
    }
    if (stories === null) return false;
    const base = this.fields[a.field]!.base;
    return stories[a.pos - base] !== stories[b.pos - base];
  }

  isClose(a: Span, b: Span, distance: number, within: Nearness): boolean {
    if (a.field !== b.field || this.apartInStories(a, b)) return false;
    if (typeof within === 'number') return distance <= within;
    const [a0, a1] = this.unitRange(a, within);
    const [b0, b1] = this.unitRange(b, within);
    return a0 <= b1 && b0 <= a1;
  }

  evalRule(r: CompiledRule): RuleOutcome {
    if (r.kind === 'phrase' || r.kind === 'entry' || r.kind === 'set') {
      const spans = this.spansOf(r);
      const shown = spans.length ? `: "${this.surface(spans[0]!)}"` : '';
      return { ok: spans.length > 0, spans, why: `${this.describe(r)}${shown}` };
    }
    const parts = r.of.map((x) => this.evalRule(x));
    if (r.kind === 'any') {
      const ok = parts.filter((p) => p.ok);
      // The first alternative that holds is reason enough; listing them all makes `why` unreadable.
      return { ok: ok.length > 0, spans: ok.flatMap((p) => p.spans), why: ok.length ? ok[0]!.why : 'none of its alternatives' };
    }
    if (r.kind === 'all') {
      const failed = parts.find((p) => !p.ok);
      return { ok: !failed, spans: failed ? [] : parts.flatMap((p) => p.spans), why: failed ? missingPart(failed.why) : parts.map((p) => p.why).join(' and ') };
    }
    if (r.kind === 'none') {
      const present = parts.find((p) => p.ok);
      return { ok: !present, spans: [], why: present ? `vetoed by ${present.why}` : 'no excluded term present' };
    }
    // near: an occurrence of the first operand with every other operand close to it.
    const within: Nearness = r.kind === 'near' ? r.within : 0;
    if (parts.some((p) => !p.ok)) return { ok: false, spans: [], why: missingPart(parts.find((p) => !p.ok)!.why) };
    for (const anchor of parts[0]!.spans) {
      const picked: Span[] = [anchor];
      let farthest = 0;
      for (const other of parts.slice(1)) {
        let best: Span | null = null;
        let bestDistance = Infinity;
        for (const s of other.spans) {
          if (s.field !== anchor.field) continue;
          const d = wordsBetween(anchor, s);
          if (d < bestDistance && this.isClose(anchor, s, d, within) && (r.kind !== 'near' || !r.sentence || this.isClose(anchor, s, d, 'sentence'))) {
            best = s;
            bestDistance = d;
          }
        }
        if (!best) break;
        picked.push(best);
        farthest = Math.max(farthest, bestDistance);
      }
      if (picked.length === parts.length)
        return { ok: true, spans: picked, why: `${picked.map((s) => `"${this.surface(s)}"`).join(' near ')} (${away(farthest)}, ${limit(within)})` };
    }
    return { ok: false, spans: [], why: typeof within === 'number' ? `no mentions within ${within} word${within === 1 ? '' : 's'} of each other` : `no mentions in the same ${within}` };
  }

  label(alias: CompiledAlias, ambiguous: boolean, occ: Occurrence): string {
    const kind = alias.weak && alias.variant === null ? 'partial name' : ambiguous ? 'ambiguous alias' : 'alias';
    const base = `${kind} "${alias.text}"${alias.lang ? ` [${alias.lang}]` : ''} in ${this.fieldName(occ)}: "${this.surface(occ)}"`;
    if (alias.variant === null && occ.cost === 0) return base;
    const phrase = this.compiled.phrases[alias.phrase]!;
    const variant = alias.variant === null ? '' : `, ${alias.variant} spelling "${phrase.forms.map((f) => f[0]).join(' ')}"`;
    const fuzzy = occ.cost > 0 ? `, fuzzy: "${this.surface(occ)}" ~ "${alias.variant === null ? phrase.text : phrase.forms.map((f) => f[0]).join(' ')}" (distance ${costInEdits(occ.cost)})` : '';
    return base + variant + fuzzy;
  }

  /**
   * Why a mention of a non-ambiguous alias still needs context, or null when it counts alone: a
   * generated single word or a partial name (the alias is weak), or a near spelling of a single
   * word that is short or more than one edit away.
   */
  weakness(alias: CompiledAlias, occ: Occurrence): string | null {
    if (alias.weak) return alias.variant === null ? 'a partial name' : `a generated ${alias.variant} spelling`;
    if (occ.cost === 0 || occ.fuzzyWords < occ.end - occ.pos + 1) return null;
    const phrase = this.compiled.phrases[alias.phrase]!;
    if (phrase.forms.length === 1) {
      const word = phrase.forms[0]![0]!;
      const arabic = /[\u0600-\u06ff]/.test(word);
      if (occ.cost <= strongCost(arabic) && word.length >= strongLength(arabic)) return null;
    }
    return 'a near spelling of a short name';
  }

  /** The mentions of one alias of `entry`: counted, set aside in `rejections`, or left to `later` (weak, no context). */
  consider(entry: CompiledEntry, out: EntryOutcome, alias: CompiledAlias, ambiguous: boolean, rejections: Rejection[], later: Rejection[]): void {
    const exact = this.found.get(alias.phrase);
    const near = this.near.size === 0 ? undefined : this.near.get(alias.phrase);
    const all = near === undefined ? exact ?? [] : [...(exact ?? []), ...near];
    for (const occ of all) {
      const ex = entry.exclude && this.scopeHit(occ, entry.exclude, true);
      const weakWhy = this.weakness(alias, occ);
      if (ex) {
        rejections.push({ occ, alias, ambiguous, weakWhy, excludedBy: ex });
        continue;
      }
      if (!ambiguous && weakWhy === null) {
        out.spans.push({ field: occ.field, pos: occ.pos, end: occ.end, why: this.label(alias, false, occ) });
        continue;
      }
      const ctx = entry.context && this.scopeHit(occ, entry.context, false);
      if (ctx) out.spans.push({ field: occ.field, pos: occ.pos, end: occ.end, why: `${this.label(alias, ambiguous, occ)}, confirmed by context ${this.describeAt(ctx.op, ctx.span)} (${away(ctx.distance)})` });
      else (ambiguous ? rejections : later).push({ occ, alias, ambiguous, weakWhy, excludedBy: null });
    }
  }

  rejectionWhy(entry: CompiledEntry, r: Rejection): string {
    const label = this.label(r.alias, r.ambiguous, r.occ);
    const ex = r.excludedBy;
    if (ex) return `${label} ignored: excluded by ${this.describeAt(ex.op, ex.span)} (${away(ex.distance)})`;
    const within = entry.context?.within ?? 'article';
    const where = within === 'article' ? 'in the article' : typeof within === 'number' ? `within ${within} words` : `in the same ${within}`;
    return `${label} ignored: ${r.weakWhy && !r.ambiguous ? `${r.weakWhy} needs context, and there is` : ''}${r.weakWhy && !r.ambiguous ? ' ' : ''}no context term ${where}`;
  }

  /** A description (`describedAs`) that holds at a place no exclusion of the entry cancels. */
  described(entry: CompiledEntry, d: CompiledDescription): { spans: Span[]; why: string } | { spans: null; why: string } {
    const r = this.evalRule(d.rule);
    if (!r.ok) return { spans: null, why: `not described: ${r.why}` };
    const scopes = [entry.exclude, d.exclude].filter((x): x is CompiledScope => x !== null);
    const ex = r.spans.flatMap((s) => scopes.map((sc) => this.scopeHit(s, sc, true))).find((x) => x !== null);
    if (ex) return { spans: null, why: `description ${r.why} ignored: excluded by ${this.describeAt(ex.op, ex.span)} (${away(ex.distance)})` };
    return { spans: r.spans, why: `described as: ${r.why}` };
  }

  evaluate(i: number): EntryOutcome {
    const entry = this.compiled.entries[i]!;
    const out: EntryOutcome = { entry: i, matched: false, spans: [], rejected: [] };
    const rejections: Rejection[] = [];
    const later: Rejection[] = [];
    // Only the aliases that occur are considered; `occurs` marks the phrases found in this article.
    const occurs = this.occurs;
    const phrases = entry.aliasPhrases;
    const nAliases = entry.aliases.length;
    const nAmbiguous = entry.ambiguous.length;
    for (let k = 0; k < phrases.length; k++) {
      if (occurs[phrases[k]!] === 0) continue;
      if (k < nAliases) this.consider(entry, out, entry.aliases[k]!, false, rejections, later);
      else if (k < nAliases + nAmbiguous) this.consider(entry, out, entry.ambiguous[k - nAliases]!, true, rejections, later);
      else this.consider(entry, out, entry.partial[k - nAliases - nAmbiguous]!, false, rejections, later);
    }
    // A weak mention without context still counts beside a mention that counted on its own.
    const strong = out.spans.length > 0;
    for (const r of later) {
      if (strong) out.spans.push({ field: r.occ.field, pos: r.occ.pos, end: r.occ.end, why: `${this.label(r.alias, false, r.occ)}, beside a counted mention of ${entry.id}` });
      else rejections.push(r);
    }
    const failed: string[] = [];
    // A description is looked for only when no mention named the entry: the name is the better evidence.
    for (const d of out.spans.length > 0 ? [] : entry.descriptions) {
      const r = this.described(entry, d);
      if (r.spans === null) {
        failed.push(r.why);
        continue;
      }
      const first = r.spans[0]!;
      out.spans.push({ field: first.field, pos: first.pos, end: first.end, why: r.why });
      for (const s of r.spans.slice(1)) out.spans.push({ field: s.field, pos: s.pos, end: s.end, why: '' });
      break;
    }
    if (entry.rule) {
      const r = this.evalRule(entry.rule);
      if (r.ok) {
        const first = r.spans[0];
        if (first) out.spans.push({ field: first.field, pos: first.pos, end: first.end, why: `rule: ${r.why}` });
        for (const s of r.spans.slice(1)) out.spans.push({ field: s.field, pos: s.pos, end: s.end, why: '' });
      } else failed.push(`rule not met: ${r.why}`);
    }
    out.matched = out.spans.length > 0;
    // Ambiguous mentions without context are common (about as many as hits at 10,000 entries);
    // their reasons are written only where someone reads them.
    if (out.matched || this.explain) {
      for (const r of rejections) out.rejected.push({ span: r.occ, why: this.rejectionWhy(entry, r) });
      for (const why of failed) out.rejected.push({ span: null, why });
    }
    return out;
  }
}

function limit(within: Nearness): string {
  return typeof within === 'number' ? `limit ${within}` : `same ${within}`;
}

function away(d: number): string {
  return d === Infinity ? 'in the other field' : d === 0 ? 'next to it' : `${d} word${d === 1 ? '' : 's'} away`;
}

/**
 * The outcome of every entry the found phrases can make match. With `explain` false, an entry
 * that does not match comes back without its rejected mentions (matching needs only the hits).
 */
export function evaluateEntries(
  compiled: CompiledWatchlists,
  fields: Field[],
  found: Map<number, Occurrence[]>,
  explain = true,
  near: Map<number, Occurrence[]> = new Map(),
): EntryOutcome[] {
  if (OCCURS.length < compiled.phrases.length) OCCURS = new Uint8Array(compiled.phrases.length + 1024);
  const occurs = OCCURS;
  for (const p of found.keys()) occurs[p] = 1;
  for (const p of near.keys()) occurs[p] = 1;
  try {
    return evaluateQueue(compiled, new Evaluation(compiled, fields, found, explain, near, occurs), found, near);
  } finally {
    for (const p of found.keys()) occurs[p] = 0;
    for (const p of near.keys()) occurs[p] = 0;
  }
}

/** Scratch for evaluateEntries: which phrases occur in the article being evaluated (matching is synchronous). */
let OCCURS = new Uint8Array(0);

function evaluateQueue(compiled: CompiledWatchlists, evaluation: Evaluation, found: Map<number, Occurrence[]>, near: Map<number, Occurrence[]>): EntryOutcome[] {
  const { entries, triggerStart, triggerEntries } = compiled;
  // Candidates: entries an occurring phrase can trigger, then entries whose rule names a matched one.
  const pending = new Set<number>();
  for (const p of found.keys()) for (let k = triggerStart[p]!, end = triggerStart[p + 1]!; k < end; k++) pending.add(triggerEntries[k]!);
  for (const p of near.keys()) for (let k = triggerStart[p]!, end = triggerStart[p + 1]!; k < end; k++) pending.add(triggerEntries[k]!);
  const queue = [...pending].sort((a, b) => a - b);
  const results: EntryOutcome[] = [];
  for (let k = 0; k < queue.length; k++) {
    const i = queue[k]!;
    const outcome = evaluation.evaluate(i);
    evaluation.outcomes.set(i, outcome);
    results.push(outcome);
    if (!outcome.matched) continue;
    let added = false;
    for (const d of entries[i]!.dependents)
      if (!pending.has(d)) {
        pending.add(d);
        queue.push(d);
        added = true;
      }
    // Dependents come later in dependency order; keep the rest of the queue in that order.
    if (added) {
      const rest = queue.splice(k + 1).sort((a, b) => a - b);
      queue.push(...rest);
    }
  }
  return results;
}
