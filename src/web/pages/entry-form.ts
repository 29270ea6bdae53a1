// The entry form for people who do not edit YAML: name, priority, aliases per language,
// ambiguous aliases with their context, exclusions, and a compound rule, plus the boxes of the
// checks (a text to test, a backtest window). Reading it back gives EntryFields.
import type { Context } from 'hono';
import { PRIORITIES } from '../../types.ts';
import { EMPTY_ENTRY, type EntryFields, type TermLines } from '../../watchlist/edit-entry.ts';
import { csrfField, html, options, type Html } from '../render/html.ts';
import type { WebEnv } from '../web-context.ts';
import { BACKTEST_WINDOWS } from './watchlist-draft.ts';

export const FORM_LANGUAGES = ['en', 'fr', 'ar', 'ru'];
const LANGUAGE_NAMES: Record<string, string> = { '': 'any language', en: 'English', fr: 'French', ar: 'Arabic', ru: 'Russian' };
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

export interface EntryFormState {
  file: string;
  version: string;
  /** The id the entry has in the file, or '' for a new entry. */
  original: string;
  fields: EntryFields;
  testTitle: string;
  testText: string;
  window: number;
  /** Set after a conflict: saving again writes on top of the other change (said in the page). */
  merge: boolean;
}

type Body = Record<string, string | File | Array<string | File>>;

const text = (body: Body, key: string) => {
  const v = body[key];
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '';
};
const lines = (value: string) => value.split('\n').map((l) => l.trim()).filter(Boolean);

function readTermLines(body: Body, prefix: string): TermLines {
  const out: TermLines = {};
  for (const key of Object.keys(body)) {
    if (!key.startsWith(`${prefix}:`)) continue;
    const lang = key.slice(prefix.length + 1);
    if (lang !== '' && !/^[a-z]{2,3}$/.test(lang)) continue;
    const list = lines(text(body, key));
    if (list.length) out[lang] = list;
  }
  return out;
}

export function readEntryForm(body: Body): EntryFormState {
  const priority = text(body, 'priority');
  const window = Number(text(body, 'window'));
  return {
    file: text(body, 'file'),
    version: text(body, 'version'),
    original: text(body, 'original'),
    fields: {
      id: text(body, 'id').trim(),
      name: text(body, 'name').trim(),
      priority: (PRIORITIES as readonly string[]).includes(priority) ? (priority as EntryFields['priority']) : '',
      note: text(body, 'note').trim(),
      aliases: readTermLines(body, 'aliases'),
      ambiguous: readTermLines(body, 'ambiguous'),
      context: { terms: lines(text(body, 'context.terms')), within: text(body, 'context.within').trim() },
      exclude: { terms: lines(text(body, 'exclude.terms')), within: text(body, 'exclude.within').trim() },
      rule: text(body, 'rule').trim(),
    },
    testTitle: text(body, 'test.title'),
    testText: text(body, 'test.text'),
    window: BACKTEST_WINDOWS.includes(window) ? window : BACKTEST_WINDOWS[1]!,
    merge: text(body, 'merge') === '1',
  };
}

export function newEntryState(file: string, version: string): EntryFormState {
  return { file, version, original: '', fields: EMPTY_ENTRY, testTitle: '', testText: '', window: BACKTEST_WINDOWS[1]!, merge: false };
}

function termBoxes(prefix: 'aliases' | 'ambiguous', value: TermLines, hint: string): Html {
  const langs = [...new Set(['', ...FORM_LANGUAGES, ...Object.keys(value)])];
  return html`<div class="grid">${langs.map((lang) => {
    const id = `f-${prefix}-${lang || 'any'}`;
    return html`<div class="field"><label for="${id}">${LANGUAGE_NAMES[lang] ?? lang}</label>
      <textarea id="${id}" name="${prefix}:${lang}" rows="3" dir="${RTL.has(lang) ? 'rtl' : 'auto'}"${lang ? html` lang="${lang}"` : ''} aria-describedby="${prefix}-hint">${(value[lang] ?? []).join('\n')}</textarea></div>`;
  })}</div><p class="muted" id="${prefix}-hint">${hint}</p>`;
}

const WITHIN_HINT = 'a number of words, sentence, paragraph, or article';

