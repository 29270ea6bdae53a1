// GET /recipients: who gets which hits and when, with a form to add or change a recipient and a
// link to the preview of their next digest. Saving edits the recipients file (comments kept),
// validated as a load would (addresses, zones, subscriptions naming real entries), atomically,
// and only over the version the form was opened on. Without a recipients file the addresses of
// RASID_DIGEST_TO are shown; the first save writes a file that lists them too, since a file
// replaces that variable.
import fs from 'node:fs';
import type { Context } from 'hono';
import { NEW_RECIPIENTS_FILE, recipientSettingsInText, removeRecipientFromText, setRecipientInText, type RecipientFields } from '../../config/recipients-file-edit.ts';
import { parseRecipients, type Recipient } from '../../config/recipients.ts';
import { formatProblem, replaceFileAtomically } from '../../yaml-file.ts';
import { lastSent } from '../../store/ledger-repo.ts';
import type { ConfigView } from '../live-config.ts';
import { diffBlock } from '../render/draft-results.ts';
import { csrfField, html, plural, problemList, timeTag, type Html } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { readRecipientForm, recipientForm, type RecipientFormState } from './recipient-form.ts';
import { statusBanners } from './status-banners.ts';
import { lineDiff, versionOf, VersionCache } from './watchlist-draft.ts';

function fileText(config: ConfigView): string {
  try {
    return fs.readFileSync(config.paths.recipients, 'utf8');
  } catch {
    return '';
  }
}

/** The text to edit: the file, or a new one that keeps the RASID_DIGEST_TO recipients. */
function startingText(config: ConfigView): string {
  const text = fileText(config);
  if (text || config.recipientsSource === 'file') return text;
  let start = NEW_RECIPIENTS_FILE;
  for (const r of config.recipients) {
    const added = setRecipientInText(start, null, { address: r.address, entries: [], watchlists: [], hour: null });
    if (added.ok) start = added.text;
  }
  return start;
}

function subscriptionProblems(r: RecipientFields, config: ConfigView): string[] {
  const lists = new Set(config.watchlists.map((w) => w.name));
  return [
    ...r.entries.filter((e) => !config.catalog.has(e)).map((e) => `${r.address} subscribes to entry "${e}", which no watchlist defines`),
    ...r.watchlists.filter((w) => !lists.has(w)).map((w) => `${r.address} subscribes to watchlist "${w}", which does not exist`),
  ];
}

function describe(r: Recipient, config: ConfigView): string {
  if (r.entries.length === 0 && r.watchlists.length === 0) return 'every entry';
  return [...r.watchlists.map((w) => `all of ${w}`), ...r.entries.map((e) => config.catalog.get(e)?.label ?? e)].join(', ');
}

async function listPage(c: Context<WebEnv>, deps: WebDeps): Promise<Html> {
  const config = deps.config.current();
  const zone = c.get('timeZone');
  const source =
    config.recipientsSource === 'file'
      ? html`From <code>${config.paths.recipients}</code>.`
      : config.recipientsSource === 'env'
        ? html`From <code>RASID_DIGEST_TO</code>. Saving a recipient here writes <code>${config.paths.recipients}</code> with these addresses in it, which then replaces the variable.`
        : html`Nobody receives digests yet. Adding a recipient writes <code>${config.paths.recipients}</code>.`;
  return html`${problemList(`${config.paths.recipients} has mistakes: a running daemon keeps the last valid version`, config.recipientProblems)}
  <p>${source} Mail goes ${config.smtpUrl ? 'out by SMTP' : html`to the outbox <code>${config.paths.outbox}</code> (SMTP_URL is not set)`}, from <code>${config.mailFrom}</code>.</p>
  <p class="actions-row"><a class="button" href="/recipients/new">Add a recipient</a> <a class="button secondary" href="/recipients/preview">Preview a digest for everything</a></p>
  <div class="table-wrap"><table class="cards"><thead><tr><th scope="col">Recipient</th><th scope="col">Subscribes to</th><th scope="col">Digest</th><th scope="col">Lowest priority</th><th scope="col">Alerts</th><th scope="col">Last digest</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${await Promise.all(
    config.recipients.map(async (r) => {
      const sent = await lastSent(deps.store, r.address, 'digest');
      const address = encodeURIComponent(r.address);
      return html`<tr><td><code>${r.address}</code></td><td data-label="Subscribes to">${describe(r, config)}</td><td data-label="Digest">${r.hour === null ? 'every run' : `${String(r.hour).padStart(2, '0')}:00`} ${r.timeZone}</td>
        <td data-label="Lowest priority">${r.minPriority}</td><td data-label="Alerts">${r.alerts ? (r.alertsInDigest ? 'yes, repeated in the digest' : 'yes') : 'no'}</td><td data-label="Last digest">${sent ? timeTag(sent, zone) : html`<span class="muted">never</span>`}</td>
        <td><a href="/recipients/edit?address=${address}">Edit</a> · <a href="/recipients/preview?address=${address}">Preview</a></td></tr>`;
    }),
  )}</tbody></table></div>`;
}

