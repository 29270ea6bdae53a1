// `rasid run` and `rasid fetch` as the README describes them: a feed fetched on demand before its
// interval (`--feed ID`, `--now`), the `--recipients` / `--outbox` flags, a bad RASID_LOG_LEVEL
// refused in words, and one summary line per run, on a terminal and in a JSON log alike.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from '../helpers/run-cli.ts';
import { loopbackFetchDefaults } from '../helpers/loopback-opt-in.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, runToEnd, useFeedHost, type FeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-run-options-');
const feeds = useFeedHost();

/** The harness installation, but with feeds fetched at most every hour. */
function hourly(host: FeedHost) {
  const inst = makeInstallation(tempDir(), host, null);
  fs.writeFileSync(
    inst.env.RASID_FEEDS!,
    [
      'defaults:',
      '  interval: 60',
      ...loopbackFetchDefaults,
      'feeds:',
      `  - { url: "${host.baseUrl}/sahel-desk.rss.xml", id: sahel-desk, language: en }`,
      `  - { url: "${host.baseUrl}/maghreb-fr.rss.xml", id: maghreb-fr, language: fr }`,
      '',
    ].join('\n'),
  );
  return inst;
}

const fetched = (host: FeedHost) => host.requests.map((p) => path.basename(p)).sort();

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a shell sees it. */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const clean = { ...process.env };
  for (const k of ['SMTP_URL', 'RASID_DIGEST_TO', 'RASID_RECIPIENTS', 'RASID_DB', 'RASID_FEEDS', 'RASID_WATCHLISTS', 'RASID_OUTBOX']) delete clean[k];
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: REPO_ROOT, env: { ...clean, RASID_LOG_LEVEL: 'info', ...env } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Terminal output as lines: colours removed, and what a carriage return overwrote dropped. */
function screenLines(output: string): string[] {
  return output
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((line) => line.split('\r').at(-1)!)
    .filter((line) => line.trim() !== '');
}

describe('rasid run and fetch options', { timeout: 120_000 }, () => {
  it('`fetch --feed ID` fetches that feed before its interval, and no other; `--now` fetches every feed', async () => {
    const inst = hourly(feeds());
    expect((await runToEnd(['fetch'], inst.env)).code).toBe(0);
    expect(fetched(feeds())).toEqual(['maghreb-fr.rss.xml', 'sahel-desk.rss.xml']);

    feeds().requests.length = 0;
    const notDue = await runToEnd(['fetch'], inst.env);
    expect(notDue.code).toBe(0);
    expect(notDue.stderr).toMatch(/feeds 0 ok, 0 failed, 2 not due/);
    expect(feeds().requests).toEqual([]);

    const one = await runToEnd(['fetch', '--feed', 'sahel-desk'], inst.env);
    expect(one.code, one.stderr).toBe(0);
    expect(fetched(feeds())).toEqual(['sahel-desk.rss.xml']);

    feeds().requests.length = 0;
    const all = await runToEnd(['run', '--now'], { ...inst.env, RASID_DIGEST_TO: 'desk@example.org' });
    expect(all.code, all.stderr).toBe(0);
    expect(fetched(feeds())).toEqual(['maghreb-fr.rss.xml', 'sahel-desk.rss.xml']);
  });

  it('`--feed` with an id the feeds file does not have is a usage error with a suggestion, and fetches nothing', async () => {
    const inst = hourly(feeds());
    const typo = await runToEnd(['fetch', '--feed', 'sahel-dsk'], inst.env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/--feed sahel-dsk: no feed with this id in .*feeds\.yaml — did you mean `sahel-desk`\?/);
    expect(feeds().requests).toEqual([]);
  });

  it('`run` takes --recipients and --outbox, as `digest` does', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    delete inst.env.RASID_DIGEST_TO;
    const recipients = path.join(inst.dir, 'people.yaml');
    fs.writeFileSync(recipients, 'recipients:\n  - address: field@example.org\n');
    const outbox = path.join(inst.dir, 'elsewhere');
    const run = await runToEnd(['run', '--recipients', recipients, '--outbox', outbox], inst.env);
    expect(run.code, run.stderr).toBe(0);
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.includes('field_example.org'))).toBe(true);
    expect(fs.existsSync(inst.env.RASID_OUTBOX!)).toBe(false);
  });

  it('refuses RASID_LOG_LEVEL=verbose in words with exit 1, without a stack trace', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const run = await runToEnd(['run'], { ...inst.env, RASID_LOG_LEVEL: 'verbose' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RASID_LOG_LEVEL "verbose" is not a log level — use debug, info, warn or error/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(feeds().requests).toEqual([]);
    const typo = await runToEnd(['status'], { ...inst.env, RASID_LOG_LEVEL: 'debg' });
    expect(typo.stdout).toMatch(/configuration: RASID_LOG_LEVEL "debg" is not a log level — did you mean `debug`\?/);
  });

  it('on a terminal, a run prints one line per message and one summary line, not the report as an object', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const run = await onTerminal(['run'], inst.env);
    expect(run.code, run.output).toBe(0);
    const lines = screenLines(run.output);
    expect(lines.filter((l) => /INFO: ok: feeds 2 ok, 0 failed · items 7 new · hits \d+ new · mails \d+ sent · [\d.]+ s$/.test(l))).toHaveLength(1);
    for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN|ERROR):/);
  });

  it('off a terminal, the summary is one JSON line with the counts, not the per-feed report', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const run = await runToEnd(['run'], inst.env);
    expect(run.code).toBe(0);
    const last = JSON.parse(run.stderr.trim().split('\n').at(-1)!) as { msg: string; summary: Record<string, unknown> };
    expect(last.msg).toMatch(/^ok: feeds 2 ok/);
    expect(last.summary).toEqual({
      status: 'ok',
      feeds: { ok: 2, failed: 0, notDue: 0 },
      itemsNew: 7,
      hitsNew: expect.any(Number),
      mails: { sent: expect.any(Number), failed: 0 },
      skipped: [],
      durationMs: expect.any(Number),
    });
  });
});
