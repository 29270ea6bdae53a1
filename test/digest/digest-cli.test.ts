// `rasid digest` and `rasid hits` as a user runs them: a child process, env configuration, a real
// SMTP server and a seeded database file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.ts';
import { STORIES } from '../fixtures/digest/stories.ts';
import { openStore } from '../../src/store/open-store.ts';
import { seed, tempDir } from './seed.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/rasid.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function rasid(args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, RASID_LOG_LEVEL: 'warn', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let smtp: SmtpTestServer;
let dir: string;
let env: Record<string, string>;
let hitCount: number;

beforeEach(async () => {
  smtp = await startSmtpServer();
  dir = tempDir('rasid-digest-cli-');
  const store = await openStore(path.join(dir, 'rasid.db'));
  hitCount = (await seed(store, STORIES, new Date())).length;
  await store.close();
  env = {
    RASID_DB: path.join(dir, 'rasid.db'),
    RASID_WATCHLISTS: path.join(ROOT, 'watchlists'),
    RASID_DIGEST_TO: 'desk@example.org',
    SMTP_URL: smtp.url,
  };
});
afterEach(async () => {
  await smtp.close();
});

// Each run starts a Node process with tsx (seconds on a busy machine), hence the generous timeout.
describe('rasid digest', { timeout: 120_000 }, () => {
  it('sends pending hits, exits 0, and a second run sends nothing', async () => {
    const first = await rasid(['digest'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^sent alert to desk@example\.org: 2 hit\(s\)/m);
    expect(first.stdout).toMatch(/^sent digest to desk@example\.org: 6 hit\(s\)/m);
    expect(smtp.received).toHaveLength(2);
    const second = await rasid(['digest'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Nothing to send/);
    expect(smtp.received).toHaveLength(2);
  });

  it('exits 2 when sending fails and delivers the same hits on the next run', async () => {
    smtp.failAll = true;
    const failed = await rasid(['digest'], env);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toMatch(/its hits stay pending/);
    smtp.failAll = false;
    const retried = await rasid(['digest', '--json'], env);
    expect(retried.code).toBe(0);
    const report = JSON.parse(retried.stdout) as { sent: number; messages: Array<{ hitCount: number }> };
    expect(report.sent).toBe(2);
    expect(report.messages.reduce((n, m) => n + m.hitCount, 0)).toBe(hitCount);
  });

  it('--preview writes the next digest as HTML without sending or marking anything', async () => {
    const file = path.join(dir, 'preview', 'next.html');
    const preview = await rasid(['digest', '--preview', file], env);
    expect(preview.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*Agadem/);
    expect(preview.stderr).toMatch(/preview of the digest for desk@example\.org: 6 hit\(s\)/);
    expect(smtp.received).toHaveLength(0);
    const pending = await rasid(['hits', '--pending', '--json'], env);
    expect(JSON.parse(pending.stdout)).toHaveLength(hitCount);
  });

  it('--preview and --dry-run on no database say so and create none', async () => {
    const missing = path.join(dir, 'elsewhere', 'rasid.db');
    for (const args of [['digest', '--preview', path.join(dir, 'p.html')], ['digest', '--dry-run']]) {
      const res = await rasid(args, { ...env, RASID_DB: missing });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/no database at .*elsewhere\/rasid\.db yet: run `rasid run` first/);
      expect(fs.existsSync(missing)).toBe(false);
    }
  });

  it('--dry-run says who would get what and sends nothing', async () => {
    const dry = await rasid(['digest', '--dry-run'], { ...env, RASID_DIGEST_TO: 'a@example.org,b@example.org' });
    expect(dry.code).toBe(0);
    expect(dry.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^would send alert to a@example\.org: 2 hit\(s\) — Rasid alert: /),
      expect.stringMatching(/^would send digest to a@example\.org: 6 hit\(s\) — Rasid: /),
      expect.stringMatching(/^would send alert to b@example\.org: 2 hit\(s\)/),
      expect.stringMatching(/^would send digest to b@example\.org: 6 hit\(s\)/),
    ]);
    expect(smtp.received).toHaveLength(0);
  });

  it('writes .eml and .html to the outbox when SMTP_URL is unset', async () => {
    const { SMTP_URL: _unset, ...noSmtp } = env;
    const run = await rasid(['digest'], { ...noSmtp, RASID_OUTBOX: path.join(dir, 'out') });
    expect(run.code).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'out'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(2);
  });

  it('rejects a bad recipient address with a clear error and exit 1', async () => {
    const run = await rasid(['digest'], { ...env, RASID_DIGEST_TO: 'Desk <desk at example.org>' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RASID_DIGEST_TO: "Desk <desk at example\.org>" is not a plain email address/);
  });

  it('takes Name <address>: the name is shown in To, the ledger keeps the address', async () => {
    const run = await rasid(['digest'], { ...env, RASID_DIGEST_TO: 'Desk Team <desk@example.org>, بوابة ليبيا <libya@example.org>' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^sent digest to desk@example\.org: 6 hit\(s\)/m);
    const to = smtp.received.map((m) => [m.envelopeTo, m.parsed.to && 'text' in m.parsed.to ? m.parsed.to.text : null]);
    expect(to).toContainEqual([['desk@example.org'], '"Desk Team" <desk@example.org>']);
    expect(to).toContainEqual([['libya@example.org'], '"بوابة ليبيا" <libya@example.org>']);
    const again = await rasid(['digest'], { ...env, RASID_DIGEST_TO: 'desk@example.org' });
    expect(again.stdout).toMatch(/^Nothing to send/);
  });

  it('reads recipients, subscriptions included, from the recipients file', async () => {
    const file = path.join(dir, 'recipients.yaml');
    fs.writeFileSync(file, 'recipients:\n  - address: oil@example.org\n    entries: [agadem]\n');
    const run = await rasid(['digest'], { ...env, RASID_RECIPIENTS: file });
    expect(run.code).toBe(0);
    expect(smtp.received.map((m) => [m.envelopeTo, m.parsed.subject])).toEqual([[['oil@example.org'], 'Rasid: 1 new on Agadem oil and pipeline']]);
  });
});

describe('rasid hits', { timeout: 120_000 }, () => {
  it('lists hits as a table and filters by entry, state and date', async () => {
    const table = await rasid(['hits'], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+created \(UTC\)\s+priority\s+entry\s+delivered\s+source\s+title$/);
    expect(lines).toHaveLength(hitCount + 1);
    const agadem = await rasid(['hits', '--entry', 'agadem', '--json'], env);
    const parsed = JSON.parse(agadem.stdout) as Array<{ entry: string; deliveredTo: unknown[]; article: { url: string } }>;
    expect(parsed.map((h) => h.entry)).toEqual(['agadem', 'agadem']);
    expect(parsed[0]!.deliveredTo).toEqual([]);
    await rasid(['digest'], env);
    const delivered = await rasid(['hits', '--delivered', '--recipient', 'desk@example.org', '--json'], env);
    expect(JSON.parse(delivered.stdout)).toHaveLength(hitCount);
    expect(JSON.parse((await rasid(['hits', '--pending', '--since', '7d', '--json'], env)).stdout)).toEqual([]);
  });

  it('explains a bad --since', async () => {
    const run = await rasid(['hits', '--since', 'yesterday-ish'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--since yesterday-ish: not a date/);
  });
});
