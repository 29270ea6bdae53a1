// Watchlist entries in words, for `rasid watchlist list` and `show`.
import type { Alias, RuleExpr, ScopedTerms, TermRef, Watchlist, WatchlistEntry } from './watchlist-types.ts';

export function describeTerm(t: TermRef): string {
  if (t.kind === 'term') return `"${t.text}"${t.lang ? ` [${t.lang}]` : ''}`;
  return t.kind === 'entry' ? `entry ${t.id}` : `set ${t.name}`;
}

export function describeRule(r: RuleExpr): string {
  if (r.kind === 'term' || r.kind === 'entry' || r.kind === 'set') return describeTerm(r);
  const inner = r.of.map(describeRule).join(', ');
  return r.kind === 'near' ? `near(${inner}; ${typeof r.within === 'number' ? `within ${r.within} words` : `same ${r.within}`})` : `${r.kind}(${inner})`;
}

/** Aliases grouped by language: `en: Haftar, Hifter; ar: حفتر`. */
export function describeAliases(aliases: Alias[]): string {
  const groups = new Map<string, string[]>();
  for (const a of aliases) {
    const key = a.lang ?? '*';
    groups.set(key, [...(groups.get(key) ?? []), a.text]);
  }
  return [...groups].map(([lang, list]) => `${lang}: ${list.join(', ')}`).join('; ');
}

function describeScope(s: ScopedTerms): string {
  const within = s.within === 'article' ? 'anywhere in the article' : typeof s.within === 'number' ? `within ${s.within} words` : `in the same ${s.within}`;
  return `${within}: ${s.terms.map(describeTerm).join(', ')}`;
}

export function entryKind(e: WatchlistEntry): string {
  return e.rule ? (e.aliases.length || e.ambiguous.length ? 'entity+rule' : 'topic') : 'entity';
}

export function describeEntry(e: WatchlistEntry, w: Watchlist): string[] {
  const lines = [`${e.id} — ${e.name}`, `  file:      ${w.file}${e.line === null ? '' : `:${e.line}`}`, `  priority:  ${e.priority}`];
  if (e.aliases.length) lines.push(`  aliases:   ${describeAliases(e.aliases)}`);
  if (e.ambiguous.length) lines.push(`  ambiguous: ${describeAliases(e.ambiguous)} (count only with context)`);
  if (e.context) lines.push(`  context:   ${describeScope(e.context)}`);
  if (e.exclude) lines.push(`  exclude:   ${describeScope(e.exclude)}`);
  if (e.rule) lines.push(`  rule:      ${describeRule(e.rule)}`);
  return lines;
}
