// The recipient form: the address, what they subscribe to (entries and whole watchlists; none
// means everything), the digest hour and time zone, the lowest priority, alerts. Every setting can
// be left to the file's defaults.
import type { Context } from 'hono';
import type { RecipientFields } from '../../config/recipients-file-edit.ts';
import { PRIORITIES, type Priority } from '../../types.ts';
import type { ConfigView } from '../live-config.ts';
import { csrfField, html, options, type Html } from '../render/html.ts';
import type { WebEnv } from '../web-context.ts';

export interface RecipientFormState {
  original: string;
  version: string;
  fields: RecipientFields;
}

type Body = Record<string, string | File | Array<string | File>>;

const ZONES = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Africa/Tripoli', 'Africa/Niamey', 'Europe/Paris', 'Europe/Moscow'];
  }
})();

const all = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
const one = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

function flag(value: string): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

/** The form's fields, or the sentences that say which value is not right. */
export function readRecipientForm(body: Body): { state: RecipientFormState; problems: string[] } {
  const problems: string[] = [];
  const hourText = one(body, 'hour');
  const hour = hourText === '' ? undefined : hourText === 'null' ? null : Number(hourText);
  if (typeof hour === 'number' && !(Number.isInteger(hour) && hour >= 0 && hour <= 23)) problems.push('the hour must be a whole hour from 0 to 23');
  const maxText = one(body, 'maxPerEntry');
  const maxPerEntry = maxText === '' ? undefined : Number(maxText);
  if (maxPerEntry !== undefined && !(Number.isInteger(maxPerEntry) && maxPerEntry >= 1 && maxPerEntry <= 200)) problems.push('"stories per entry" must be a whole number from 1 to 200');
  const priority = one(body, 'minPriority');
  const fields: RecipientFields = {
    address: one(body, 'address'),
    entries: all(body.entries),
    watchlists: all(body.watchlists),
    hour,
    timeZone: one(body, 'timeZone') || undefined,
    minPriority: (PRIORITIES as readonly string[]).includes(priority) ? (priority as Priority) : undefined,
    alerts: flag(one(body, 'alerts')),
    alertsInDigest: flag(one(body, 'alertsInDigest')),
    sendEmpty: flag(one(body, 'sendEmpty')),
    maxPerEntry,
  };
  return { state: { original: one(body, 'original'), version: one(body, 'version'), fields }, problems };
}

function yesNo(name: string, label: string, value: boolean | undefined): Html {
  const current = value === undefined ? '' : value ? 'yes' : 'no';
  return html`<div class="field"><label for="r-${name}">${label}</label><select id="r-${name}" name="${name}">${options(
    [{ value: '', label: 'file default' }, { value: 'yes', label: 'yes' }, { value: 'no', label: 'no' }],
    current,
  )}</select></div>`;
}

export function recipientForm(c: Context<WebEnv>, config: ConfigView, s: RecipientFormState): Html {
  const f = s.fields;
  const hour = f.hour === undefined ? '' : f.hour === null ? 'null' : String(f.hour);
  const checked = (list: string[], value: string) => (list.includes(value) ? html` checked` : '');
  return html`<form method="post" action="/recipients/save" class="recipient-form">${csrfField(c.get('session').csrf)}
  <input type="hidden" name="original" value="${s.original}"><input type="hidden" name="version" value="${s.version}">
  <section class="panel"><h2>Who</h2>
    <div class="field"><label for="r-address">Address <small>a plain address, like analyst@example.org</small></label>
      <input id="r-address" name="address" type="email" value="${f.address}" required dir="ltr" autocomplete="off"></div></section>
  <section class="panel"><h2>Subscriptions <small class="muted">nothing ticked: every entry</small></h2>
    <fieldset class="choices"><legend>Whole watchlists</legend>${config.watchlists.map(
      (w) => html`<label class="inline"><input type="checkbox" name="watchlists" value="${w.name}"${checked(f.watchlists, w.name)}> ${w.name}</label>`,
    )}</fieldset>
    <fieldset class="choices scroll"><legend>Single entries</legend>${config.watchlists.map(
      (w) => html`<p class="muted">${w.name}</p>${w.entries.map(
        (e) => html`<label class="inline"><input type="checkbox" name="entries" value="${e.id}"${checked(f.entries, e.id)}> <bdi>${e.name || e.id}</bdi> <code>${e.id}</code></label>`,
      )}`,
    )}${f.entries.filter((e) => !config.catalog.has(e)).map((e) => html`<label class="inline"><input type="checkbox" name="entries" value="${e}" checked> <code>${e}</code> (no such entry)</label>`)}</fieldset></section>
  <section class="panel"><h2>When and what</h2><div class="grid">
    <div class="field"><label for="r-hour">Daily digest at</label><select id="r-hour" name="hour">${options(
      [{ value: '', label: 'file default' }, { value: 'null', label: 'every run (no daily hour)' }, ...Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }))],
      hour,
    )}</select></div>
    <div class="field"><label for="r-zone">Time zone <small>for the hour and the dates shown</small></label>
      <input id="r-zone" name="timeZone" type="text" value="${f.timeZone ?? ''}" list="zones" placeholder="file default" dir="ltr"><datalist id="zones">${ZONES.map((z) => html`<option value="${z}">`)}</datalist></div>
    <div class="field"><label for="r-priority">Lowest priority sent</label><select id="r-priority" name="minPriority">${options([{ value: '', label: 'file default' }, ...PRIORITIES.map((p) => ({ value: p, label: p }))], f.minPriority ?? '')}</select></div>
    ${yesNo('alerts', 'Critical hits as an alert at once', f.alerts)}
    ${yesNo('alertsInDigest', 'Repeat alerted hits in the digest', f.alertsInDigest)}
    ${yesNo('sendEmpty', 'A digest on quiet days too', f.sendEmpty)}
    <div class="field"><label for="r-max">Stories per entry <small>before "and N more"</small></label><input id="r-max" name="maxPerEntry" type="number" min="1" max="200" value="${f.maxPerEntry ?? ''}" placeholder="file default"></div>
  </div></section>
  <div class="actions-row"><button type="submit">Save</button>${s.original ? html` <a class="button secondary" href="/recipients/preview?address=${encodeURIComponent(s.original)}">Preview the next digest</a>` : ''}</div>
</form>`;
}
