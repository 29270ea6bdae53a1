// Stores for tests, on both engines: a SQLite file in a temp folder, or a schema of its own on the
// test PostgreSQL server (RASID_TEST_PG_URL, found by test/global-setup.ts), dropped afterwards.
// Suites that must hold on both run as `describe.each(BACKENDS)`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../src/store/open-store.ts';

export type Backend = 'sqlite' | 'postgres';

/** The PostgreSQL server's URL, or null when it is not reachable (its tests are then skipped). */
export const PG_URL: string | null = process.env.RASID_TEST_PG_URL || null;

/** The engines this run can test: SQLite always, PostgreSQL when its server answers. */
export const BACKENDS: Backend[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  /** What RASID_DB / --db would say: a file path, or a postgres:// URL with a schema of its own. */
  location: string;
  /** Removes the database (file folder or schema). */
  drop(): Promise<void>;
}

/** A new, empty database location of the given engine (nothing is created until a store opens it). */
export function newDatabase(backend: Backend): TestDatabase {
  if (backend === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-db-'));
    return { location: path.join(dir, 'rasid.db'), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_URL) throw new Error('PostgreSQL is not reachable: use BACKENDS, which leaves it out');
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return {
    location: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL! });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh store per test (opened lazily by the first call), closed and dropped after the test. */
export function useStore(backend: Backend | (() => Backend), options: OpenStoreOptions = {}): {
  open(): Promise<Store>;
  database(): TestDatabase;
} {
  let db: TestDatabase | null = null;
  let store: Store | null = null;
  afterEach(async () => {
    await store?.close().catch(() => {});
    await db?.drop();
    store = null;
    db = null;
  });
  const database = () => (db ??= newDatabase(typeof backend === 'function' ? backend() : backend));
  return {
    database,
    async open() {
      store ??= await openStore(database().location, options);
      return store;
    },
  };
}
