// PostgreSQL, for installations that outgrow one machine: any number of Rasid processes share one
// database and split the work (see store/claims.ts). The URL is node-postgres's, plus an optional
// `schema` parameter (`postgres://host/db?schema=rasid`): Rasid's tables live in that schema, which
// is created when missing, so one database can hold several installations (or tests).
import pg from 'pg';
import { StorageError } from '../errors.ts';
import { describeStorageError, driverError } from './describe-storage-error.ts';
import { migrateDatabase } from './migrate.ts';
import { POSTGRES_MIGRATIONS_DIR, type OpenStoreOptions, type Store } from './store.ts';
import { PostgresClient } from './postgres-client.ts';
import { checkPostgresIntegrity } from './postgres-integrity.ts';

const TABLES = ['feeds', 'articles', 'article_sources', 'hits', 'digests', 'deliveries', 'runs', 'leases'];

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly sql: PostgresClient;
  readonly schema: string;
}

/** The URL as it may be shown: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@');
  }
}

/** node-postgres settings from the URL, and the schema Rasid's tables go in. */
export function connectionSettings(url: string): { connectionString: string; schema: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) {
    throw new StorageError(`the schema "${schema}" in the database URL is not a plain name (letters, digits and _, at most 63)`);
  }
  return { connectionString: u.toString(), schema };
}

export async function openPostgresStore(url: string, options: OpenStoreOptions = {}): Promise<PostgresStore> {
  const location = redactUrl(url);
  const { connectionString, schema } = connectionSettings(url);
  const pool = new pg.Pool({
    connectionString,
    max: 8,
    connectionTimeoutMillis: 10_000,
    application_name: 'rasid',
    options: `-c search_path=${schema}`,
  });
  // An idle connection that dies (a restarted server) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const client = new PostgresClient(pool);
    if (schema !== 'public') {
      try {
        await client.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } catch (err) {
        // IF NOT EXISTS is not safe against a race: another worker starting at the same moment
        // created it between the check and the insert, which is what we wanted.
        if (!['23505', '42P06'].includes(driverError(err).code)) throw err;
      }
    }
    await migrateDatabase(client, options.migrationsDir ?? POSTGRES_MIGRATIONS_DIR, location);
    const tableList = TABLES.map((t) => `"${schema}"."${t}"`).join(', ');
    return {
      kind: 'postgres',
      sql: client,
      schema,
      location,
      parallelWorkers: true,
      async size() {
        const row = await client.get<{ bytes: number }>(
          `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS "bytes"
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ? AND c.relkind = 'r'`,
          [schema],
        );
        return { bytes: row?.bytes ?? 0, walBytes: 0 };
      },
      async tidy() {
        // autovacuum keeps PostgreSQL's tables in shape; nothing to do between cycles.
      },
      async compact() {
        await client.run(`VACUUM (ANALYZE) ${tableList}`);
      },
      checkIntegrity: (mode) => checkPostgresIntegrity(client, schema, mode),
      close: () => client.close(),
    };
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof StorageError) throw err;
    throw new StorageError(describeStorageError(err, location));
  }
}
