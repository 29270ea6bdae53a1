// The page shell: navigation, the search box, who is signed in, and the banners that concern every
// page (configuration problems, the search index still being built).
import type { Context } from 'hono';
import type { WebEnv } from '../web-context.ts';
import { csrfField, html, type Html } from './html.ts';

export type Section = 'hits' | 'search' | 'watchlists' | 'feeds' | 'recipients' | 'login';

const NAV: Array<{ id: Section; href: string; label: string }> = [
  { id: 'hits', href: '/hits', label: 'Hits' },
  { id: 'search', href: '/search', label: 'Search' },
  { id: 'watchlists', href: '/watchlists', label: 'Watchlists' },
  { id: 'feeds', href: '/feeds', label: 'Feeds' },
  { id: 'recipients', href: '/recipients', label: 'Recipients' },
];

export interface PageOptions {
  title: string;
  section: Section;
  body: Html;
  /** A note shown above the page; by default the session's flash from the last redirect. */
  notice?: string | null;
  banners?: Html;
}

export function page(c: Context<WebEnv>, o: PageOptions): Html {
  const user = c.get('user');
  const session = c.get('session');
  const query = o.section === 'search' ? c.req.query('q') ?? '' : '';
  const notice = o.notice ?? session.flash ?? null;
  delete session.flash;
  return html`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Rasid</title>
<link rel="stylesheet" href="/static/rasid.css">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<script src="/static/rasid.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
  <a class="brand" href="/hits"><span lang="ar" dir="rtl">راصد</span> Rasid</a>
  ${user
    ? html`<nav aria-label="Sections"><ul>${NAV.map((n) => html`<li><a href="${n.href}"${n.id === o.section ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>
  <form class="quick-search" role="search" action="/search" method="get">
    <label class="visually-hidden" for="quick-q">Search the archive</label>
    <input id="quick-q" type="search" name="q" value="${query}" placeholder="Search the archive" dir="auto" accesskey="s">
  </form>
  <form class="who" action="/logout" method="post">${csrfField(session.csrf)}<span>${user}</span> <button type="submit" class="link">Sign out</button></form>`
    : ''}
</header>
${o.banners ?? ''}
<main id="main" tabindex="-1">
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<h1>${o.title}</h1>
${o.body}
</main>
</body>
</html>`;
}
