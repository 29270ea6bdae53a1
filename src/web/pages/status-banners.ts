// What every page says at the top when it matters: the configuration files have mistakes (the
// daemon keeps the last valid version meanwhile), or the search index is still being built.
import { searchBackfillState } from '../../store/search-index.ts';
import { html, plural, type Html } from '../render/html.ts';
import type { WebDeps } from '../web-context.ts';

export async function statusBanners(deps: WebDeps): Promise<Html> {
  const config = deps.config.current();
  const problems = config.feedProblems.length + config.watchlistProblems.length + config.recipientProblems.length;
  const backfill = await searchBackfillState(deps.store);
  return html`${problems
    ? html`<p class="banner warn" role="alert">The configuration has ${plural(problems, 'problem')}: see
        ${config.watchlistProblems.length ? html`<a href="/watchlists">Watchlists</a> ` : ''}${config.feedProblems.length ? html`<a href="/feeds">Feeds</a> ` : ''}${config.recipientProblems.length ? html`<a href="/recipients">Recipients</a>` : ''}.
        A running daemon keeps the last valid version until they are fixed.</p>`
    : ''}${backfill.remaining
    ? html`<p class="banner info" role="status">Older articles are still being added to the search index: ${plural(backfill.remaining, 'article')} to go. Search finds the rest meanwhile.</p>`
    : ''}`;
}
