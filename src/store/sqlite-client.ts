// SqlClient over better-sqlite3. Statements are prepared once per connection and cached by their
// text (the fetch and match hot paths run the same few statements for every item and hit).
//
// better-sqlite3 is synchronous, but the repositories are async (PostgreSQL is not), so another
// task's statement could slip into an open transaction between two awaits of its work. Each
// transaction therefore holds the connection: calls made inside it (tracked through
// AsyncLocalStorage, so they may be nested as deep as they like) run at once, calls from outside
// wait until it ends.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { sqliteLists, type SqlClient, type TransactionOptions } from './sql-client.ts';

/** Prepared statements kept per connection. */
const MAX_CACHED = 1000;

interface Transaction {
  done: boolean;
}

function bindable(params: readonly unknown[]): unknown[] {
  // SQLite has no booleans and better-sqlite3 refuses undefined.
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export class SqliteClient implements SqlClient {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly context = new AsyncLocalStorage<Transaction>();
  /** Resolves when the transaction holding the connection (if any) has ended. */
  private held: Promise<void> = Promise.resolve();
  private active: Transaction | null = null;

  constructor(readonly db: Database.Database) {}

  private statement(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      // Multi-row inserts come in many sizes: the cache is bounded rather than kept for each.
      if (this.statements.size >= MAX_CACHED) this.statements.clear();
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  /** Inside the open transaction: go ahead. Outside: wait until no transaction holds the connection. */
  private async turn(): Promise<void> {
    for (;;) {
      const mine = this.context.getStore();
      if (!this.active || (mine && mine === this.active && !mine.done)) return;
      await this.held;
    }
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    await this.turn();
    return this.statement(text).all(...bindable(params)) as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    await this.turn();
    return this.statement(text).get(...bindable(params)) as T | undefined;
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    await this.turn();
    return this.statement(text).run(...bindable(params)).changes;
  }

  async transaction<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const mine = this.context.getStore();
    if (mine && mine === this.active && !mine.done) return work();
    await this.turn();
    const tx: Transaction = { done: false };
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    this.active = tx;
    const previous = options.durable ? Number(this.db.pragma('synchronous', { simple: true })) : null;
    try {
      if (previous !== null) this.db.pragma('synchronous = FULL');
      this.db.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await this.context.run(tx, work);
        this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
      return result;
    } finally {
      if (previous !== null) this.db.pragma(`synchronous = ${previous}`);
      tx.done = true;
      this.active = null;
      release();
    }
  }

  inList(expr: string): string {
    return sqliteLists.inList(expr);
  }

  listParam(values: readonly (number | string)[]): unknown {
    return sqliteLists.listParam(values);
  }

  greatest(a: string, b: string): string {
    return `max(${a}, ${b})`;
  }

  /** Runs synchronous work on the connection itself (a PRAGMA) once no other task's transaction holds it. */
  async exclusive<T>(work: () => T): Promise<T> {
    await this.turn();
    return work();
  }

  async close(): Promise<void> {
    await this.turn();
    this.statements.clear();
    this.db.close();
  }
}
