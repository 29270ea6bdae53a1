import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { csrfOf, DEFAULT_FEEDS, startWebFixture, WebClient, type WebFixture } from './web-harness.ts';

let fixture: WebFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Desk exports</title></head><body>
  <outline text="Sahel"><outline text="Courier" title="Desert Courier" type="rss" xmlUrl="https://desert-courier.example/rss" language="fr"/></outline>
  <outline text="Wire again" type="rss" xmlUrl="WIRE_URL"/>
</body></opml>`;

async function start() {
  fixture = await startWebFixture({
    feeds: [...DEFAULT_FEEDS, { id: 'gone', file: 'gone.xml', title: 'Gone Daily' }, { id: 'moved', file: 'moved.xml', title: 'Moved Weekly' }],
    cycle: false,
  });
  fixture.feeds.routes.set('/moved.xml', { status: 301, body: '', headers: { location: `${fixture.feeds.baseUrl}/late.rss.xml` } });
  for (let i = 0; i < 3; i++) await fixture.cycle();
  return { f: fixture, client: new WebClient(fixture.url) };
}

describe('the feeds page', () => {
  it('shows the health of each feed: ok, failing with the last error in words, moved', async () => {
    const { client } = await start();
    const page = await client.get('/feeds');
    const row = (id: string) => page.text.slice(page.text.indexOf(`<tr id="feed-${id}">`), page.text.indexOf('</tr>', page.text.indexOf(`<tr id="feed-${id}">`)));
    expect(row('sahel-wire')).toContain('<span class="badge ok">ok</span>');
    expect(row('gone')).toContain('<span class="badge failing">failing</span>');
    expect(row('gone')).toContain('404 Not Found');
    expect(row('gone')).toMatch(/<td class="num" data-label="Failures in a row">3<\/td>/);
    expect(row('moved')).toContain('<span class="badge moved">moved</span>');
    expect(row('moved')).toContain('/late.rss.xml');
    expect(page.text).toContain('4 feeds · 1 failing');
  });

  it('test-fetches an address through the fetcher and shows what would be read, without storing anything', async () => {
    const { f, client } = await start();
    const before = await f.store.sql.get('SELECT COUNT(*) AS "n" FROM articles');
    const page = await client.get('/feeds');
    const res = await client.post('/feeds/add', { _csrf: csrfOf(page.text), url: `${f.feeds.baseUrl}/late.rss.xml`, kind: 'rss', action: 'test' });
    expect(res.text).toContain('Test fetch: 1 item would be read');
    expect(res.text).toContain('Le maréchal Hifter reçoit une délégation à Benghazi');
    expect(res.text).toContain('read as utf-8');
    const broken = await client.post('/feeds/add', { _csrf: csrfOf(page.text), url: `${f.feeds.baseUrl}/nothing-here.xml`, kind: 'rss', action: 'test' });
    expect(broken.text).toContain('404 Not Found');
    expect(await f.store.sql.get('SELECT COUNT(*) AS "n" FROM articles')).toEqual(before);
  });

  it('refuses a test fetch of a private address unless the feeds file allows them', async () => {
    const { f, client } = await start();
    fs.writeFileSync(f.paths.feeds, fs.readFileSync(f.paths.feeds, 'utf8').replace('allowPrivateNetworks: true, ', ''));
    const page = await client.get('/feeds');
    const res = await client.post('/feeds/add', { _csrf: csrfOf(page.text), url: `${f.feeds.baseUrl}/late.rss.xml`, kind: 'rss', action: 'test' });
    // The fetcher's own refusal, in its words (the fetch code decides what counts as private).
    expect(res.text).toMatch(/<h2 id="test-h">Test fetch of[\s\S]*?<p class="error" role="alert"><bdi>[^<]*127\.0\.0\.1[^<]*<\/bdi><\/p>/);
    expect(res.text).not.toContain('would be read');
  });

  it('adds a feed to the file (comments kept), refuses it twice, disables, enables and removes it', async () => {
    const { f, client } = await start();
    let page = await client.get('/feeds');
    const url = `${f.feeds.baseUrl}/late.rss.xml?edition=fr`;
    const added = await client.post('/feeds/add', { _csrf: csrfOf(page.text), url, title: 'Desert Courier', language: 'fr', kind: 'rss', interval: '15', action: 'add' });
    expect(added.status).toBe(303);
    let text = fs.readFileSync(f.paths.feeds, 'utf8');
    expect(text).toContain('# Feeds of the web tests');
    expect(text).toContain(`url: ${url}`);
    expect(text).toContain('interval: 15');
    page = await client.follow(added);
    expect(page.text).toMatch(/Added [^ ]+\. It is fetched in the next cycle\./);
    const id = /Added ([^ ]+)\./.exec(page.text)![1]!;
    const twice = await client.post('/feeds/add', { _csrf: csrfOf(page.text), url, kind: 'rss', action: 'add' });
    expect(twice.text).toContain('already in the feeds file');
    await client.post(`/feeds/${id}/enabled`, { _csrf: csrfOf(page.text), enabled: 'false' });
    text = fs.readFileSync(f.paths.feeds, 'utf8');
    expect(text).toMatch(/title: Desert Courier\n(?:.*\n)*?\s+enabled: false/);
    expect((await client.get('/feeds')).text).toContain('<span class="badge disabled">disabled</span>');
    await client.post(`/feeds/${id}/enabled`, { _csrf: csrfOf(page.text), enabled: 'true' });
    expect(fs.readFileSync(f.paths.feeds, 'utf8')).not.toContain('enabled: false');
    const removed = await client.post(`/feeds/${id}/remove`, { _csrf: csrfOf(page.text) });
    expect((await client.follow(removed)).text).toContain(`Removed ${id} from the feeds file`);
    expect(fs.readFileSync(f.paths.feeds, 'utf8')).not.toContain(url);
  });

  it('imports an OPML file after showing what it would add', async () => {
    const { f, client } = await start();
    const page = await client.get('/feeds');
    const form = new FormData();
    form.set('_csrf', csrfOf(page.text));
    form.set('action', 'preview');
    form.set('file', new Blob([OPML.replace('WIRE_URL', `${f.feeds.baseUrl}/wire.rss.xml`)], { type: 'text/x-opml' }), 'export.opml');
    const preview = await client.request('POST', '/feeds/import-opml', { body: form });
    expect(preview.text).toContain('The OPML file adds 1 feed');
    expect(preview.text).toContain('https://desert-courier.example/rss');
    expect(preview.text).toContain('already in the feeds file');
    expect(fs.readFileSync(f.paths.feeds, 'utf8')).not.toContain('desert-courier');
    const confirm = await client.post('/feeds/import-opml', { _csrf: csrfOf(preview.text), action: 'import', url: 'https://desert-courier.example/rss', title: 'Desert Courier', language: 'fr' });
    expect((await client.follow(confirm)).text).toContain('Imported 1 feed; 0 skipped');
    expect(fs.readFileSync(f.paths.feeds, 'utf8')).toMatch(/url: https:\/\/desert-courier.example\/rss\n\s+title: Desert Courier\n\s+language: fr/);
  });
});
