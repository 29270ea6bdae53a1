// Processes that start together on one SQLite file (two container jobs on a new volume, a daemon
// and a manual run): the first migrates while the others wait, and writers queue on the busy
// timeout instead of failing with "database is locked" (issue 15, item 8).
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, readLedger, runToEnd, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-together-');
const feeds = useFeedHost();

describe('several processes starting together on one new SQLite file', () => {
  it('four `rasid run` at once: none fails, the schema is made once, each hit is delivered once', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const runs = await Promise.all([0, 1, 2, 3].map(() => runToEnd(['run'], inst.env)));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/locked|already exists|SQLITE_BUSY/i);
    }
    const state = await readLedger(inst.db);
    expect(state.articles).toHaveLength(7);
    expect(state.delivered).toHaveLength(state.hits.length);
    expect(state.runs.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  }, 120_000);

  it('four `rasid status` and four `rasid fetch` at once on a database that exists: all succeed', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    expect((await runToEnd(['fetch'], inst.env)).code).toBe(0);
    const runs = await Promise.all([...[0, 1, 2, 3].map(() => runToEnd(['fetch'], inst.env)), ...[0, 1, 2, 3].map(() => runToEnd(['status'], inst.env))]);
    for (const r of runs) expect([0, 3], r.stderr).toContain(r.code);
    for (const r of runs) expect(r.stderr).not.toMatch(/locked|SQLITE_BUSY/i);
  }, 120_000);
});
