// GET /search: full-text search over the whole archive, folded and stemmed as matching folds
// words (`حفتر` finds `وحفتر`), newest first or best first, with the same filters as the hits.
import type { Context } from 'hono';
import { searchExcerpt } from '../../match/search-snippet.ts';
import { countSearchResults, searchArticles, type SearchFilter, type SearchRow } from '../../store/search-index.ts';
import { parseSearchQuery, type SearchQuery } from '../../store/search-query.ts';
import { endOfDay, startOfDay } from '../render/dates.ts';
import { dirOf, feedText, html, markedSnippet, outLink, plural, problemList, timeTag, type Html } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { feedSelect, languageSelect } from './filter-choices.ts';
import { statusBanners } from './status-banners.ts';

export const SEARCH_PAGE = 25;

export interface SearchForm {
  q: string;
  feed: string;
  language: string;
  from: string;
  to: string;
  order: 'newest' | 'relevance';
}

export function readSearchForm(q: (name: string) => string | undefined): SearchForm {
  const get = (name: string) => (q(name) ?? '').trim().slice(0, 500);
  return { q: get('q'), feed: get('feed'), language: get('language'), from: get('from'), to: get('to'), order: get('order') === 'relevance' ? 'relevance' : 'newest' };
}

/** The form → a parsed query and a store filter, or the sentences that say what is wrong. */
export function searchRequest(
  form: SearchForm,
  paging: { before?: string; offset?: string; limit: number },
  timeZone: string,
): { query: SearchQuery; filter: SearchFilter } | { problems: string[] } {
  const parsed = parseSearchQuery(form.q);
  const problems = parsed.ok ? [] : [parsed.error];
  const filter: SearchFilter = { limit: paging.limit, order: form.order };
  if (form.feed) filter.feed = form.feed;
  if (form.language) filter.language = form.language;
  if (form.from) {
    const from = startOfDay(form.from, timeZone);
    if (from) filter.from = from;
    else problems.push(`"${form.from}" is not a date: write it as 2026-11-28`);
  }
  if (form.to) {
    const to = endOfDay(form.to, timeZone);
    if (to) filter.to = to;
    else problems.push(`"${form.to}" is not a date: write it as 2026-11-28`);
  }
  if (paging.before && /^\d{1,15}$/.test(paging.before)) filter.before = Number(paging.before);
  if (paging.offset && /^\d{1,6}$/.test(paging.offset)) filter.offset = Number(paging.offset);
  if (!parsed.ok || problems.length) return { problems };
  return { query: parsed.query, filter };
}

function searchForm(c: Context<WebEnv>, deps: WebDeps, f: SearchForm): Html {
  const config = deps.config.current();
  const filtered = Boolean(f.feed || f.language || f.from || f.to || f.order !== 'newest');
  return html`<form class="search-form" role="search" method="get" action="/search">
  <div class="search-row"><label class="visually-hidden" for="q">Words</label><input id="q" type="search" name="q" value="${f.q}" dir="auto"${f.q ? '' : html` autofocus`}
    placeholder='حفتر · Евкуров · "Salifou Mody" · Wagner -opera'><button type="submit">Search</button></div>
  <details class="filters-box"${filtered || !f.q ? html` open` : ''}><summary>Filters${filtered ? ' (some set)' : ''} and how to search</summary>
  <div class="filters">
    <div><label for="f-feed">Feed</label>${feedSelect(config, f.feed)}</div>
    <div><label for="f-language">Language</label>${languageSelect(config, f.language)}</div>
    <div><label for="f-from">Fetched from</label><input id="f-from" type="date" name="from" value="${f.from}"></div>
    <div><label for="f-to">to</label><input id="f-to" type="date" name="to" value="${f.to}"></div>
    <fieldset><legend>Order</legend>
      <label class="inline"><input type="radio" name="order" value="newest"${f.order === 'newest' ? html` checked` : ''}> newest</label>
      <label class="inline"><input type="radio" name="order" value="relevance"${f.order === 'relevance' ? html` checked` : ''}> best match</label>
    </fieldset>
  </div>
  <p class="muted">All words must occur; "quotes" for a phrase, OR between alternatives, -word to leave out, word* for a beginning.
    Spelling is folded as in matching: case, accents, hamza and tashkeel do not matter, and Arabic و ب ل ال and Russian endings are set aside. Times in ${c.get('timeZone')}.</p>
  </details>
</form>`;
}

function resultCard(r: SearchRow, query: SearchQuery, deps: WebDeps, timeZone: string): Html {
  const catalog = deps.config.current().catalog;
  const excerpt = searchExcerpt([r.summary, r.content, r.title], query);
  const titleTerms = searchExcerpt([r.title], query)?.terms ?? [];
  return html`<article class="result">
  <h2 class="title" dir="${dirOf(r.title, r.language)}">${outLink(r.url, titleTerms.length ? markedSnippet(r.title, titleTerms) : feedText(r.title, '(no title)'))}</h2>
  <p class="meta"><span>${feedText(r.source)}</span><span>${timeTag(r.published ?? r.fetchedAt, timeZone)}</span>${r.language ? html`<span class="lang">${r.language}</span>` : ''}</p>
  ${excerpt ? html`<p class="snippet" dir="${dirOf(excerpt.snippet, r.language)}">${markedSnippet(excerpt.snippet, excerpt.terms)}</p>` : ''}
  ${r.entries.length
    ? html`<p class="meta">hits: ${r.entries.map((e) => html`<a class="entry" href="/hits?entry=${encodeURIComponent(e)}"><bdi>${catalog.get(e)?.label ?? e}</bdi></a>`)}</p>`
    : ''}
</article>`;
}

export function registerSearchPage(app: WebApp, deps: WebDeps): void {
  app.get('/search', async (c) => {
    const form = readSearchForm((n) => c.req.query(n));
    const zone = c.get('timeZone');
    let body: Html;
    if (!form.q) body = searchForm(c, deps, form);
    else {
      const request = searchRequest(form, { before: c.req.query('before'), offset: c.req.query('offset'), limit: SEARCH_PAGE }, zone);
      if ('problems' in request) body = html`${searchForm(c, deps, form)}${problemList('The search cannot run', request.problems)}`;
      else {
        const [found, count] = await Promise.all([searchArticles(deps.store, request.query, request.filter), countSearchResults(deps.store, request.query, request.filter)]);
        const params = new URLSearchParams(Object.entries(form).filter(([, v]) => v) as Array<[string, string]>);
        if (found.next !== null) params.set(form.order === 'relevance' ? 'offset' : 'before', String(found.next));
        body = html`${searchForm(c, deps, form)}
          <p class="count" role="status">${count.capped ? `More than ${plural(count.count, 'article')}` : plural(count.count, 'article')} match.</p>
          ${found.rows.map((r) => resultCard(r, request.query, deps, zone))}
          <nav class="pager" aria-label="Pages">${found.next !== null ? html`<span></span><a rel="next" href="/search?${params.toString()}">More results →</a>` : ''}</nav>`;
      }
    }
    return c.html(page(c, { title: form.q ? `Search: ${form.q}` : 'Search', section: 'search', body, banners: await statusBanners(deps) }));
  });
}
