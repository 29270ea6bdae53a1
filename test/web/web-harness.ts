// A real Rasid web UI for tests: a temp folder with a feeds file pointing at a loopback feed
// server (fixture feeds of test/fixtures/web, hostile ones included), a copy of the test
// watchlist, a SQLite database filled by one real fetch + match cycle, and the server listening on
// a free loopback port. WebClient talks to it like a browser without JavaScript: cookies kept,
// forms posted with the token the page carried.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePaths, type Paths } from '../../src/config/paths.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { runCycle } from '../../src/pipeline/run-cycle.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { webDeps } from '../../src/web/serve-web.ts';
import { startWebServer, type WebServer } from '../../src/web/start-web-server.ts';
import type { WebDeps } from '../../src/web/web-context.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'web');

export interface WebFixture {
  dir: string;
  paths: Paths;
  store: Store;
  feeds: FeedServer;
  server: WebServer;
  deps: WebDeps;
  url: string;
  /** One fetch + match cycle over the feeds file as it is now (what the daemon would do next). */
  cycle(): Promise<void>;
  close(): Promise<void>;
}

export function feedsFileText(baseUrl: string, feeds: Array<{ id: string; file: string; title?: string; language?: string }>): string {
  return [
    '# Feeds of the web tests (loopback fixture server).',
    'defaults:',
    '  interval: 0',
    '  fetch: { allowPrivateNetworks: true, retries: 0 }',
    'feeds:',
    ...feeds.flatMap((f) => [
      `  - url: ${baseUrl}/${f.file}`,
      `    id: ${f.id}`,
      ...(f.title ? [`    title: ${f.title}`] : []),
      ...(f.language ? [`    language: ${f.language}`] : []),
    ]),
    '',
  ].join('\n');
}

export const DEFAULT_FEEDS = [
  { id: 'sahel-wire', file: 'wire.rss.xml', title: 'Sahel Wire' },
  { id: 'hostile', file: 'hostile.rss.xml', title: 'Hostile Wire', language: 'en' },
];

export async function startWebFixture(options: { env?: Record<string, string>; feeds?: typeof DEFAULT_FEEDS; cycle?: boolean } = {}): Promise<WebFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-web-'));
  const feeds = await startFeedServer();
  for (const name of ['wire.rss.xml', 'hostile.rss.xml', 'late.rss.xml']) feeds.serveFile(`/${name}`, path.join(FIXTURES, name), 'application/rss+xml; charset=utf-8');
  fs.cpSync(path.join(FIXTURES, 'watchlists'), path.join(dir, 'watchlists'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'feeds.yaml'), feedsFileText(feeds.baseUrl, options.feeds ?? DEFAULT_FEEDS));
  const paths = resolvePaths({}, { RASID_DB: path.join(dir, 'rasid.db'), RASID_FEEDS: path.join(dir, 'feeds.yaml'), RASID_WATCHLISTS: path.join(dir, 'watchlists'), RASID_RECIPIENTS: path.join(dir, 'recipients.yaml'), RASID_OUTBOX: path.join(dir, 'outbox') }, dir);
  const store = await openStore(paths.db);
  const env = { ...options.env };
  const cycle = async () => {
    const config = loadConfig({ db: paths.db, feeds: paths.feeds, watchlists: paths.watchlists }, {}, { feeds: true, watchlists: true });
    await runCycle({ store, feeds: config.feeds, fetchLimits: config.fetchLimits, watchlists: config.watchlists, logger: silentLogger(), now: () => new Date() });
  };
  if (options.cycle ?? true) await cycle();
  const deps = webDeps({ store, paths, env, logger: silentLogger() });
  const server = await startWebServer({ host: '127.0.0.1', port: 0 }, deps);
  return {
    dir,
    paths,
    store,
    feeds,
    server,
    deps,
    url: server.url,
    cycle,
    async close() {
      await server.close();
      await feeds.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** The hidden CSRF field of the first form on a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on this page');
  return m[1]!;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, pathname: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<WebResponse> {
    const res = await fetch(new URL(pathname, this.base), {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...init.headers },
      body: init.body,
    });
    this.remember(res);
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  get(pathname: string, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.request('GET', pathname, { headers });
  }

  /** Posts a form as a browser would: urlencoded, with the token given (or none). */
  post(pathname: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<WebResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return this.request('POST', pathname, { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** Loads `formPage`, then posts `fields` with that page's CSRF token to `action`. */
  async submit(formPage: string, action: string, fields: Record<string, string | string[]>): Promise<WebResponse> {
    const page = await this.get(formPage);
    return this.post(action, { ...fields, _csrf: csrfOf(page.text) });
  }

  /** Follows one redirect (303 after a post) and returns the page it leads to. */
  async follow(res: WebResponse): Promise<WebResponse> {
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect (status ${res.status}): ${res.text.slice(0, 200)}`);
    return this.get(location);
  }
}
