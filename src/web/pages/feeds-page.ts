// GET /feeds: the health table of `rasid feeds status` (failing, silent, moved, the last error in
// words), with enable/disable and remove per feed, the form that adds a feed after a test fetch,
// and OPML import. The changes themselves are in feed-actions.ts.
import type { Context } from 'hono';
import { feedHealth, type FeedHealth } from '../../store/feeds-repo.ts';
import { csrfField, dirOf, feedText, html, options, outLink, plural, problemList, timeTag, type Html } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import type { TestFetchResult } from './feed-test-fetch.ts';
import { statusBanners } from './status-banners.ts';

export interface NewFeedForm {
  url: string;
  title: string;
  language: string;
  kind: 'rss' | 'html';
  interval: string;
  item: string;
  itemTitle: string;
  itemLink: string;
  itemDate: string;
  itemSummary: string;
}

export const EMPTY_FEED_FORM: NewFeedForm = { url: '', title: '', language: '', kind: 'rss', interval: '', item: '', itemTitle: '', itemLink: '', itemDate: '', itemSummary: '' };

const FLAG_LABELS: Record<string, { label: string; css: string }> = {
  failing: { label: 'failing', css: 'failing' },
  'stopped-publishing': { label: 'silent', css: 'silent' },
  'never-fetched': { label: 'never fetched', css: 'never' },
  disabled: { label: 'disabled', css: 'disabled' },
  'not-in-feeds-file': { label: 'removed from the file', css: 'disabled' },
};

function stateBadges(h: FeedHealth): Html {
  const badges = h.flags.map((f) => FLAG_LABELS[f] ?? { label: f, css: '' });
  const moved = h.configuredUrl && h.url !== h.configuredUrl;
  if (moved) badges.push({ label: 'moved', css: 'moved' });
  if (badges.length === 0) badges.push({ label: 'ok', css: 'ok' });
  return html`${badges.map((b) => html`<span class="badge ${b.css}">${b.label}</span> `)}`;
}

function feedRow(c: Context<WebEnv>, h: FeedHealth, configured: boolean, enabled: boolean): Html {
  const zone = c.get('timeZone');
  const csrf = c.get('session').csrf;
  const id = encodeURIComponent(h.feedId);
  const moved = h.configuredUrl && h.url !== h.configuredUrl;
  return html`<tr id="feed-${h.feedId}">
  <td><strong>${feedText(h.title, h.feedId)}</strong><br><code>${h.feedId}</code><br><small dir="ltr">${outLink(h.url, h.url)}</small>
    ${moved ? html`<br><small>moved permanently from <span dir="ltr">${h.configuredUrl}</span>: update the feeds file when convenient</small>` : ''}</td>
  <td data-label="State">${stateBadges(h)}</td>
  <td data-label="Last success">${h.lastSuccessAt ? timeTag(h.lastSuccessAt, zone) : html`<span class="muted">never</span>`}</td>
  <td class="num" data-label="Failures in a row">${h.consecutiveFailures}</td>
  <td class="num" data-label="Items, 7 days">${h.itemsLast7Days}</td>
  <td data-label="Last error">${h.lastError && h.consecutiveFailures > 0 ? html`${feedText(h.lastError)}<br><small class="muted">${timeTag(h.lastErrorAt, zone)}${h.nextFetchAt ? html`, next try ${timeTag(h.nextFetchAt, zone)}` : ''}</small>` : ''}</td>
  <td>${configured
    ? html`<form method="post" action="/feeds/${id}/enabled">${csrfField(csrf)}<input type="hidden" name="enabled" value="${enabled ? 'false' : 'true'}"><button type="submit" class="secondary">${enabled ? 'Disable' : 'Enable'}</button></form>
      <details class="remove"><summary>Remove…</summary>
        <form method="post" action="/feeds/${id}/remove">${csrfField(csrf)}
          <p>Remove <code>${h.feedId}</code> from the feeds file? Its stored articles and hits stay.</p>
          <button type="submit" class="danger">Remove the feed</button></form></details>`
    : html`<span class="muted">not in the file</span>`}</td>
</tr>`;
}

export function testResultPanel(result: TestFetchResult, timeZone: string): Html {
  if (!result.ok) {
    return html`<section class="panel" aria-labelledby="test-h"><h2 id="test-h">Test fetch of <span dir="ltr">${result.url}</span></h2>
      <p class="error" role="alert">${feedText(result.error)}</p></section>`;
  }
  const shown = result.items.slice(0, 15);
  return html`<section class="panel" aria-labelledby="test-h"><h2 id="test-h">Test fetch: ${plural(result.items.length, 'item')} would be read</h2>
  <p class="ok-box">HTTP ${result.httpStatus} from <span dir="ltr">${result.finalUrl}</span>${result.movedTo ? html` (moved permanently to <span dir="ltr">${result.movedTo}</span>)` : ''} ·
    ${result.contentType ?? 'no content type'} · read as ${result.encoding}${result.feedTitle ? html` · feed title “${feedText(result.feedTitle)}”` : ''}</p>
  ${result.warnings.length ? html`<p>Recovered from: </p><ul>${result.warnings.map((w) => html`<li>${feedText(w)}</li>`)}</ul>` : ''}
  <ol class="test-items">${shown.map((i) => html`<li dir="${dirOf(i.title)}">${outLink(i.link, feedText(i.title, '(no title)'))} <small class="muted">${i.published ? timeTag(i.published, timeZone) : 'no date'}</small></li>`)}</ol>
  ${result.items.length > shown.length ? html`<p class="muted">… and ${plural(result.items.length - shown.length, 'more item')}.</p>` : ''}
</section>`;
}

