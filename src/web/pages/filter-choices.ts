// The choices of the filter menus, from the configuration: entries grouped by watchlist, feeds by
// title, and the languages the feeds declare (plus the four the watchlists are written in).
import type { ConfigView } from '../live-config.ts';
import { html, options, type Html } from '../render/html.ts';

export function entrySelect(config: ConfigView, current: string, name = 'entry'): Html {
  return html`<select id="f-${name}" name="${name}">
    <option value="">every entry</option>
    ${config.watchlists.map(
      (w) => html`<optgroup label="${w.name}">
        <option value="watchlist:${w.name}"${current === `watchlist:${w.name}` ? html` selected` : ''}>all of ${w.name}</option>
        ${options(w.entries.map((e) => ({ value: e.id, label: e.name && e.name !== e.id ? `${e.name} (${e.id})` : e.id })), current)}
      </optgroup>`,
    )}
  </select>`;
}

export function feedSelect(config: ConfigView, current: string): Html {
  const feeds = [...config.feeds].sort((a, b) => (a.title ?? a.id).localeCompare(b.title ?? b.id));
  return html`<select id="f-feed" name="feed"><option value="">every feed</option>${options(
    feeds.map((f) => ({ value: f.id, label: f.title ? `${f.title} (${f.id})` : f.id })),
    current,
  )}</select>`;
}

export function languageChoices(config: ConfigView): string[] {
  return [...new Set(['ar', 'en', 'fr', 'ru', ...config.feeds.map((f) => f.language).filter((l): l is string => Boolean(l))])].sort();
}

export function languageSelect(config: ConfigView, current: string): Html {
  return html`<select id="f-language" name="language"><option value="">every language</option>${options(
    languageChoices(config).map((l) => ({ value: l, label: l })),
    current,
  )}</select>`;
}
