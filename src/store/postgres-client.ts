// SqlClient over PostgreSQL, through drizzle-orm's node-postgres driver: the repositories' `?`
// placeholders become drizzle parameters (numbered $1… by drizzle), transactions are drizzle's,
// and calls made inside a transaction's work (tracked through AsyncLocalStorage) run on its
// connection, so the repositories need not pass a transaction handle around.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Param, SQL, StringChunk, sql, type SQLChunk } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { driverError } from './describe-storage-error.ts';
import type { SqlClient, TransactionOptions } from './sql-client.ts';

/** Attempts of a transaction that PostgreSQL aborted for a deadlock or serialization conflict. */
const MAX_ATTEMPTS = 5;

// COUNT(*) and SUM are int8 in PostgreSQL, which node-postgres returns as strings; our counts and
// ids stay far below 2^53, and SQLite returns numbers, so both engines answer alike. drizzle's
// driver reads node-postgres's global parsers, hence the global setting (Rasid is its only user here).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Executor = Pick<NodePgDatabase, 'execute'>;

interface Transaction {
  executor: Executor;
  done: boolean;
}

/** Splits SQL at its `?` placeholders, leaving those inside quotes or comments alone. */
export function splitPlaceholders(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (ch === '?') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export class PostgresClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  readonly db: NodePgDatabase;
  private readonly context = new AsyncLocalStorage<Transaction>();
  private readonly split = new Map<string, string[]>();

  constructor(readonly pool: pg.Pool) {
    this.db = drizzle(pool);
  }

  private query(text: string, params: readonly unknown[]): SQL {
    let parts = this.split.get(text);
    if (!parts) {
      parts = splitPlaceholders(text);
      this.split.set(text, parts);
    }
    if (parts.length - 1 !== params.length) {
      throw new Error(`SQL has ${parts.length - 1} placeholder(s) but ${params.length} parameter(s) were given: ${text.slice(0, 120)}`);
    }
    // One flat list of text and Param chunks: drizzle walks nested SQL objects chunk by chunk with
    // class checks, which on a 2,500-parameter insert cost more than the round trip.
    const chunks: SQLChunk[] = [];
    parts.forEach((part, i) => {
      chunks.push(new StringChunk(part));
      // A Param, not a template value: drizzle would spread an array value into a tuple.
      if (i < params.length) chunks.push(new Param(params[i] === undefined ? null : params[i]));
    });
    return new SQL(chunks);
  }

  private executor(): Executor {
    const tx = this.context.getStore();
    return tx && !tx.done ? tx.executor : this.db;
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.executor().execute(this.query(text, params));
    return result.rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.executor().execute(this.query(text, params));
    return result.rowCount ?? 0;
  }

  async transaction<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const current = this.context.getStore();
    if (current && !current.done) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const mine: Transaction = { executor: tx, done: false };
          try {
            return await this.context.run(mine, work);
          } finally {
            mine.done = true;
          }
        });
      } catch (err) {
        const { code } = driverError(err);
        if (!options.retryOnConflict || attempt >= MAX_ATTEMPTS || (code !== '40P01' && code !== '40001')) throw err;
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
      }
    }
  }

  inList(expr: string, type: 'int' | 'text'): string {
    return `${expr} = ANY(CAST(? AS ${type === 'int' ? 'integer' : 'text'}[]))`;
  }

  listParam(values: readonly (number | string)[]): unknown {
    return [...values];
  }

  greatest(a: string, b: string): string {
    return `GREATEST(${a}, ${b})`;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