export function registerRecipientsPage(app: WebApp, deps: WebDeps, versions: VersionCache): void {
  const show = async (c: Context<WebEnv>, title: string, body: Html, status: 200 | 404 | 409 = 200) =>
    c.html(page(c, { title, section: 'recipients', body, banners: await statusBanners(deps) }), status);
  const formPage = (c: Context<WebEnv>, s: RecipientFormState, before: Html | string = '', status: 200 | 404 | 409 = 200) => {
    const config = deps.config.current();
    const remove = s.original
      ? html`<details class="panel remove"><summary>Remove this recipient…</summary><form method="post" action="/recipients/remove">${csrfField(c.get('session').csrf)}
          <input type="hidden" name="original" value="${s.original}"><input type="hidden" name="version" value="${s.version}">
          <p>Stop sending to <code>${s.original}</code>? What was sent stays in the ledger.</p><button type="submit" class="danger">Remove the recipient</button></form></details>`
      : '';
    return show(c, s.original ? `Recipient ${s.original}` : 'New recipient', html`<p><a href="/recipients">← Recipients</a></p>${before}${recipientForm(c, config, s)}${remove}`, status);
  };

  app.get('/recipients', async (c) => show(c, 'Recipients', await listPage(c, deps)));

  app.get('/recipients/new', (c) => {
    const text = startingText(deps.config.current());
    return formPage(c, { original: '', version: versions.remember(text), fields: { address: '', entries: [], watchlists: [] } });
  });

  app.get('/recipients/edit', (c) => {
    const address = c.req.query('address') ?? '';
    const text = startingText(deps.config.current());
    const settings = recipientSettingsInText(text, address);
    if (!settings) return show(c, 'No such recipient', html`<p>There is no recipient <code>${address}</code>. <a href="/recipients">See the recipients</a>.</p>`, 404);
    return formPage(c, { original: String(settings.address ?? address), version: versions.remember(text), fields: { entries: [], watchlists: [], ...settings, address: String(settings.address ?? address) } });
  });

  app.post('/recipients/save', async (c) => {
    const { state, problems } = readRecipientForm(await c.req.parseBody({ all: true }));
    return deps.exclusive(async () => {
      const config = deps.config.current();
      const text = startingText(config);
      const version = versionOf(text);
      if (state.version !== version) {
        const base = versions.get(state.version);
        return formPage(
          c,
          { ...state, version: versions.remember(text) },
          html`<section class="problems" role="alert"><h2>The recipients file changed since you opened this form</h2><p>Nothing was saved. Your values are still in the form; press Save again to write them over the change shown here.</p></section>
            ${base !== undefined ? diffBlock('What changed in the file meanwhile', lineDiff(base, text)) : ''}`,
          409,
        );
      }
      const edit = setRecipientInText(text, state.original || null, state.fields);
      const check = edit.ok ? parseRecipients(edit.text, config.paths.recipients) : null;
      const all = [...problems, ...(edit.ok ? [] : [edit.error]), ...(check && !check.ok ? check.problems.map(formatProblem) : []), ...subscriptionProblems(state.fields, config)];
      if (all.length || !edit.ok) return formPage(c, state, problemList('Not saved yet', all));
      replaceFileAtomically(config.paths.recipients, edit.text);
      deps.logger.info({ recipient: state.fields.address, user: c.get('user') }, 'recipient saved from the web UI');
      c.get('session').flash = `Saved ${state.fields.address}. ${config.recipientsSource === 'file' ? '' : `${config.paths.recipients} now lists the recipients. `}A running daemon uses it from its next cycle.`;
      return c.redirect('/recipients', 303);
    });
  });

  app.post('/recipients/remove', async (c) => {
    const body = await c.req.parseBody();
    const original = typeof body.original === 'string' ? body.original : '';
    return deps.exclusive(async () => {
      const config = deps.config.current();
      const text = startingText(config);
      if (versionOf(text) !== body.version) {
        c.get('session').flash = `The recipients file changed since you opened ${original}; look at it again before removing it.`;
        return c.redirect(`/recipients/edit?address=${encodeURIComponent(original)}`, 303);
      }
      const edit = removeRecipientFromText(text, original);
      if (!edit.ok) {
        c.get('session').flash = edit.error;
        return c.redirect('/recipients', 303);
      }
      replaceFileAtomically(config.paths.recipients, edit.text);
      c.get('session').flash = `Removed ${original}; ${plural(config.recipients.length - 1, 'recipient')} left.`;
      return c.redirect('/recipients', 303);
    });
  });
}
