import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import {
  acquireLease,
  holderIsDead,
  holdLease,
  listLeases,
  newLeaseHolder,
  readLease,
  releaseLease,
  renewLease,
} from '../../src/store/leases-repo.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { BACKENDS, newDatabase, useStore } from '../helpers/stores.ts';

const T0 = new Date('2026-11-29T03:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(BACKENDS)('leases on %s', (backend) => {
  const db = useStore(backend);
  const freshStore = () => db.open();

  it('gives a free lease to the first holder and refuses a second one while it is valid', async () => {
    const store = await freshStore();
    const a = await acquireLease(store, 'cycle', 'host:1:a', 60_000, T0);
    expect(a.acquired).toBe(true);
    const b = await acquireLease(store, 'cycle', 'host:2:b', 60_000, at(30_000));
    expect(b).toMatchObject({ acquired: false, heldBy: { holder: 'host:1:a', expiresAt: at(60_000).toISOString() } });
  });

  it('lets a holder take its own lease again, and separate names do not block each other', async () => {
    const store = await freshStore();
    expect((await acquireLease(store, 'cycle', 'h:1:a', 60_000, T0)).acquired).toBe(true);
    expect(await acquireLease(store, 'cycle', 'h:1:a', 60_000, at(1000))).toMatchObject({ acquired: true, tookOverFrom: null });
    expect((await acquireLease(store, 'digest', 'h:2:b', 60_000, at(1000))).acquired).toBe(true);
    expect((await listLeases(store)).map((l) => `${l.name}=${l.holder}`)).toEqual(['cycle=h:1:a', 'digest=h:2:b']);
  });

  it('takes over an expired lease (its holder crashed) and says from whom', async () => {
    const store = await freshStore();
    await acquireLease(store, 'cycle', 'other-host:1:a', 60_000, T0);
    const late = await acquireLease(store, 'cycle', 'me:2:b', 60_000, at(60_000));
    expect(late).toMatchObject({ acquired: true, tookOverFrom: 'other-host:1:a' });
    expect((await readLease(store, 'cycle'))?.holder).toBe('me:2:b');
  });

  it('renewal extends only a lease still held, and a taken-over holder learns it lost it', async () => {
    const store = await freshStore();
    await acquireLease(store, 'cycle', 'x:1:a', 60_000, T0);
    expect(await renewLease(store, 'cycle', 'x:1:a', 60_000, at(50_000))).toBe(true);
    expect((await acquireLease(store, 'cycle', 'y:2:b', 60_000, at(100_000))).acquired).toBe(false);
    expect((await acquireLease(store, 'cycle', 'y:2:b', 60_000, at(110_000))).acquired).toBe(true);
    expect(await renewLease(store, 'cycle', 'x:1:a', 60_000, at(111_000))).toBe(false);
    expect(await releaseLease(store, 'cycle', 'x:1:a')).toBe(false);
    expect((await readLease(store, 'cycle'))?.holder).toBe('y:2:b');
  });

  it('treats a holder on this host whose process is gone as dead, and a live or foreign one as alive', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    const host = 'this-host';
    expect(holderIsDead(`${host}:${pid}:abcd`, host)).toBe(true);
    expect(holderIsDead(`${host}:${process.ppid}:abcd`, host)).toBe(false);
    expect(holderIsDead(`elsewhere:${pid}:abcd`, host)).toBe(false);
    expect(holderIsDead('garbage', host)).toBe(false);
  });

  it('takes over the lease of a dead process on this host before it expires', async () => {
    const store = await freshStore();
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.on('exit', r));
    const dead = newLeaseHolder().replace(`:${process.pid}:`, `:${child.pid}:`);
    await acquireLease(store, 'cycle', dead, 3_600_000, new Date());
    expect(await acquireLease(store, 'cycle', newLeaseHolder(), 60_000, new Date())).toMatchObject({ acquired: true, tookOverFrom: dead });
  });

  it('holdLease renews on a timer while held and releases on release()', async () => {
    const store = await freshStore();
    const holder = newLeaseHolder();
    const got = await holdLease(store, 'digest', { holder, ttlMs: 300 });
    expect(got.acquired).toBe(true);
    if (!got.acquired) return;
    const firstExpiry = (await readLease(store, 'digest'))!.expiresAt;
    // Renewed every 100 ms; polled rather than slept for, since a busy machine delays timers.
    while ((await readLease(store, 'digest'))!.expiresAt <= firstExpiry) await new Promise((r) => setTimeout(r, 50));
    expect((await readLease(store, 'digest'))!.expiresAt > firstExpiry).toBe(true);
    await got.held.release();
    expect(await readLease(store, 'digest')).toBeNull();
  });

  it('holdLease reports a lost lease once when another holder took it over', async () => {
    const store = await freshStore();
    const lost: string[] = [];
    let clock = T0;
    const got = await holdLease(store, 'cycle', { holder: 'a:1:x', ttlMs: 60_000, now: () => clock, onLost: (n) => lost.push(n) });
    if (!got.acquired) throw new Error('expected the lease');
    clock = at(61_000);
    expect((await acquireLease(store, 'cycle', 'b:2:y', 60_000, clock)).acquired).toBe(true);
    expect(await got.held.renew()).toBe(false);
    expect(await got.held.renew()).toBe(false);
    await got.held.release();
    expect(lost).toEqual(['cycle']);
    expect((await readLease(store, 'cycle'))?.holder).toBe('b:2:y');
  });
});

/** A child process that races for the lease on the same database file and prints whether it won. */
function raceInChild(location: string, holder: string): Promise<string> {
  const script = `
    import { openStore } from './src/store/open-store.ts';
    import { acquireLease } from './src/store/leases-repo.ts';
    const store = await openStore(process.argv[1]);
    const start = Number(process.argv[3]);
    while (Date.now() < start) {}
    const got = await acquireLease(store, 'cycle', process.argv[2], 60_000, new Date());
    process.stdout.write(got.acquired ? 'won' : 'lost');
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, location, holder, String(Date.now() + 1500)], {
      cwd: REPO_ROOT,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

describe.each(BACKENDS)('leases across processes on %s', (backend) => {
  it('exactly one of several processes racing on one database gets the lease', async () => {
    const db = newDatabase(backend);
    try {
      await (await openStore(db.location)).close();
      const results = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((h) => raceInChild(db.location, `racer:${h}:0`)));
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
      expect(results.filter((r) => r === 'lost')).toHaveLength(3);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
