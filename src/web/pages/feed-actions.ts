// The changes the feeds page makes: add a feed (after a test fetch, if asked), remove one, turn
// one on or off, import an OPML file. Each edit reads the feeds file as it is now, changes it
// through the yaml Document API (comments and layout kept), validates it as a load would and
// replaces it atomically; a running daemon picks the new file up before its next cycle.
import type { Context } from 'hono';
import { addFeedsToText, readFeedsFileText, removeFeedFromText, writeFeedsFile, type NewFeedEntry } from '../../config/feeds-file-edit.ts';
import { setFeedEnabledInText } from '../../config/feeds-file-toggle.ts';
import { DEFAULT_INTERVAL_MINUTES, feedIdFromUrl } from '../../config/feeds-file.ts';
import { feedsFromOpml } from '../../config/opml.ts';
import { ConfigError } from '../../errors.ts';
import type { FeedSettings } from '../../types.ts';
import { csrfField, feedText, html, plural } from '../render/html.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { testFetch, testFetchLimits } from './feed-test-fetch.ts';
import { EMPTY_FEED_FORM, renderFeedsPage, type NewFeedForm } from './feeds-page.ts';

function formFrom(body: Record<string, unknown>): NewFeedForm {
  const get = (k: keyof NewFeedForm) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 2000) : '');
  return { ...EMPTY_FEED_FORM, ...Object.fromEntries((Object.keys(EMPTY_FEED_FORM) as Array<keyof NewFeedForm>).map((k) => [k, get(k)])), kind: get('kind') === 'html' ? 'html' : 'rss' };
}

/** The form as a feeds-file entry and as the settings a fetch takes, or what is wrong with it. */
export function feedFromForm(form: NewFeedForm): { entry: NewFeedEntry; settings: FeedSettings } | { problems: string[] } {
  const problems: string[] = [];
  if (!/^https?:\/\//i.test(form.url) || !URL.canParse(form.url)) problems.push(`"${form.url}" is not an http:// or https:// address`);
  const interval = form.interval === '' ? undefined : Number(form.interval);
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 0)) problems.push('"Every (minutes)" takes a whole number of minutes, e.g. 30');
  if (form.language && !/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(form.language)) problems.push(`"${form.language}" is not a language code such as ar, fr, en or ru`);
  if (form.kind === 'html' && (!form.item || !form.itemTitle || !form.itemLink)) problems.push('an HTML page needs the Item, Title and Link selectors');
  if (problems.length) return { problems };
  const selectors =
    form.kind === 'html'
      ? { item: form.item, title: form.itemTitle, link: form.itemLink, ...(form.itemDate ? { date: form.itemDate } : {}), ...(form.itemSummary ? { summary: form.itemSummary } : {}) }
      : undefined;
  const entry: NewFeedEntry = {
    url: form.url,
    ...(form.title ? { title: form.title } : {}),
    ...(form.language ? { language: form.language } : {}),
    ...(form.kind === 'html' ? { kind: 'html' as const, selectors } : {}),
    ...(interval !== undefined ? { interval } : {}),
  };
  const settings: FeedSettings = {
    id: feedIdFromUrl(form.url),
    url: form.url,
    title: form.title || undefined,
    language: form.language || undefined,
    kind: form.kind,
    selectors,
    intervalMinutes: interval ?? DEFAULT_INTERVAL_MINUTES,
    enabled: true,
    fetchArticles: false,
  };
  return { entry, settings };
}

function flashAndBack(c: Context<WebEnv>, message: string, anchor = '') {
  c.get('session').flash = message;
  return c.redirect(`/feeds${anchor}`, 303);
}

function problemsOf(err: unknown): string[] {
  if (err instanceof ConfigError) return err.problems;
  throw err;
}

