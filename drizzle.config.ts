import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './schema/index.ts',
  out: './schema/migrations',
  dbCredentials: { url: process.env.RASID_DB ?? './data/rasid.db' },
});
