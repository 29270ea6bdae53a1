// What the watchlist editor shows about an edit: the lines it changes in the file, what it
// matches in a test text (and why not), and what it would gain and lose on the archive.
import type { EntryCatalog } from '../../digest/digest-types.ts';
import type { Explanation } from '../../match/match-article.ts';
import type { DiffLine, DraftBacktest } from '../pages/watchlist-draft.ts';
import { dirOf, feedText, html, markedSnippet, plural, type Html } from './html.ts';

export function diffBlock(title: string, lines: DiffLine[]): Html {
  if (lines.length === 0) return html`<section class="panel"><h2>${title}</h2><p class="muted">No change.</p></section>`;
  const sign = { add: '+', del: '−', same: ' ', skip: '' } as const;
  return html`<section class="panel"><h2>${title}</h2><pre class="diff" dir="ltr">${lines.map(
    (l) => html`<span class="${l.kind}">${l.kind === 'skip' ? '     …' : `${String(l.line).padStart(4)} ${sign[l.kind]} ${l.text}`}</span>`,
  )}</pre></section>`;
}

export function testResults(result: Explanation, catalog: EntryCatalog): Html {
  const label = (id: string) => catalog.get(id)?.label ?? id;
  return html`<section class="panel" aria-labelledby="test-results"><h2 id="test-results">Test on the text: ${plural(result.hits.length, 'hit')}</h2>
  ${result.hits.length === 0 ? html`<p class="muted">No entry matches this text.</p>` : ''}
  ${result.hits.map(
    (h) => html`<article class="hit priority-${h.priority}"><p class="meta"><strong class="entry"><bdi>${label(h.entry)}</bdi></strong> <code>${h.entry}</code> <span class="badge ${h.priority}">${h.priority}</span>
      matched ${h.terms.map((t, i) => html`${i ? ', ' : ''}<mark>${feedText(t)}</mark>`)}</p>
      <p class="snippet" dir="${dirOf(h.snippet)}">${markedSnippet(h.snippet, h.terms)}</p>
      <ul>${h.why.map((w) => html`<li dir="${dirOf(w)}">${feedText(w)}</li>`)}</ul></article>`,
  )}
  ${result.misses.length
    ? html`<h3>Near misses</h3><ul>${result.misses.map((m) => html`<li><strong><bdi>${label(m.entry)}</bdi></strong> <code>${m.entry}</code>: ${m.why.map((w, i) => html`${i ? '; ' : ''}${feedText(w)}`)}</li>`)}</ul>`
    : ''}
</section>`;
}

export function backtestResults(report: DraftBacktest, catalog: EntryCatalog): Html {
  const changed = report.entries.filter((e) => e.gained || e.lost);
  return html`<section class="panel" aria-labelledby="backtest-results"><h2 id="backtest-results">Backtest on the ${plural(report.articles, 'newest article')}</h2>
  <p class="muted">Re-matched in ${(report.ms / 1000).toFixed(1)} s and compared with the hits stored for them. Nothing is changed until you save.
    ${changed.length === 0 ? html`<strong>No change</strong>: every stored hit is found again and nothing new.` : ''}</p>
  <div class="table-wrap"><table><thead><tr><th scope="col">Entry</th><th scope="col">Kept</th><th scope="col">Gained</th><th scope="col">Lost</th></tr></thead>
  <tbody>${report.entries.map((e) => html`<tr${e.gained || e.lost ? html` class="changed"` : ''}><td><bdi>${catalog.get(e.entry)?.label ?? e.entry}</bdi> <code>${e.entry}</code></td><td class="num">${e.kept}</td><td class="num">${e.gained ? `+${e.gained}` : 0}</td><td class="num">${e.lost ? `−${e.lost}` : 0}</td></tr>`)}</tbody></table></div>
  ${changed.map(
    (e) => html`<h3><bdi>${catalog.get(e.entry)?.label ?? e.entry}</bdi></h3><ul class="examples">
      ${e.gainedExamples.map((g) => html`<li class="gain">+ ${feedText(g.title, `article ${g.id}`)} <small>(${g.terms.map((t, i) => html`${i ? ', ' : ''}<mark>${feedText(t)}</mark>`)})</small></li>`)}
      ${e.lostExamples.map((l) => html`<li class="loss">− ${feedText(l.title, `article ${l.id}`)}</li>`)}
    </ul>`,
  )}
</section>`;
}