export function registerFeedActions(app: WebApp, deps: WebDeps): void {
  const file = () => deps.config.current().paths.feeds;

  app.post('/feeds/add', async (c) => {
    const body = await c.req.parseBody();
    const form = formFrom(body);
    const feed = feedFromForm(form);
    if ('problems' in feed) return renderFeedsPage(c, deps, { form, problems: feed.problems });
    if (body.action === 'test') {
      const test = await testFetch(feed.settings, testFetchLimits(deps.config.current().fetchLimits), deps.now);
      return renderFeedsPage(c, deps, { form, test });
    }
    return deps.exclusive(async () => {
      const result = addFeedsToText(readFeedsFileText(file()), [feed.entry]);
      if (result.added.length === 0) return renderFeedsPage(c, deps, { form, problems: [`not added: ${result.skipped[0]?.reason ?? 'unknown reason'}`] });
      try {
        writeFeedsFile(file(), result.text);
      } catch (err) {
        return renderFeedsPage(c, deps, { form, problems: problemsOf(err) });
      }
      deps.logger.info({ feed: result.added[0]!.id, user: c.get('user') }, 'feed added from the web UI');
      return flashAndBack(c, `Added ${result.added[0]!.id}. It is fetched in the next cycle.`, `#feed-${result.added[0]!.id}`);
    });
  });

  app.post('/feeds/:id/remove', (c) =>
    deps.exclusive(async () => {
      const id = c.req.param('id');
      const result = removeFeedFromText(readFeedsFileText(file()), id);
      if (!result.removed) return flashAndBack(c, `There is no feed ${id} in the feeds file (any more).`);
      writeFeedsFile(file(), result.text);
      deps.logger.info({ feed: id, user: c.get('user') }, 'feed removed from the web UI');
      return flashAndBack(c, `Removed ${result.removed.id} from the feeds file; its stored articles and hits stay.`);
    }),
  );

  app.post('/feeds/:id/enabled', async (c) => {
    const body = await c.req.parseBody();
    const enabled = body.enabled === 'true';
    return deps.exclusive(async () => {
      const id = c.req.param('id');
      const text = setFeedEnabledInText(readFeedsFileText(file()), id, enabled);
      if (text === null) return flashAndBack(c, `There is no feed ${id} in the feeds file (any more).`);
      writeFeedsFile(file(), text);
      return flashAndBack(c, `${id} is ${enabled ? 'enabled: it is fetched in the next cycle' : 'disabled: it is not fetched until you enable it'}.`, `#feed-${id}`);
    });
  });

  app.post('/feeds/import-opml', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
    let entries: NewFeedEntry[];
    if (body.action === 'import') {
      const titles = list(body.title);
      const languages = list(body.language);
      entries = list(body.url).map((url, i) => ({ url, ...(titles[i] ? { title: titles[i] } : {}), ...(languages[i] ? { language: languages[i] } : {}) }));
    } else {
      const upload = body.file;
      if (!(upload instanceof File)) return renderFeedsPage(c, deps, { problems: ['choose an OPML file to import'] });
      try {
        entries = feedsFromOpml(Buffer.from(await upload.arrayBuffer()));
      } catch (err) {
        return renderFeedsPage(c, deps, { problems: [`cannot import ${upload.name}: ${(err as Error).message}`] });
      }
    }
    return deps.exclusive(async () => {
      const result = addFeedsToText(readFeedsFileText(file()), entries);
      if (body.action === 'import') {
        if (result.added.length) writeFeedsFile(file(), result.text);
        return flashAndBack(c, `Imported ${plural(result.added.length, 'feed')}; ${result.skipped.length} skipped.`);
      }
      const keep = new Set(result.added.map((a) => a.url));
      const adding = entries.filter((e) => keep.has(e.url));
      const before = html`<section class="panel" aria-labelledby="opml-preview"><h2 id="opml-preview">The OPML file adds ${plural(adding.length, 'feed')}</h2>
        <ul>${adding.map((e) => html`<li><bdi>${feedText(e.title, e.url)}</bdi> <small dir="ltr">${e.url}</small>${e.language ? html` · ${e.language}` : ''}</li>`)}</ul>
        ${result.skipped.length ? html`<p>Skipped:</p><ul>${result.skipped.map((s) => html`<li><span dir="ltr">${s.url}</span>: ${s.reason}</li>`)}</ul>` : ''}
        ${adding.length
          ? html`<form method="post" action="/feeds/import-opml">${csrfField(c.get('session').csrf)}<input type="hidden" name="action" value="import">
            ${adding.map((e) => html`<input type="hidden" name="url" value="${e.url}"><input type="hidden" name="title" value="${e.title ?? ''}"><input type="hidden" name="language" value="${e.language ?? ''}">`)}
            <button type="submit">Add these ${plural(adding.length, 'feed')}</button></form>`
          : ''}</section>`;
      return renderFeedsPage(c, deps, { before });
    });
  });
}
