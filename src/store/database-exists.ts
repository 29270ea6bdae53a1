// Whether a Rasid database is there, asked without creating one: opening a store creates a
// missing SQLite file and migrates an empty PostgreSQL schema, which a read-only command (`status`,
// `hits`, `watchlist backtest`, `db check`) must not do. A PostgreSQL server always "exists", so
// there the question is whether Rasid's tables do (the migrations' ledger table).
import fs from 'node:fs';
import { ConfigError, StorageError } from '../errors.ts';
import { describeStorageError } from './describe-storage-error.ts';
import { isPostgresUrl } from './open-store.ts';

/** The URL without its password, as messages show it. */
function shown(url: string): string {
  return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@');
}

export async function databaseExists(location: string): Promise<boolean> {
  if (!isPostgresUrl(location)) return fs.existsSync(location);
  // Loaded only here, so SQLite installations never load the PostgreSQL driver.
  const [{ default: pg }, { connectionSettings, redactUrl }] = await Promise.all([import('pg'), import('./postgres-store.ts')]);
  const { connectionString, schema } = connectionSettings(location);
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, application_name: 'rasid' });
  try {
    await client.connect();
    const found = await client.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '__drizzle_migrations'`,
      [schema],
    );
    return (found.rowCount ?? 0) > 0;
  } catch (err) {
    throw new StorageError(describeStorageError(err, redactUrl(location)));
  } finally {
    await client.end().catch(() => {});
  }
}

/** How to say that there is no database yet, for either engine. */
export function noDatabaseYet(location: string): string {
  return isPostgresUrl(location)
    ? `no Rasid database at ${shown(location)} yet (the server answers, but Rasid's tables are not there): run \`rasid run\` first, or point RASID_DB / --db at the right database or ?schema=`
    : `no database at ${location} yet: run \`rasid run\` first, or point RASID_DB / --db at the right file`;
}

/** Refuses, in words, to open a database that is not there yet: a reading command must not create one. */
export async function requireDatabase(location: string): Promise<void> {
  if (!(await databaseExists(location))) throw new ConfigError([noDatabaseYet(location)]);
}
