// Rasid's tables for PostgreSQL (the description is schema/tables.ts, shared with SQLite). drizzle-kit
// reads this file to write the migrations in schema/migrations-postgres. Ids are identity columns
// "by default", so `rasid db copy` can keep the ids it copies.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { defineTables } from './tables.ts';

export const { feeds, articles, articleSources, hits, digests, deliveries, runs, leases, channelMessages, channelDeliveries } = defineTables({
  table: pgTable,
  text,
  integer,
  id: (name) => integer(name).primaryKey().generatedByDefaultAsIdentity(),
  index,
  uniqueIndex,
  now: sql`(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
});
