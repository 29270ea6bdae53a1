// The entry editor: GET shows one entry of a watchlist file as a form (or an empty form for a new
// entry); POST checks, tests, backtests or saves it. A save over a file that changed since the
// form was opened is refused and said so: the form comes back merged (the other change kept,
// yours on top, the fields you both changed named) with the file's new version, and nothing is
// written until Save is pressed again on what the page now shows.
import path from 'node:path';
import type { Context } from 'hono';
import { replaceFileAtomically } from '../../yaml-file.ts';
import { applyEntryFields, readEntryFields, EMPTY_ENTRY, type EntryFields } from '../../watchlist/edit-entry.ts';
import { removeEntry } from '../../watchlist/edit-watchlist.ts';
import { watchlistFiles } from '../../watchlist/load-watchlists.ts';
import { diffBlock } from '../render/draft-results.ts';
import { csrfField, html, problemList, type Html } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { draftAction, folderNow, runDraft } from './draft-actions.ts';
import { entryForm, newEntryState, readEntryForm, type EntryFormState } from './entry-form.ts';
import { statusBanners } from './status-banners.ts';
import { checkDraft, fileNamed, lineDiff, VersionCache } from './watchlist-draft.ts';

const FIELD_NAMES: Record<keyof EntryFields, string> = {
  id: 'id', name: 'name', priority: 'priority', note: 'note', aliases: 'aliases', ambiguous: 'ambiguous aliases', context: 'context', exclude: 'exclusions', rule: 'rule',
};

function normalized(f: EntryFields, key: keyof EntryFields): string {
  const v = f[key];
  if (typeof v === 'string') return v.trim();
  if ('terms' in (v as object)) return JSON.stringify(v);
  return JSON.stringify(Object.fromEntries(Object.entries(v as Record<string, string[]>).filter(([, l]) => l.length).sort()));
}

/** The fields of `current` with the keys `mine` changed against `base` taken from `mine`; and the keys both changed. */
export function mergeFields(base: EntryFields, current: EntryFields, mine: EntryFields): { fields: EntryFields; both: string[] } {
  const fields = { ...current };
  const both: string[] = [];
  for (const key of Object.keys(FIELD_NAMES) as Array<keyof EntryFields>) {
    if (normalized(mine, key) === normalized(base, key)) continue;
    if (normalized(current, key) !== normalized(base, key) && normalized(current, key) !== normalized(mine, key)) both.push(FIELD_NAMES[key]);
    (fields as Record<string, unknown>)[key] = mine[key];
  }
  return { fields, both };
}

function fileNames(deps: WebDeps): string[] {
  return watchlistFiles(deps.config.current().paths.watchlists).map((f) => path.basename(f));
}

async function render(c: Context<WebEnv>, deps: WebDeps, state: EntryFormState, before: Html | string = '', status: 200 | 404 | 409 = 200) {
  const title = state.original ? `Entry ${state.original}` : 'New entry';
  const body = html`<p><a href="/watchlists">← Watchlists</a> · <a href="/watchlists/files/${encodeURIComponent(state.file)}">${state.file} as YAML</a></p>
    ${before}${entryForm(c, state, fileNames(deps))}
    ${state.original
      ? html`<details class="panel remove"><summary>Remove this entry…</summary><form method="post" action="/watchlists/entries/remove">${csrfField(c.get('session').csrf)}
        <input type="hidden" name="file" value="${state.file}"><input type="hidden" name="original" value="${state.original}"><input type="hidden" name="version" value="${state.version}">
        <p>Remove <code>${state.original}</code> from ${state.file}? Its stored hits stay; subscriptions and rules that name it must be changed first (the check says which).</p>
        <button type="submit" class="danger">Remove the entry</button></form></details>`
      : ''}`;
  return c.html(page(c, { title, section: 'watchlists', body, banners: await statusBanners(deps) }), status);
}