export function entryForm(c: Context<WebEnv>, s: EntryFormState, files: string[]): Html {
  const f = s.fields;
  const isNew = s.original === '';
  return html`<form class="entry-form" method="post" action="/watchlists/entries">
  ${csrfField(c.get('session').csrf)}
  <input type="hidden" name="version" value="${s.version}">
  <input type="hidden" name="original" value="${s.original}">
  ${s.merge ? html`<input type="hidden" name="merge" value="1">` : ''}
  <section class="panel"><h2>The entry</h2><div class="grid">
    <div class="field"><label for="f-id">Id <small>lower-case letters, digits, dashes; used in subscriptions</small></label>
      <input id="f-id" name="id" type="text" value="${f.id}" required pattern="[a-z0-9][a-z0-9-]*" dir="ltr"${isNew ? '' : html` aria-describedby="id-hint"`}>
      ${isNew ? '' : html`<small id="id-hint" class="muted">Renaming breaks subscriptions and rules that use the old id; the check says where.</small>`}</div>
    <div class="field"><label for="f-name">Name <small>shown in digests</small></label><input id="f-name" name="name" type="text" value="${f.name}" dir="auto"></div>
    <div class="field"><label for="f-priority">Priority</label><select id="f-priority" name="priority">${options([{ value: '', label: 'file default' }, ...PRIORITIES.map((p) => ({ value: p, label: p === 'critical' ? 'critical (also an alert at once)' : p }))], f.priority)}</select></div>
    <div class="field"><label for="f-file">File</label>${isNew
      ? html`<select id="f-file" name="file">${options(files.map((n) => ({ value: n, label: n })), s.file)}</select>`
      : html`<input type="hidden" name="file" value="${s.file}"><code id="f-file">${s.file}</code>`}</div>
  </div>
  <div class="field"><label for="f-note">Note <small>for the people who keep the list</small></label><input id="f-note" name="note" type="text" value="${f.note}" dir="auto"></div>
  </section>
  <section class="panel"><h2>Aliases <small class="muted">count on their own</small></h2>
    ${termBoxes('aliases', f.aliases, 'One name per line. Spelling does not matter (case, accents, hamza, tashkeel); Arabic و ب ل ال and Russian endings are found without listing them.')}</section>
  <section class="panel"><h2>Ambiguous aliases <small class="muted">count only with context nearby</small></h2>
    ${termBoxes('ambiguous', f.ambiguous, 'Names that also mean something else ("Mody", "Wagner"). They need the context below.')}
    <div class="grid"><div class="field"><label for="f-context">Context terms <small>one per line; <code>set: niger</code> or <code>entry: haftar</code> for a set or another entry</small></label>
      <textarea id="f-context" name="context.terms" rows="4" dir="auto">${f.context.terms.join('\n')}</textarea></div>
    <div class="field"><label for="f-context-within">Context within <small>${WITHIN_HINT}; empty: anywhere in the article</small></label>
      <input id="f-context-within" name="context.within" type="text" value="${f.context.within}" dir="ltr"></div></div></section>
  <section class="panel"><h2>Exclusions <small class="muted">cancel the mention they touch</small></h2><div class="grid">
    <div class="field"><label for="f-exclude">Excluded terms <small>one per line ("Richard Wagner", "opera")</small></label>
      <textarea id="f-exclude" name="exclude.terms" rows="4" dir="auto">${f.exclude.terms.join('\n')}</textarea></div>
    <div class="field"><label for="f-exclude-within">Exclusion within <small>${WITHIN_HINT}; empty: only the words it overlaps</small></label>
      <input id="f-exclude-within" name="exclude.within" type="text" value="${f.exclude.within}" dir="ltr"></div></div></section>
  <section class="panel"><h2>Compound rule <small class="muted">optional; combines entries, sets and words</small></h2>
    <label for="f-rule">Rule (YAML)</label>
    <textarea id="f-rule" name="rule" class="code rule" rows="6" dir="ltr" spellcheck="false" placeholder="near: [{ entry: mody }, { set: benghazi }]&#10;within: 12">${f.rule}</textarea>
    <p class="muted">any / all / none / near with within: N words, sentence or paragraph. See watchlists/README.md, "Rules".</p></section>
  <section class="panel"><h2>Before saving</h2><div class="grid">
    <div class="field"><label for="f-test-title">Test title</label><input id="f-test-title" name="test.title" type="text" value="${s.testTitle}" dir="auto"></div>
    <div class="field"><label for="f-window">Backtest on</label><select id="f-window" name="window">${options(BACKTEST_WINDOWS.map((n) => ({ value: String(n), label: `the newest ${n.toLocaleString('en')} articles` })), String(s.window))}</select></div></div>
    <label for="f-test-text">Test text <small>paste an article: see what matches and why</small></label>
    <textarea id="f-test-text" name="test.text" rows="5" dir="auto">${s.testText}</textarea>
    <div class="actions-row">
      <button type="submit" name="action" value="check" class="secondary">Check</button>
      <button type="submit" name="action" value="test" class="secondary">Test on the text</button>
      <button type="submit" name="action" value="backtest" class="secondary">Backtest</button>
      <button type="submit" name="action" value="save">${s.merge ? 'Save on top of the other change' : 'Save'}</button>
    </div></section>
</form>`;
}
