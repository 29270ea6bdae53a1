// The one way the repositories talk to a database: portable SQL with `?` placeholders, run by a
// client per engine (sqlite-client.ts over better-sqlite3, postgres-client.ts over drizzle-orm's
// node-postgres driver). The repositories are written once; what differs between the engines is
// said here, as a few fragments, rather than in two copies of every query.

export type Dialect = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /**
   * The commit must survive a power cut, not only a crash of Rasid (the delivery ledger). SQLite
   * raises `synchronous` to FULL for it; PostgreSQL's commits are durable already.
   */
  durable?: boolean;
  /**
   * `work` may run again from the start when PostgreSQL aborts the transaction for a deadlock or a
   * serialization conflict with another worker (two workers storing the same story from two feeds
   * at once). Only for work that keeps nothing outside the database between attempts.
   */
  retryOnConflict?: boolean;
}

export interface SqlClient {
  readonly dialect: Dialect;
  /** Every row; columns named with `AS "camelCase"` keep their case on both engines. */
  all<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement; returns the number of rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `work` in one transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE, so
   * a writer waits its busy timeout instead of failing at once), committed when `work` resolves and
   * rolled back when it throws. Store calls made inside `work`, however deep, join the transaction;
   * a transaction started inside another joins it.
   */
  transaction<T>(work: () => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** `expr IN (the list)` for a list given as one parameter built by `listParam`. */
  inList(expr: string, type: 'int' | 'text'): string;
  /** The parameter `inList` expects for these values. */
  listParam(values: readonly (number | string)[]): unknown;
  /** The larger of two values of one type (SQLite's scalar max, PostgreSQL's GREATEST). */
  greatest(a: string, b: string): string;
  close(): Promise<void>;
}

/** The shared meaning of `inList` and `listParam` on SQLite: a JSON array read by json_each. */
export const sqliteLists = {
  inList: (expr: string) => `${expr} IN (SELECT value FROM json_each(?))`,
  listParam: (values: readonly (number | string)[]) => JSON.stringify(values),
};
