// Storage failures end a run in words with exit status 2 (CONTRACT.md); the SMTP password never
// reaches the logs, the terminal or the database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, runToEnd, startFeedHost, startMailHost, type FeedHost, type MailHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-storage-');
let feeds: FeedHost;
let mail: MailHost;

beforeEach(async () => {
  feeds = await startFeedHost();
  mail = await startMailHost({ requireAuth: true });
});

afterEach(async () => {
  await feeds.close();
  await mail.close();
});

/** Root ignores file modes, so as root the read-only run happens as the unprivileged user `nobody`. */
const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534 } : {};

function expectWords(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(stderr).not.toMatch(/unexpected failure/);
}

describe('storage failures', () => {
  it('a read-only database ends the run with exit status 2 and says what to do', async () => {
    const inst = makeInstallation(tempDir(), feeds, null);
    expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    fs.chmodSync(inst.dir, 0o755);
    fs.chmodSync(path.dirname(inst.db), 0o555);
    for (const f of fs.readdirSync(path.dirname(inst.db))) fs.chmodSync(path.join(path.dirname(inst.db), f), 0o444);
    const run = await runToEnd(['run'], inst.env, asUnprivileged);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(inst.db);
    expect(run.stderr).toMatch(/read-only; give the Rasid user write access|Cannot open the database/);
    expectWords(run.stderr);
  }, 60_000);

  it('a database locked by another process ends the run with exit status 2 after the busy timeout', async () => {
    const inst = makeInstallation(tempDir(), feeds, null);
    expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    const holder = new Database(inst.db);
    holder.exec('BEGIN EXCLUSIVE');
    holder.prepare("INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ('test', 'x', '', '')").run();
    try {
      const run = await runToEnd(['run'], inst.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is locked by another process and stayed locked for 5 s; try again when it is done/);
      expectWords(run.stderr);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 60_000);

  it('a database whose folder cannot be created is reported in words with exit status 2', async () => {
    const dir = tempDir();
    const inst = makeInstallation(dir, feeds, null);
    fs.writeFileSync(path.join(dir, 'not-a-folder'), 'a file where the data folder should be');
    const run = await runToEnd(['run'], { ...inst.env, RASID_DB: path.join(dir, 'not-a-folder', 'rasid.db') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/(Cannot open the database|Storage failed on) .*not-a-folder\/rasid\.db/);
    expect(run.stderr).toMatch(/file already exists|not a directory|folder exists/);
    expectWords(run.stderr);
  }, 60_000);
});

describe('secrets', () => {
  const PASSWORD = 'Qv7-never-log-me-83';

  it('the SMTP password appears nowhere: not in logs (even at debug level), status output, or the database', async () => {
    const inst = makeInstallation(tempDir(), feeds, null);
    const port = new URL(mail.url).port;
    const env = { ...inst.env, SMTP_URL: `smtp://rasid-sender:${PASSWORD}@127.0.0.1:${port}`, RASID_LOG_LEVEL: 'debug' };
    const run = await runToEnd(['run'], env);
    // The server refused the login, so the digest could not go out: exit 2, hits pending.
    expect(run.code).toBe(2);
    expect(mail.logins).toContainEqual({ username: 'rasid-sender', password: PASSWORD });
    expect(run.stderr).toMatch(/could not send digest to desk@example\.org/);
    const status = await runToEnd(['status', '--json'], env);
    const dbText = Buffer.concat(
      fs.readdirSync(inst.dir).filter((f) => f.startsWith('rasid.db')).map((f) => fs.readFileSync(path.join(inst.dir, f))),
    ).toString('latin1');
    for (const text of [run.stdout, run.stderr, status.stdout, status.stderr, dbText]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
    expect(JSON.parse(status.stdout).attention.join('\n')).toMatch(/last message to desk@example.org could not be sent/);
  }, 60_000);

  it('a configuration mistake in SMTP_URL is reported without echoing the URL', async () => {
    const inst = makeInstallation(tempDir(), feeds, null);
    const run = await runToEnd(['run'], { ...inst.env, SMTP_URL: `http://rasid:${PASSWORD}@mail.example.org` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SMTP_URL must start with smtp:\/\/ or smtps:\/\//);
    expect(run.stderr).not.toContain(PASSWORD);
  }, 60_000);
});
