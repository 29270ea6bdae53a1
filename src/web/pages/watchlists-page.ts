// GET /watchlists: every watchlist file with its entries (even a file with mistakes lists what
// could be read, beside its problems), and the YAML view of a file for those who prefer it, with
// the same Check / Test / Backtest / Save as the entry form.
import path from 'node:path';
import type { Context } from 'hono';
import { describeAliases, entryKind } from '../../watchlist/describe-entry.ts';
import { readWatchlist } from '../../watchlist/read-watchlist.ts';
import { diffBlock } from '../render/draft-results.ts';
import { csrfField, html, options, plural, problemList, type Html } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { draftAction, folderNow, runDraft } from './draft-actions.ts';
import { statusBanners } from './status-banners.ts';
import { BACKTEST_WINDOWS, fileNamed, lineDiff, readWatchlistFolder, VersionCache } from './watchlist-draft.ts';

function overview(deps: WebDeps): Html {
  const config = deps.config.current();
  const files = readWatchlistFolder(config.paths.watchlists);
  return html`${problemList(`The watchlists have ${plural(config.watchlistProblems.length, 'problem')}: a running daemon keeps the last valid version`, config.watchlistProblems)}
  ${files.map(({ file, text }) => {
    const name = path.basename(file);
    const read = readWatchlist(text, file).watchlist;
    const entries = read?.entries ?? [];
    return html`<section class="panel" aria-labelledby="wl-${name}">
      <h2 id="wl-${name}">${read?.name ?? name} <small class="muted"><code>${name}</code> · ${plural(entries.length, 'entry', 'entries')}</small></h2>
      ${read?.description ? html`<p dir="auto">${read.description}</p>` : ''}
      <p class="actions-row"><a class="button" href="/watchlists/new?file=${encodeURIComponent(name)}">New entry</a> <a class="button secondary" href="/watchlists/files/${encodeURIComponent(name)}">Edit the file as YAML</a></p>
      <div class="table-wrap"><table class="cards"><thead><tr><th scope="col">Entry</th><th scope="col">Priority</th><th scope="col">Kind</th><th scope="col">Aliases</th></tr></thead><tbody>
      ${entries.map((e) => html`<tr><td><a href="/watchlists/entries/${encodeURIComponent(e.id)}"><bdi>${e.name || e.id}</bdi></a><br><code>${e.id}</code></td>
        <td data-label="Priority"><span class="badge ${e.priority}">${e.priority}</span></td><td data-label="Kind">${entryKind(e)}</td>
        <td data-label="Aliases">${describeAliases([...e.aliases, ...e.ambiguous]) || html`<span class="muted">rule only</span>`}</td></tr>`)}
      </tbody></table></div></section>`;
  })}`;
}

interface FileState {
  name: string;
  version: string;
  text: string;
  testTitle: string;
  testText: string;
  window: number;
  merge: boolean;
}

function fileForm(c: Context<WebEnv>, s: FileState): Html {
  return html`<form method="post" action="/watchlists/files/${encodeURIComponent(s.name)}">${csrfField(c.get('session').csrf)}
  <input type="hidden" name="version" value="${s.version}">${s.merge ? html`<input type="hidden" name="merge" value="1">` : ''}
  <label for="yaml">${s.name}</label>
  <textarea id="yaml" name="text" class="code" dir="ltr" spellcheck="false" rows="30">${s.text}</textarea>
  <div class="grid"><div class="field"><label for="f-test-title">Test title</label><input id="f-test-title" name="test.title" type="text" value="${s.testTitle}" dir="auto"></div>
    <div class="field"><label for="f-window">Backtest on</label><select id="f-window" name="window">${options(BACKTEST_WINDOWS.map((n) => ({ value: String(n), label: `the newest ${n.toLocaleString('en')} articles` })), String(s.window))}</select></div></div>
  <label for="f-test-text">Test text</label><textarea id="f-test-text" name="test.text" rows="4" dir="auto">${s.testText}</textarea>
  <div class="actions-row"><button type="submit" name="action" value="check" class="secondary">Check</button><button type="submit" name="action" value="test" class="secondary">Test on the text</button>
    <button type="submit" name="action" value="backtest" class="secondary">Backtest</button><button type="submit" name="action" value="save">${s.merge ? 'Replace the file with my text' : 'Save'}</button></div>
</form>`;
}

export function registerWatchlistsPage(app: WebApp, deps: WebDeps, versions: VersionCache): void {
  const dir = () => deps.config.current().paths.watchlists;
  const show = async (c: Context<WebEnv>, s: FileState, before: Html | string = '', status: 200 | 409 = 200) =>
    c.html(page(c, { title: `${s.name} as YAML`, section: 'watchlists', banners: await statusBanners(deps), body: html`<p><a href="/watchlists">← Watchlists</a></p>${before}${fileForm(c, s)}` }), status);

  app.get('/watchlists', async (c) => c.html(page(c, { title: 'Watchlists', section: 'watchlists', body: overview(deps), banners: await statusBanners(deps) })));

  app.get('/watchlists/files/:name', (c) => {
    const file = fileNamed(dir(), c.req.param('name'));
    if (!file) return c.text('There is no such watchlist file.', 404);
    const { current } = folderNow(deps, file);
    return show(c, { name: path.basename(file), version: versions.remember(current), text: current, testTitle: '', testText: '', window: BACKTEST_WINDOWS[1]!, merge: false });
  });

  app.post('/watchlists/files/:name', async (c) => {
    const file = fileNamed(dir(), c.req.param('name'));
    if (!file) return c.text('There is no such watchlist file.', 404);
    const body = await c.req.parseBody();
    const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).replace(/\r\n?/g, '\n') : '');
    const action = draftAction(body.action);
    const window = Number(field('window'));
    const state: FileState = {
      name: path.basename(file),
      version: field('version'),
      text: field('text'),
      testTitle: field('test.title'),
      testText: field('test.text'),
      window: BACKTEST_WINDOWS.includes(window) ? window : BACKTEST_WINDOWS[1]!,
      merge: field('merge') === '1',
    };
    const work = async () => {
      const now = folderNow(deps, file);
      const conflict = state.version !== now.version;
      const base = versions.get(state.version);
      const next = conflict ? { ...state, version: versions.remember(now.current), merge: true } : state;
      const warning = conflict
        ? html`<section class="problems" role="alert"><h2>${state.name} changed since you opened it</h2>
            <p>${action === 'save' ? 'Nothing was saved.' : 'Your text is not saved yet.'} Your text is still in the box below; the change made meanwhile is shown here. Saving now replaces it with your text: copy what you want to keep first.</p></section>
            ${base !== undefined ? diffBlock('What changed in the file meanwhile', lineDiff(base, now.current)) : ''}`
        : '';
      const outcome = await runDraft(deps, { action, file, texts: now.texts, current: now.current, proposed: state.text, testTitle: state.testTitle, testText: state.testText, window: state.window, conflict });
      if (outcome.saved) {
        deps.logger.info({ file, user: c.get('user') }, 'watchlist file saved from the web UI');
        c.get('session').flash = `Saved ${state.name}. A running daemon uses it from its next cycle.`;
        return c.redirect(`/watchlists/files/${encodeURIComponent(state.name)}`, 303);
      }
      return show(c, next, html`${warning}${outcome.panels}`, conflict ? 409 : 200);
    };
    return action === 'save' ? deps.exclusive(work) : work();
  });
}
