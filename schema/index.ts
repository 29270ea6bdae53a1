// Rasid's tables for SQLite (the description is schema/tables.ts). drizzle-kit reads this file to
// write the migrations in schema/migrations; the store applies them when it opens a database.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { defineTables } from './tables.ts';

export const { feeds, articles, articleSources, hits, digests, deliveries, runs, leases, channelMessages, channelDeliveries } = defineTables({
  table: sqliteTable,
  text,
  integer,
  id: (name) => integer(name).primaryKey({ autoIncrement: true }),
  index,
  uniqueIndex,
  now: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
});