export function registerEntryPage(app: WebApp, deps: WebDeps, versions: VersionCache): void {
  const dir = () => deps.config.current().paths.watchlists;

  app.get('/watchlists/entries/:id', async (c) => {
    const id = c.req.param('id');
    for (const file of watchlistFiles(dir())) {
      const { current } = folderNow(deps, file);
      const fields = readEntryFields(current, id);
      if (fields) return render(c, deps, { ...newEntryState(path.basename(file), versions.remember(current)), original: id, fields });
    }
    return c.html(page(c, { title: 'No such entry', section: 'watchlists', body: html`<p>No watchlist file has an entry <code>${id}</code>. <a href="/watchlists">See the watchlists</a>.</p>` }), 404);
  });

  app.get('/watchlists/new', (c) => {
    const files = fileNames(deps);
    const name = files.includes(c.req.query('file') ?? '') ? c.req.query('file')! : files[0] ?? '';
    const file = fileNamed(dir(), name);
    const version = file ? versions.remember(folderNow(deps, file).current) : '';
    return render(c, deps, newEntryState(name, version));
  });

  app.post('/watchlists/entries', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const action = draftAction(body.action);
    const state = readEntryForm(body);
    const file = fileNamed(dir(), state.file);
    if (!file) return render(c, deps, state, problemList('Cannot save', [`there is no watchlist file "${state.file}" in ${dir()}`]), 404);
    const work = async () => {
      const now = folderNow(deps, file);
      let conflict: Html | string = '';
      let next = state;
      if (state.version !== now.version) {
        // Someone saved this file since the form was opened: put this form's changes on top of theirs, and say so.
        const base = versions.get(state.version);
        const baseFields = (base !== undefined && state.original ? readEntryFields(base, state.original) : null) ?? EMPTY_ENTRY;
        const currentFields = state.original ? readEntryFields(now.current, state.original) : null;
        const merged = currentFields ? mergeFields(baseFields, currentFields, state.fields) : { fields: state.fields, both: [] };
        next = { ...state, version: versions.remember(now.current), fields: merged.fields, original: currentFields ? state.original : '', merge: true };
        conflict = html`<section class="problems" role="alert"><h2>${state.file} changed since you opened this form</h2>
          <p>${action === 'save' ? 'Nothing was saved.' : 'Your changes are not saved yet.'} ${currentFields ? 'The form below now holds the file as it is, with your changes on top of it' : `The entry ${state.original} is no longer in the file; the form below would add it again`}${merged.both.length ? html`; you both changed <strong>${merged.both.join(', ')}</strong>, and yours are shown` : ''}.
            Check it, then press Save again to write it.</p></section>
          ${base !== undefined ? diffBlock('What changed in the file meanwhile', lineDiff(base, now.current)) : ''}`;
      }
      const edit = applyEntryFields(now.current, next.original || null, next.fields);
      if (!edit.ok) return render(c, deps, next, html`${conflict}${problemList('Not valid yet, nothing saved', [`${state.file}: ${edit.error}`])}`);
      const outcome = await runDraft(deps, {
        action,
        file,
        texts: now.texts,
        current: now.current,
        proposed: edit.text,
        testTitle: state.testTitle,
        testText: state.testText,
        window: state.window,
        conflict: state.version !== now.version,
      });
      if (outcome.saved) {
        deps.logger.info({ file, entry: next.fields.id, user: c.get('user') }, 'watchlist entry saved from the web UI');
        c.get('session').flash = `Saved ${next.fields.id} in ${state.file}. A running daemon uses it from its next cycle.`;
        return c.redirect(`/watchlists/entries/${encodeURIComponent(next.fields.id)}`, 303);
      }
      return render(c, deps, next, html`${conflict}${outcome.panels}`, state.version !== now.version ? 409 : 200);
    };
    return action === 'save' ? deps.exclusive(work) : work();
  });

  app.post('/watchlists/entries/remove', async (c) => {
    const body = await c.req.parseBody();
    const state = readEntryForm(body);
    const file = fileNamed(dir(), state.file);
    if (!file) return c.text(`there is no watchlist file "${state.file}"`, 404);
    return deps.exclusive(async () => {
      const now = folderNow(deps, file);
      const fields = readEntryFields(now.current, state.original);
      if (!fields) {
        c.get('session').flash = `${state.original} was already removed from ${state.file}.`;
        return c.redirect('/watchlists', 303);
      }
      const back = { ...state, fields, version: versions.remember(now.current) };
      if (state.version !== now.version) return render(c, deps, back, problemList('Not removed', [`${state.file} changed since you opened the entry: look at it again, then remove it`]), 409);
      const edit = removeEntry(now.current, state.original);
      if (!edit.ok) return render(c, deps, back, problemList('Not removed', [edit.error]));
      const check = checkDraft(now.texts, file, edit.text, deps.config.current().recipients);
      if (check.problems.length) return render(c, deps, back, problemList(`Not removed: other entries or files still need ${state.original}`, check.problems));
      replaceFileAtomically(file, edit.text);
      c.get('session').flash = `Removed ${state.original} from ${state.file}.`;
      return c.redirect('/watchlists', 303);
    });
  });
}
