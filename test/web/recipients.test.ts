import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { csrfOf, startWebFixture, WebClient, type WebFixture } from './web-harness.ts';

let fixture: WebFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

const RECIPIENTS = `# The desk's recipients (test).
defaults:
  timeZone: Africa/Tripoli   # the desk's zone
  hour: 7
recipients:
  - address: desk@example.org          # everything
  - address: energy@example.org
    entries: [agadem]
`;

async function start(options: { file?: string; env?: Record<string, string> } = {}) {
  fixture = await startWebFixture({ env: options.env });
  if (options.file !== undefined) fs.writeFileSync(fixture.paths.recipients, options.file);
  return { f: fixture, client: new WebClient(fixture.url) };
}

describe('recipients and subscriptions', () => {
  it('lists recipients with what they subscribe to and when their digest goes', async () => {
    const { client } = await start({ file: RECIPIENTS });
    const page = await client.get('/recipients');
    expect(page.text).toContain('<code>desk@example.org</code></td><td data-label="Subscribes to">every entry</td><td data-label="Digest">07:00 Africa/Tripoli</td>');
    expect(page.text).toContain('Agadem oil field and pipeline');
  });

  it('adds a recipient, keeping the comments of the file, and changes one', async () => {
    const { f, client } = await start({ file: RECIPIENTS });
    const form = await client.get('/recipients/new');
    const saved = await client.post('/recipients/save', {
      _csrf: csrfOf(form.text),
      version: /name="version" value="([^"]+)"/.exec(form.text)![1]!,
      original: '',
      address: 'duty@example.org',
      entries: ['mody-benghazi-trip', 'haftar'],
      watchlists: [],
      hour: 'null',
      timeZone: 'Africa/Niamey',
      minPriority: 'high',
      alerts: 'yes',
    });
    expect(saved.status).toBe(303);
    const text = fs.readFileSync(f.paths.recipients, 'utf8');
    expect(text).toContain('  timeZone: Africa/Tripoli   # the desk\'s zone');
    expect(text).toContain('  - address: desk@example.org          # everything');
    expect(text).toMatch(/- address: duty@example.org\n\s+entries: \[mody-benghazi-trip, haftar\]\n\s+hour: null\n\s+timeZone: Africa\/Niamey\n\s+minPriority: high\n\s+alerts: true/);
    const edit = await client.get('/recipients/edit?address=energy%40example.org');
    expect(edit.text).toMatch(/name="entries" value="agadem" checked/);
    const changed = await client.post('/recipients/save', {
      _csrf: csrfOf(edit.text),
      version: /name="version" value="([^"]+)"/.exec(edit.text)![1]!,
      original: 'energy@example.org',
      address: 'energy@example.org',
      entries: ['agadem'],
      watchlists: ['desk'],
      hour: '9',
    });
    expect(changed.status).toBe(303);
    expect(fs.readFileSync(f.paths.recipients, 'utf8')).toMatch(/- address: energy@example.org\n\s+entries: \[agadem\]\n\s+watchlists: \[desk\]\n\s+hour: 9\n/);
  });

  it('refuses a bad address, an unknown zone, and a save over a changed file', async () => {
    const { f, client } = await start({ file: RECIPIENTS });
    const form = await client.get('/recipients/new');
    const version = /name="version" value="([^"]+)"/.exec(form.text)![1]!;
    const bad = await client.post('/recipients/save', { _csrf: csrfOf(form.text), version, original: '', address: 'desk at example.org', timeZone: 'Mars/Olympus' });
    expect(bad.text).toContain('Not saved yet');
    expect(bad.text).toContain('is not a plain email address');
    expect(bad.text).toContain('not an IANA time zone');
    fs.appendFileSync(f.paths.recipients, '  - address: late@example.org\n');
    const stale = await client.post('/recipients/save', { _csrf: csrfOf(form.text), version, original: '', address: 'new@example.org' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('changed since you opened this form');
    expect(stale.text).toContain('late@example.org');
    expect(fs.readFileSync(f.paths.recipients, 'utf8')).not.toContain('new@example.org');
  });

  it('writes a recipients file that keeps the RASID_DIGEST_TO addresses when there was none', async () => {
    const { f, client } = await start({ env: { RASID_DIGEST_TO: 'a@example.org,b@example.org' } });
    expect((await client.get('/recipients')).text).toContain('From <code>RASID_DIGEST_TO</code>');
    const form = await client.get('/recipients/new');
    const saved = await client.post('/recipients/save', { _csrf: csrfOf(form.text), version: /name="version" value="([^"]+)"/.exec(form.text)![1]!, original: '', address: 'c@example.org' });
    expect(saved.status).toBe(303);
    const text = fs.readFileSync(f.paths.recipients, 'utf8');
    for (const a of ['a@example.org', 'b@example.org', 'c@example.org']) expect(text).toContain(`- address: ${a}`);
  });

  it('previews the next digest of a recipient without sending or marking anything', async () => {
    const { f, client } = await start({ file: RECIPIENTS });
    const page = await client.get('/recipients/preview?address=energy%40example.org');
    expect(page.text).toContain('Digest: 1 hit');
    expect(page.text).toContain('Their digest is due daily once 07:00 Africa/Tripoli has come');
    const frame = await client.get('/recipients/preview.html?kind=digest&address=energy%40example.org');
    expect(frame.text).toContain('oléoduc');
    expect(frame.headers.get('content-security-policy')).toContain('sandbox');
    expect(frame.headers.get('content-security-policy')).not.toContain('script-src');
    const everything = await client.get('/recipients/preview');
    expect(everything.text).toMatch(/Alert: \d+ hits?/);
    expect(await f.store.sql.get('SELECT COUNT(*) AS "n" FROM digests')).toEqual({ n: 0 });
    expect(await f.store.sql.get('SELECT COUNT(*) AS "n" FROM deliveries')).toEqual({ n: 0 });
    expect(fs.existsSync(f.paths.outbox) ? fs.readdirSync(f.paths.outbox) : []).toEqual([]);
  });
});
