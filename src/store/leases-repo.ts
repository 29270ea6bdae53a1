// Leases keep two processes on one database (a daemon and a manual `rasid run`, two overlapping
// container jobs) from doing the same work at once. A lease is a row with a holder and an expiry:
// taking it is one atomic upsert that only succeeds when the row is free, expired or already ours,
// so a holder that crashed is taken over once its lease runs out, with no cleanup step.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Store } from './open-store.ts';

export interface Lease {
  name: string;
  holder: string;
  acquiredAt: string;
  expiresAt: string;
}

/** The lease names Rasid uses: fetch + match of a cycle, and the sending of digests. */
export const CYCLE_LEASE = 'cycle';
export const DIGEST_LEASE = 'digest';

/** Long enough for a slow feed or SMTP server between two renewals; short enough that a crash costs one cycle. */
export const DEFAULT_LEASE_TTL_MS = 120_000;

/** `host:pid:random`: says who holds a lease, and lets a process on the same host see that the holder died. */
export function newLeaseHolder(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * A holder on this host whose process is gone has crashed: its lease is stale even before it expires.
 * Only the same host name can tell (another host's pids mean nothing here).
 */
export function holderIsDead(holder: string, host = os.hostname()): boolean {
  const parts = holder.split(':');
  if (parts.length < 3) return false;
  const pid = Number(parts[parts.length - 2]);
  const holderHost = parts.slice(0, -2).join(':');
  if (holderHost !== host || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A lease anyone may take over: expired at `at` (ISO time), or held by a process on this host that died. */
export function leaseIsStale(lease: Lease, at: string): boolean {
  return lease.expiresAt <= at || holderIsDead(lease.holder);
}

const LEASE_COLUMNS = 'name, holder, acquired_at AS "acquiredAt", expires_at AS "expiresAt"';

export async function readLease(store: Store, name: string): Promise<Lease | null> {
  return (await store.sql.get<Lease>(`SELECT ${LEASE_COLUMNS} FROM leases WHERE name = ?`, [name])) ?? null;
}

export async function listLeases(store: Store): Promise<Lease[]> {
  return store.sql.all<Lease>(`SELECT ${LEASE_COLUMNS} FROM leases ORDER BY name`);
}

export type AcquireResult = { acquired: true; lease: Lease; tookOverFrom: string | null } | { acquired: false; heldBy: Lease };

/**
 * Takes the lease when it is free, expired, held by a dead process on this host, or already ours.
 * The write is a compare-and-swap: it only replaces the row that was read (same holder, same
 * expiry), so two processes racing for a free or stale lease cannot both win, on either engine.
 */
export async function acquireLease(store: Store, name: string, holder: string, ttlMs: number, now: Date): Promise<AcquireResult> {
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const current = await readLease(store, name);
  const free = !current || current.holder === holder || leaseIsStale(current, at);
  if (!free) return { acquired: false, heldBy: current };
  const won = current
    ? await store.sql.run(
        'UPDATE leases SET holder = ?, acquired_at = ?, expires_at = ? WHERE name = ? AND holder = ? AND expires_at = ?',
        [holder, at, expiresAt, name, current.holder, current.expiresAt],
      )
    : await store.sql.run('INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING', [
        name,
        holder,
        at,
        expiresAt,
      ]);
  if (won === 1) {
    const tookOverFrom = current && current.holder !== holder ? current.holder : null;
    return { acquired: true, lease: { name, holder, acquiredAt: at, expiresAt }, tookOverFrom };
  }
  // Another process changed the row between the read and the write: it won.
  const winner = await readLease(store, name);
  return winner ? { acquired: false, heldBy: winner } : acquireLease(store, name, holder, ttlMs, now);
}

/** Extends a lease we hold. False when it is no longer ours (it expired and someone took it over). */
export async function renewLease(store: Store, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  return (await store.sql.run('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?', [expiresAt, name, holder])) === 1;
}

/** Gives a lease back; a lease that is no longer ours is left alone. */
export async function releaseLease(store: Store, name: string, holder: string): Promise<boolean> {
  return (await store.sql.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder])) === 1;
}

/** Releases every lease of this holder (a daemon shutting down). */
export async function releaseAllLeases(store: Store, holder: string): Promise<number> {
  return store.sql.run('DELETE FROM leases WHERE holder = ?', [holder]);
}

export interface HeldLease {
  lease: Lease;
  tookOverFrom: string | null;
  /** Renews now (also done on a timer); false when the lease was lost. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export interface HoldOptions {
  holder: string;
  ttlMs?: number;
  now?: () => Date;
  /** Called once if a renewal finds the lease taken over (this process stalled past its expiry). */
  onLost?: (name: string) => void;
}

/**
 * Acquires a lease and keeps it alive with a renewal every third of its lifetime until released.
 * The timer is unref'd so a forgotten lease never keeps the process running.
 */
export async function holdLease(
  store: Store,
  name: string,
  options: HoldOptions,
): Promise<{ acquired: true; held: HeldLease } | { acquired: false; heldBy: Lease }> {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const now = options.now ?? (() => new Date());
  const got = await acquireLease(store, name, options.holder, ttlMs, now());
  if (!got.acquired) return got;
  let lost = false;
  let released = false;
  const renew = async (): Promise<boolean> => {
    if (released || lost) return !lost && !released;
    let ok = false;
    try {
      ok = await renewLease(store, name, options.holder, ttlMs, now());
    } catch {
      // A busy database on one renewal is not a lost lease; the next renewal retries well before expiry.
      return true;
    }
    if (!ok && !released) {
      lost = true;
      clearInterval(timer);
      options.onLost?.(name);
    }
    return ok;
  };
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    acquired: true,
    held: {
      lease: got.lease,
      tookOverFrom: got.tookOverFrom,
      renew,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        try {
          if (!lost) await releaseLease(store, name, options.holder);
        } catch {
          // The database refused the write (locked, read-only, full): the lease then expires on its
          // own, and the error that matters is the one already on its way to the caller.
        }
      },
    },
  };
}
