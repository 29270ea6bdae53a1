// Statements prepared once per database connection. Hot paths (every stored item, every hit) use
// them instead of building a drizzle query per row, which costs more than the insert itself.
import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<unknown, unknown>>();

/** The statements `build` prepares, made once per connection; `build` must be a module-level function. */
export function preparedFor<T>(sqlite: Database.Database, build: (sqlite: Database.Database) => T): T {
  let byBuilder = cache.get(sqlite);
  if (!byBuilder) cache.set(sqlite, (byBuilder = new Map()));
  let statements = byBuilder.get(build) as T | undefined;
  if (statements === undefined) byBuilder.set(build, (statements = build(sqlite)));
  return statements;
}
