// drizzle-kit for the PostgreSQL tables: `npm run db:generate:postgres -- --name what`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/postgres.ts',
  out: './schema/migrations-postgres',
});
