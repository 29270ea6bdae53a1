// A damaged SQLite file is noticed and explained: `rasid status` runs the quick integrity check
// (exit 3 with a sentence saying what to do), `rasid db check` runs the full one (exit 2), the
// daemon refuses to start on it, and a command that trips over a damaged page says so in words.
import fs from 'node:fs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DAILY_MS, watchIntegrity } from '../../src/daemon/integrity-watch.ts';
import { openStore } from '../../src/store/open-store.ts';
import { damageSqlite, fillArticles, type Damage } from '../helpers/damage-sqlite.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, runToEnd, startCli, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-damaged-');
const feeds = useFeedHost();

/** An installation after a good run, with enough articles for a table of many pages. */
async function healthyInstallation() {
  const inst = makeInstallation(tempDir(), feeds(), null);
  const run = await runToEnd(['run'], inst.env);
  expect(run.code, run.stderr).toBe(0);
  const store = await openStore(inst.db);
  await fillArticles(store);
  await store.close();
  const status = await runToEnd(['status'], inst.env);
  expect(status.code, status.stdout).toBe(0);
  expect(status.stdout).toMatch(/integrity {2}no damage found \(quick check/);
  return inst;
}

describe.each<Damage>(['flip-middle', 'zero-page'])('a database with a %s in a page of the articles table', { timeout: 120_000 }, (damage) => {
  it('`rasid status` exits 3 and says what to do; `rasid db check` exits 2 and lists the damage', async () => {
    const inst = await healthyInstallation();
    damageSqlite(inst.db, 'articles', damage);

    const status = await runToEnd(['status'], inst.env);
    expect(status.code, status.stdout + status.stderr).toBe(3);
    expect(status.stdout).toMatch(/integrity {2}DAMAGED: \d+ problem\(s\) \(quick check/);
    expect(status.stdout).toContain(`the database ${inst.db} is damaged (the quick integrity check found`);
    expect(status.stdout).toContain(`Stop Rasid and restore ${inst.db} from a backup`);
    expect(status.stdout).toContain(`\`rasid db copy --salvage --from ${inst.db} --to ${inst.db.replace(/\.db$/, '-recovered.db')}\``);
    const json = JSON.parse((await runToEnd(['status', '--json'], inst.env)).stdout) as { healthy: boolean; integrity: { ok: boolean; problems: string[] } };
    expect(json.healthy).toBe(false);
    expect(json.integrity.ok).toBe(false);
    expect(json.integrity.problems.length).toBeGreaterThan(0);

    const check = await runToEnd(['db', 'check'], inst.env);
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(/^full integrity check of .*rasid\.db \(sqlite\)/);
    expect(check.stdout).toMatch(/DAMAGED: \d+ problem\(s\)/);
    expect(check.stdout).toMatch(/What to do: Stop Rasid and restore/);
    expect(check.stderr).toBe('');
  });

  it('the daemon refuses to start on it (exit 2), in words', async () => {
    const inst = await healthyInstallation();
    damageSqlite(inst.db, 'articles', damage);
    feeds().requests.length = 0;
    const proc = startCli(['daemon', '--every', '1h'], inst.env);
    // A daemon that did start would run until stopped: end it rather than hang the suite.
    const stop = setTimeout(() => proc.child.kill('SIGKILL'), 60_000);
    const daemon = await proc.done.finally(() => clearTimeout(stop));
    expect(daemon.code).toBe(2);
    expect(daemon.stderr).toContain(`rasid: the database ${inst.db} is damaged`);
    expect(feeds().requests).toEqual([]);
  });
});

describe('the daemon\'s daily check', () => {
  it('runs the quick check once a day, logging damage as an error with what to do', async () => {
    const inst = await healthyInstallation();
    const store = await openStore(inst.db);
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    let clock = 1_000_000;
    const watch = watchIntegrity(store, logger, { now: () => clock, lastAt: clock });
    try {
      expect(await watch.checkIfDue()).toBeNull();
      clock += DAILY_MS - 1;
      expect(await watch.checkIfDue()).toBeNull();
      clock += 1;
      expect(await watch.checkIfDue()).toMatchObject({ ok: true });
      await store.close();
      damageSqlite(inst.db, 'articles', 'zero-page');
      const damaged = await openStore(inst.db);
      const again = watchIntegrity(damaged, logger, { now: () => clock });
      expect(await again.checkIfDue()).toMatchObject({ ok: false });
      await damaged.close();
    } finally {
      await store.close().catch(() => {});
    }
    expect(lines.map((l) => l.level)).toEqual([30, 50]);
    expect(lines[0]!.msg).toMatch(/^integrity check: no damage found \(\d+ ms\)$/);
    expect(lines[1]!.msg.startsWith(`the database ${inst.db} is damaged`)).toBe(true);
    expect(lines[1]!.msg).toMatch(/Stop Rasid and restore/);
  }, 120_000);
});

describe('reading a damaged page', { timeout: 120_000 }, () => {
  it('ends a command with exit 2 and the same advice, not a stack trace', async () => {
    const inst = await healthyInstallation();
    damageSqlite(inst.db, 'articles', 'zero-page');
    const backtest = await runToEnd(['watchlist', 'backtest'], inst.env);
    expect(backtest.code).toBe(2);
    expect(backtest.stderr).toMatch(/rasid: The database .*rasid\.db is damaged \(database disk image is malformed\)\. Stop Rasid and restore/);
    expect(backtest.stderr).not.toMatch(/^\s+at /m);
  });

  it('`rasid db check` on a sound database exits 0, and on no database at all says so without creating one', async () => {
    const inst = await healthyInstallation();
    const check = await runToEnd(['db', 'check'], inst.env);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/checked: every page and record, and every index against its table/);
    expect(check.stdout).toMatch(/no damage found/);
    const missing = `${inst.dir}/nothing-here.db`;
    const none = await runToEnd(['db', 'check'], { ...inst.env, RASID_DB: missing });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no database at .*nothing-here\.db yet/);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('saving what can be read: rasid db copy --salvage', { timeout: 120_000 }, () => {
  it.each<Damage>(['zero-page', 'flip-middle'])('copies every readable row of a database with a %s into a sound new file', async (damage) => {
    const inst = await healthyInstallation();
    const before = await openStore(inst.db);
    const articles = (await before.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM articles'))!.n;
    const hits = (await before.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM hits'))!.n;
    await before.close();
    damageSqlite(inst.db, 'articles', damage);
    const recovered = inst.db.replace(/\.db$/, '-recovered.db');

    // What status advises, word for word, is what works.
    const status = await runToEnd(['status'], inst.env);
    expect(status.stdout).toContain(`\`rasid db copy --salvage --from ${inst.db} --to ${recovered}\``);
    const plain = await runToEnd(['db', 'copy', '--from', inst.db, '--to', `${inst.dir}/plain.db`], inst.env);
    if (plain.code !== 0) {
      expect(plain.code).toBe(2);
      expect(plain.stderr).toMatch(/is damaged .*rasid db copy --salvage/);
    }

    const copy = await runToEnd(['db', 'copy', '--salvage', '--from', inst.db, '--to', recovered], inst.env);
    expect(copy.code, copy.stdout + copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/unreadable +orphaned/);
    const check = await runToEnd(['db', 'check'], { ...inst.env, RASID_DB: recovered });
    expect(check.code, check.stdout).toBe(0);
    const after = await openStore(recovered);
    try {
      const saved = (await after.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM articles'))!.n;
      // One page of articles at most is lost; the hits of the run's articles (the first rows) survive.
      expect(saved).toBeLessThan(articles);
      expect(saved).toBeGreaterThan(articles - 40);
      expect((await after.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM hits'))!.n).toBe(hits);
    } finally {
      await after.close();
    }
    expect(copy.stdout).toMatch(/Left out: articles \d+/);
  });
});
