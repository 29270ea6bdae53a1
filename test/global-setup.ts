// Before the suite: builds dist/ once (every test that spawns the real `rasid` runs the current
// sources; the launcher would rebuild a stale build too, but parallel test files would wait on it),
// and finds the PostgreSQL server the PostgreSQL tests use (RASID_TEST_PG_URL, by default the
// project machines' server on loopback). Unreachable, those tests are skipped with one line here,
// unless RASID_TEST_REQUIRE_PG=1 (CI) makes that a failure.
import pg from 'pg';
import { buildDist } from '../scripts/build.mjs';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function probe(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || String(err) : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(): Promise<void> {
  await buildDist({ quiet: true });
  const url = process.env.RASID_TEST_PG_URL || DEFAULT_PG_URL;
  const problem = await probe(url);
  if (problem === null) {
    process.env.RASID_TEST_PG_URL = url;
    return;
  }
  if (process.env.RASID_TEST_REQUIRE_PG === '1') throw new Error(`PostgreSQL is required (RASID_TEST_REQUIRE_PG=1) but ${url} is not reachable: ${problem}`);
  process.env.RASID_TEST_PG_URL = '';
  console.log(`PostgreSQL not reachable at ${url} (${problem}): the PostgreSQL tests are skipped; set RASID_TEST_PG_URL to run them`);
}
