// Hits as the list shows them: one card per article (an article that matched three entries is one
// story, not three), with its title and link, source and "also in", the time in the viewer's zone,
// and per hit the entry and priority, the snippet with the matched words marked, why it matched and
// whom it reached. Every string that came from a feed goes through feedText / markedSnippet.
import type { EntryCatalog } from '../../digest/digest-types.ts';
import type { ListedHit } from '../../store/hit-queries.ts';
import { PRIORITIES } from '../../types.ts';
import { dirOf, feedText, html, markedSnippet, outLink, timeTag, type Html } from './html.ts';

/** Consecutive hits of the same article, in list order. */
export function groupByArticle(hits: ListedHit[]): ListedHit[][] {
  const groups: ListedHit[][] = [];
  for (const h of hits) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.article.id === h.article.id) last.push(h);
    else groups.push([h]);
  }
  return groups;
}

function hitPart(hit: ListedHit, catalog: EntryCatalog, timeZone: string): Html {
  const label = catalog.get(hit.entry)?.label ?? hit.entry;
  const delivered = hit.deliveredTo.length
    ? html`sent to ${hit.deliveredTo.map((d, i) => html`${i ? ', ' : ''}${d.recipient} (${timeTag(d.at, timeZone)})`)}`
    : html`<strong>pending</strong>: not delivered yet`;
  return html`<section class="hit-entry" id="hit-${hit.hitId}">
    <p class="meta"><a class="entry" href="/hits?entry=${encodeURIComponent(hit.entry)}"><bdi>${label}</bdi></a>
      <span class="badge ${hit.priority}">${hit.priority}</span></p>
    <p class="snippet" dir="${dirOf(hit.snippet, hit.article.language)}">${markedSnippet(hit.snippet, hit.terms)}</p>
    <details class="why"><summary>Why it matched</summary>
      <ul>${hit.why.map((w) => html`<li dir="${dirOf(w)}">${feedText(w)}</li>`)}</ul>
      <p>Matched: ${hit.terms.map((t, i) => html`${i ? ', ' : ''}<mark>${feedText(t)}</mark>`)} · found ${timeTag(hit.createdAt, timeZone)}</p>
    </details>
    <p class="delivery">${delivered}</p>
  </section>`;
}

export function articleCard(hits: ListedHit[], catalog: EntryCatalog, timeZone: string): Html {
  const first = hits[0]!;
  const a = first.article;
  const top = hits.reduce((p, h) => (PRIORITIES.indexOf(h.priority) > PRIORITIES.indexOf(p) ? h.priority : p), first.priority);
  return html`<article class="hit priority-${top}">
  <h2 class="title" dir="${dirOf(a.title, a.language)}">${outLink(a.url, feedText(a.title, '(no title)'))}</h2>
  <p class="meta">
    <span>${feedText(first.source)}</span>
    <span>${timeTag(a.published ?? first.createdAt, timeZone)}</span>
    ${a.language ? html`<span class="lang">${a.language}</span>` : ''}
  </p>
  ${first.alsoIn.length ? html`<p class="also">also in: ${first.alsoIn.map((s, i) => html`${i ? ', ' : ''}${feedText(s)}`)}</p>` : ''}
  ${hits.map((h) => hitPart(h, catalog, timeZone))}
</article>`;
}
