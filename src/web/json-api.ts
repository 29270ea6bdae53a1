// The JSON API: the same data as the pages (hits, search, entries, feeds), behind the same
// sign-in (a session cookie, or the web password as a Bearer token or with HTTP Basic). Read-only:
// changes go through the pages, where each form carries its CSRF token.
import { hitFeed } from '../pipeline/hit-feed.ts';
import { hitJson, searchResultJson } from '../pipeline/json-shapes.ts';
import { feedHealth } from '../store/feeds-repo.ts';
import { hitById, listHitPage } from '../store/hit-list.ts';
import { countSearchResults, searchArticles } from '../store/search-index.ts';
import { entryKind } from '../watchlist/describe-entry.ts';
import { hitFilter, readHitQuery } from './pages/hit-filter.ts';
import { readSearchForm, searchRequest } from './pages/search-page.ts';
import type { WebApp, WebDeps } from './web-context.ts';

const MAX_LIMIT = 500;


function limitOf(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT ? n : null;
}

export function registerJsonApi(app: WebApp, deps: WebDeps): void {
  app.get('/api/hits', async (c) => {
    const limit = limitOf(c.req.query('limit'), 50);
    if (limit === null) return c.json({ error: `limit must be a whole number from 1 to ${MAX_LIMIT}` }, 400);
    const { filter, problems } = hitFilter(readHitQuery((n) => c.req.query(n)), { before: c.req.query('before'), after: c.req.query('after'), limit }, deps.config.current(), c.get('timeZone'));
    if (problems.length) return c.json({ error: problems.join('; ') }, 400);
    const page = await listHitPage(deps.store, filter);
    return c.json({ hits: page.hits.map(hitJson), older: page.older, newer: page.newer });
  });

  app.get('/api/hits/:id{[0-9]+}', async (c) => {
    const hit = await hitById(deps.store, Number(c.req.param('id')));
    return hit ? c.json(hitJson(hit)) : c.json({ error: 'no hit with this id' }, 404);
  });

  app.get('/api/search', async (c) => {
    const limit = limitOf(c.req.query('limit'), 25);
    if (limit === null) return c.json({ error: `limit must be a whole number from 1 to ${MAX_LIMIT}` }, 400);
    const form = readSearchForm((n) => c.req.query(n));
    const request = searchRequest(form, { before: c.req.query('before'), offset: c.req.query('offset'), limit }, c.get('timeZone'));
    if ('problems' in request) return c.json({ error: request.problems.join('; ') }, 400);
    const [page, count] = await Promise.all([searchArticles(deps.store, request.query, request.filter), countSearchResults(deps.store, request.query, request.filter)]);
    return c.json({
      query: form.q,
      count: count.count,
      capped: count.capped,
      next: page.next,
      results: page.rows.map((r) => searchResultJson(r, request.query)),
    });
  });

  app.get('/api/entries', (c) => {
    const config = deps.config.current();
    return c.json({
      problems: config.watchlistProblems,
      entries: config.watchlists.flatMap((w) => w.entries.map((e) => ({ ...e, kind: entryKind(e), watchlist: w.name, file: w.file }))),
    });
  });

  app.get('/api/feeds', async (c) => {
    const config = deps.config.current();
    return c.json({ generatedAt: deps.now().toISOString(), problems: config.feedProblems, feeds: await feedHealth(deps.store, config.feeds, deps.now()) });
  });

  // Hits as feeds, for feed readers: the same renderers as `rasid export-feed`, behind the same
  // sign-in (a reader sends the password with HTTP Basic). ?entry=ID or ?watchlist=NAME.
  for (const format of ['atom', 'json'] as const) {
    app.get(`/api/hits/feed.${format}`, async (c) => {
      const limit = limitOf(c.req.query('limit'), 100);
      if (limit === null) return c.json({ error: `limit: a whole number from 1 to ${MAX_LIMIT}` }, 400);
      const config = deps.config.current();
      const feed = await hitFeed(
        deps.store,
        config.catalog,
        deps.publicUrl,
        { entry: c.req.query('entry'), watchlist: c.req.query('watchlist'), format, limit, selfUrl: c.req.url },
        deps.now(),
      );
      if (!feed.ok) return c.json({ error: feed.problems.join('; ') }, 400);
      return c.body(feed.text, 200, { 'content-type': feed.contentType });
    });
  }

  app.all('/api/*', (c) =>
    c.req.method === 'GET' ? c.json({ error: 'no such endpoint; see the README, "JSON API"' }, 404) : c.json({ error: 'the API is read-only; use the pages to change things' }, 405),
  );
}
