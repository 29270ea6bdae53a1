// The whole pipeline through the real CLI: a loopback feed server, a real SMTP server whose mail is
// parsed, a real SQLite file. These are the promises of issue 2 as a user sees them.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { loopbackEnv } from '../helpers/loopback-opt-in.ts';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/pipeline');
const tempDir = useTempDir();

let feeds: FeedServer;
let smtp: SmtpTestServer;
let dir: string;
let env: Record<string, string>;

const kindOf = (m: { parsed: { headers: Map<string, unknown> } }) => String(m.parsed.headers.get('x-rasid-kind'));

function query<T>(sql: string): T[] {
  const db = new Database(path.join(dir, 'rasid.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  feeds = await startFeedServer();
  feeds.serveFile('/sahel.xml', path.join(FIXTURES, 'sahel-wire.rss.xml'), 'application/rss+xml; charset=utf-8');
  feeds.serveFile('/barqa.xml', path.join(FIXTURES, 'libya-ar.atom.xml'), 'application/atom+xml');
  smtp = await startSmtpServer();
  dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'feeds.yaml'),
    `defaults:\n  interval: 0\nfeeds:\n  - url: ${feeds.baseUrl}/sahel.xml\n    language: en\n  - url: ${feeds.baseUrl}/barqa.xml\n    id: barqa\n    title: أخبار برقة\n    language: ar\n`,
  );
  env = {
    RASID_DB: path.join(dir, 'rasid.db'),
    RASID_FEEDS: path.join(dir, 'feeds.yaml'),
    RASID_WATCHLISTS: path.join(REPO_ROOT, 'watchlists'),
    RASID_OUTBOX: path.join(dir, 'outbox'),
    RASID_DIGEST_TO: 'desk@example.org',
    SMTP_URL: smtp.url,
    ...loopbackEnv,
  };
});

afterEach(async () => {
  await feeds.close();
  await smtp.close();
});

describe('rasid run, end to end', () => {
  it('fetches, matches, stores and mails one digest with HTML and text parts', async () => {
    const run = await runCli(['run'], { env });
    expect(run.stderr).not.toMatch(/unexpected failure/);
    expect(run.code).toBe(0);

    const articles = query<{ title: string }>('SELECT title FROM articles');
    expect(articles).toHaveLength(5);
    const hits = query<{ entry: string; title: string; terms: string }>(
      'SELECT h.entry, a.title, h.terms FROM hits h JOIN articles a ON a.id = h.article_id',
    );
    const entries = new Set(hits.map((h) => h.entry));
    for (const e of ['mody', 'haftar', 'agadem', 'yevkurov']) expect(entries).toContain(e);
    expect(hits.find((h) => h.title.includes('Narendra Modi'))).toBeUndefined();

    // The critical entry (Mody's Benghazi trip) goes out at once as an alert; the rest in the digest.
    expect(smtp.received.map(kindOf).sort()).toEqual(['alert', 'digest']);
    for (const m of smtp.received) expect(m.envelopeTo).toEqual(['desk@example.org']);
    const mail = smtp.received.find((m) => kindOf(m) === 'digest')!;
    expect(query('SELECT id FROM deliveries')).toHaveLength(query('SELECT id FROM hits').length);
    expect(mail.parsed.html).toBeTruthy();
    expect(mail.parsed.text).toMatch(/Mody/);
    expect(mail.parsed.html as string).toContain('حفتر');
    expect(mail.raw).toMatch(/multipart\/alternative/i);
    expect(mail.raw).toMatch(/charset="?utf-8"?/i);
  });

  it('asks again with conditional GET and sends nothing new on a second run', async () => {
    expect((await runCli(['run'], { env })).code).toBe(0);
    feeds.log.length = 0;
    const second = await runCli(['run'], { env });
    expect(second.code).toBe(0);
    // interval 0: both feeds are due again, and both answer 304 to the stored validators.
    expect(feeds.log.map((r) => r.status)).toEqual([304, 304]);
    expect(query('SELECT id FROM articles')).toHaveLength(5);
    expect(smtp.received).toHaveLength(2);
  });

  it('keeps hits pending while the SMTP server refuses, then delivers them exactly once', async () => {
    smtp.failAll = true;
    const refused = await runCli(['run'], { env });
    expect(refused.code).toBe(2);
    expect(smtp.received).toHaveLength(0);
    expect(query('SELECT id FROM deliveries')).toHaveLength(0);
    const hitCount = query('SELECT id FROM hits').length;
    expect(hitCount).toBeGreaterThan(0);

    smtp.failAll = false;
    expect((await runCli(['run'], { env })).code).toBe(0);
    expect(smtp.received.map(kindOf).sort()).toEqual(['alert', 'digest']);
    const deliveries = query<{ hit_id: number }>('SELECT hit_id FROM deliveries');
    expect(deliveries).toHaveLength(hitCount);
    expect(new Set(deliveries.map((d) => d.hit_id)).size).toBe(hitCount);

    expect((await runCli(['run'], { env })).code).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('reports a failing feed by name and stores the others; exit 2 only when every feed fails', async () => {
    fs.appendFileSync(path.join(dir, 'feeds.yaml'), `  - url: ${feeds.baseUrl}/gone.xml\n    id: gone\n`);
    const partial = await runCli(['fetch'], { env });
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/gone/);
    expect(partial.stderr).toMatch(/404/);
    expect(query('SELECT id FROM articles')).toHaveLength(5);

    fs.writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - url: ${feeds.baseUrl}/missing.xml\n`);
    const none = await runCli(['fetch'], { env: { ...env, RASID_DB: path.join(dir, 'other.db') } });
    expect(none.code).toBe(2);
  });

  it('writes the digest to the outbox as .eml and .html when SMTP_URL is unset', async () => {
    const { SMTP_URL: _unset, ...noSmtp } = env;
    expect((await runCli(['run'], { env: noSmtp })).code).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(2);
    const html = files.filter((f) => f.endsWith('.html')).map((f) => fs.readFileSync(path.join(dir, 'outbox', f), 'utf8'));
    expect(html.some((h) => h.includes('Salifou Mody'))).toBe(true);
    expect(html.some((h) => h.includes('حفتر'))).toBe(true);
    expect((await runCli(['run'], { env: noSmtp })).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'outbox'))).toHaveLength(4);
  });

  it('rejects a broken configuration with every problem listed and exit 1, before fetching', async () => {
    fs.writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - url: ftp://nowhere\n  - urll: ${feeds.baseUrl}/sahel.xml\n`);
    const res = await runCli(['run'], { env: { ...env, SMTP_URL: 'http://wrong' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/feeds\.yaml:2/);
    expect(res.stderr).toMatch(/feeds\.yaml:3/);
    expect(res.stderr).toMatch(/SMTP_URL/);
    expect(feeds.log).toEqual([]);
  });
});
