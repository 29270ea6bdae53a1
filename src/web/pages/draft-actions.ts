// The buttons the entry form and the YAML view share: Check, Test on the text, Backtest, Save.
// Each one validates the whole folder with the edit in place first; Save writes only a valid
// edit, only over the version the form was opened on, and atomically (temp file + rename).
import path from 'node:path';
import { replaceFileAtomically } from '../../yaml-file.ts';
import { entryCatalogFromWatchlists } from '../../digest/entry-catalog.ts';
import { backtestResults, diffBlock, testResults } from '../render/draft-results.ts';
import { html, problemList, type Html } from '../render/html.ts';
import type { WebDeps } from '../web-context.ts';
import { backtestDraft, checkDraft, lineDiff, readWatchlistFolder, testDraft, versionOf, type FileText } from './watchlist-draft.ts';

export type DraftAction = 'check' | 'test' | 'backtest' | 'save';

export function draftAction(value: unknown): DraftAction {
  return value === 'test' || value === 'backtest' || value === 'save' ? value : 'check';
}

export interface DraftInput {
  action: DraftAction;
  file: string;
  /** The folder as it is on disk now. */
  texts: FileText[];
  current: string;
  proposed: string;
  testTitle: string;
  testText: string;
  window: number;
  /** True when the form was opened on another version of the file: never save then. */
  conflict: boolean;
}

export interface DraftOutcome {
  panels: Html;
  saved: boolean;
  problems: string[];
}

export function folderNow(deps: WebDeps, file: string): { texts: FileText[]; current: string; version: string } {
  const texts = readWatchlistFolder(deps.config.current().paths.watchlists);
  const current = texts.find((t) => t.file === file)?.text ?? '';
  return { texts, current, version: versionOf(current) };
}

/** The lines of the edited file that the problems point at, numbered, each with its neighbours. */
function problemLines(file: string, text: string, problems: string[]): Html {
  const prefix = `${file}:`;
  const wanted = new Set(problems.filter((p) => p.startsWith(prefix)).map((p) => Number(/^(\d+)/.exec(p.slice(prefix.length))?.[1])).filter((n) => n > 0));
  if (wanted.size === 0) return html``;
  const all = text.split('\n');
  const shown = [...new Set([...wanted].flatMap((n) => [n - 1, n, n + 1]))].filter((n) => n >= 1 && n <= all.length).sort((a, b) => a - b);
  return html`<section class="panel"><h2>Where, in ${path.basename(file)} as edited</h2><pre class="diff" dir="ltr">${shown.map(
    (n, i) => html`${i > 0 && shown[i - 1] !== n - 1 ? html`<span class="skip">     …</span>` : ''}<span class="${wanted.has(n) ? 'del' : 'same'}">${String(n).padStart(4)}   ${all[n - 1]}</span>`,
  )}</pre></section>`;
}

export async function runDraft(deps: WebDeps, input: DraftInput): Promise<DraftOutcome> {
  const check = checkDraft(input.texts, input.file, input.proposed, deps.config.current().recipients);
  const catalog = check.problems.length ? deps.config.current().catalog : entryCatalogFromWatchlists(check.watchlists);
  const name = path.basename(input.file);
  const parts: Html[] = [];
  if (check.problems.length) parts.push(problemList(`Not valid yet: ${check.problems.length} problem(s), nothing saved`, check.problems), problemLines(input.file, input.proposed, check.problems));
  else parts.push(html`<p class="ok-box" role="status">Valid: every watchlist file reads without a problem${input.action === 'save' && !input.conflict ? '' : '. Nothing is saved until you press Save.'}</p>`);
  parts.push(diffBlock(`What saving changes in ${name}`, lineDiff(input.current, input.proposed)));
  const needsValid = (what: string) => html`<p class="error">Fix the problems above first, then ${what}.</p>`;
  if (input.action === 'test') {
    if (!input.testText.trim() && !input.testTitle.trim()) parts.push(html`<p class="error">Paste a text (or a title) into "Test text" to test the edit on it.</p>`);
    else parts.push(check.problems.length ? needsValid('test') : testResults(testDraft(check.watchlists, input.testTitle, input.testText), catalog));
  }
  if (input.action === 'backtest') parts.push(check.problems.length ? needsValid('backtest') : backtestResults(await backtestDraft(deps.store, check.watchlists, input.window), catalog));
  let saved = false;
  if (input.action === 'save' && !input.conflict && check.problems.length === 0) {
    replaceFileAtomically(input.file, input.proposed);
    saved = true;
  }
  return { panels: html`${parts}`, saved, problems: check.problems };
}