export function newFeedForm(c: Context<WebEnv>, form: NewFeedForm, problems: string[] = []): Html {
  const csrf = c.get('session').csrf;
  const text = (name: keyof NewFeedForm, label: string, attrs: Html | string = '', hint = '') =>
    html`<div class="field"><label for="nf-${name}">${label}${hint ? html` <small>${hint}</small>` : ''}</label><input id="nf-${name}" name="${name}" type="text" value="${form[name]}" ${attrs}></div>`;
  return html`<section class="panel" aria-labelledby="add-h"><h2 id="add-h">Add a feed</h2>
  ${problemList('The feed cannot be added yet', problems)}
  <form method="post" action="/feeds/add">${csrfField(csrf)}
    <div class="grid">
      <div class="field"><label for="nf-url">Address (http or https)</label><input id="nf-url" name="url" type="url" value="${form.url}" required dir="ltr" placeholder="https://example.org/rss"></div>
      ${text('title', 'Title', 'dir="auto"', 'shown as the source')}
      ${text('language', 'Language', 'size="4" placeholder="ar"', 'ar, fr, en, ru…')}
      <div class="field"><label for="nf-kind">Kind</label><select id="nf-kind" name="kind">${options([{ value: 'rss', label: 'RSS / Atom / RDF' }, { value: 'html', label: 'HTML page (selectors)' }], form.kind)}</select></div>
      ${text('interval', 'Every (minutes)', 'inputmode="numeric" placeholder="30"')}
    </div>
    <details${form.kind === 'html' ? html` open` : ''}><summary>Selectors for an HTML page</summary>
      <div class="grid">${text('item', 'Item', 'dir="ltr" placeholder="article"')}${text('itemTitle', 'Title in the item', 'dir="ltr" placeholder="h2 a"')}${text('itemLink', 'Link in the item', 'dir="ltr" placeholder="h2 a"')}${text('itemDate', 'Date (optional)', 'dir="ltr" placeholder="time"')}${text('itemSummary', 'Summary (optional)', 'dir="ltr" placeholder="p"')}</div>
    </details>
    <div class="actions-row"><button type="submit" name="action" value="test" class="secondary">Test fetch</button><button type="submit" name="action" value="add">Add to the feeds file</button></div>
  </form></section>`;
}

function opmlForm(c: Context<WebEnv>): Html {
  return html`<section class="panel" aria-labelledby="opml-h"><h2 id="opml-h">Import from another reader (OPML)</h2>
  <form method="post" action="/feeds/import-opml" enctype="multipart/form-data">${csrfField(c.get('session').csrf)}
    <label for="opml-file">OPML file</label><input id="opml-file" name="file" type="file" accept=".opml,.xml,text/xml,text/x-opml" required>
    <div class="actions-row"><button type="submit" name="action" value="preview" class="secondary">Show what would be added</button></div>
  </form></section>`;
}

export async function renderFeedsPage(c: Context<WebEnv>, deps: WebDeps, extra: { form?: NewFeedForm; problems?: string[]; test?: TestFetchResult; before?: Html } = {}) {
  const config = deps.config.current();
  const health = await feedHealth(deps.store, config.feeds, deps.now());
  const enabled = new Map(config.feeds.map((f) => [f.id, f.enabled]));
  const failing = health.filter((h) => h.flags.includes('failing')).length;
  const silent = health.filter((h) => h.flags.includes('stopped-publishing')).length;
  const body = html`${problemList(`${config.paths.feeds} has mistakes`, config.feedProblems)}
  ${extra.before ?? ''}
  ${extra.test ? testResultPanel(extra.test, c.get('timeZone')) : ''}
  <p>${plural(health.length, 'feed')} · ${failing} failing · ${silent} silent (nothing new for 7 days) · file <code>${config.paths.feeds}</code></p>
  <div class="table-wrap"><table class="cards">
    <thead><tr><th scope="col">Feed</th><th scope="col">State</th><th scope="col">Last success</th><th scope="col">Failures in a row</th><th scope="col">Items, 7 days</th><th scope="col">Last error</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${health.map((h) => feedRow(c, h, enabled.has(h.feedId), enabled.get(h.feedId) ?? false))}</tbody>
  </table></div>
  ${newFeedForm(c, extra.form ?? EMPTY_FEED_FORM, extra.problems)}
  ${opmlForm(c)}`;
  return c.html(page(c, { title: 'Feeds', section: 'feeds', body, banners: await statusBanners(deps) }));
}

export function registerFeedsPage(app: WebApp, deps: WebDeps): void {
  app.get('/feeds', (c) => renderFeedsPage(c, deps));
}
