// The only door to the database. `openStore` takes what RASID_DB / --db say: a file path opens
// SQLite (the embedded default), a postgres:// URL opens PostgreSQL; both apply the committed
// drizzle-kit migrations of their engine on open (see migrate.ts). The stages above see one Store.
import { StorageError } from '../errors.ts';
import { describeStorageError } from './describe-storage-error.ts';
import type { OpenStoreOptions, Store } from './store.ts';

export { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR } from './store.ts';
export type { DatabaseSize, OpenStoreOptions, Store } from './store.ts';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  try {
    if (isPostgresUrl(location)) {
      const { openPostgresStore } = await import('./postgres-store.ts');
      return await openPostgresStore(location, options);
    }
    const { openSqliteStore } = await import('./sqlite-store.ts');
    return await openSqliteStore(location, options);
  } catch (err) {
    if (err instanceof StorageError) throw err;
    throw new StorageError(describeStorageError(err, location));
  }
}
