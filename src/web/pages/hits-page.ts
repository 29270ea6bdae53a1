// GET /hits: what was found, newest first, with every filter an analyst reaches for, paged by hit
// id so the thousandth page costs what the first does.
import type { Context } from 'hono';
import { listHitPage } from '../../store/hit-list.ts';
import { articleCard, groupByArticle } from '../render/hit-card.ts';
import { html, problemList } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { entrySelect, feedSelect, languageSelect } from './filter-choices.ts';
import { hitFilter, hitQueryString, readHitQuery, type HitQuery } from './hit-filter.ts';
import { statusBanners } from './status-banners.ts';

function filterForm(c: Context<WebEnv>, deps: WebDeps, q: HitQuery) {
  const config = deps.config.current();
  const state = (value: string, label: string) =>
    html`<label class="inline"><input type="radio" name="state" value="${value}"${q.state === value ? html` checked` : ''}> ${label}</label>`;
  const active = Object.values(q).some(Boolean);
  return html`<form class="search-form" method="get" action="/hits">
<details class="filters-box"${active ? html` open` : ''}><summary>Filter${active ? ' (some set)' : ''}: entry, feed, language, dates, delivery</summary>
<div class="filters">
  <div><label for="f-entry">Entry</label>${entrySelect(config, q.entry)}</div>
  <div><label for="f-feed">Feed</label>${feedSelect(config, q.feed)}</div>
  <div><label for="f-language">Language</label>${languageSelect(config, q.language)}</div>
  <div><label for="f-from">Found from</label><input id="f-from" type="date" name="from" value="${q.from}"></div>
  <div><label for="f-to">to</label><input id="f-to" type="date" name="to" value="${q.to}"></div>
  <fieldset><legend>Delivery</legend>${state('', 'all')}${state('pending', 'pending')}${state('delivered', 'delivered')}</fieldset>
  <div class="actions"><button type="submit">Show</button> <a href="/hits">clear</a></div>
</div>
</details>
<p class="muted">Newest first. Times in ${c.get('timeZone')}.</p>
</form>`;
}

export function registerHitsPage(app: WebApp, deps: WebDeps): void {
  app.get('/', (c) => c.redirect('/hits', 303));
  app.get('/hits', async (c) => {
    const config = deps.config.current();
    const q = readHitQuery((n) => c.req.query(n));
    const zone = c.get('timeZone');
    const { filter, problems } = hitFilter(q, { before: c.req.query('before'), after: c.req.query('after') }, config, zone);
    const result = problems.length ? { hits: [], older: null, newer: null } : await listHitPage(deps.store, filter);
    const pager = html`<nav class="pager" aria-label="Pages">
      ${result.newer !== null ? html`<a rel="prev" href="/hits${hitQueryString(q, { after: result.newer })}">← Newer</a>` : html`<span></span>`}
      ${result.older !== null ? html`<a rel="next" href="/hits${hitQueryString(q, { before: result.older })}">Older →</a>` : ''}
    </nav>`;
    const body = html`${filterForm(c, deps, q)}
      ${problemList('The filter has a mistake', problems)}
      ${result.hits.length === 0 && problems.length === 0 ? html`<p class="empty">No hits match these filters.</p>` : ''}
      <div class="hits">${groupByArticle(result.hits).map((g) => articleCard(g, config.catalog, zone))}</div>
      ${pager}`;
    return c.html(page(c, { title: 'Hits', section: 'hits', body, banners: await statusBanners(deps) }));
  });
}
