// Benchmark: scale-out on PostgreSQL. One fetch + match cycle over FEEDS loopback feeds by 1, 2 and
// 4 `rasid fetch` worker processes sharing one PostgreSQL database, beside one process on SQLite in
// the same run (items/s, and each row as a ratio of the SQLite row); then the delivery of the
// first DIGEST_HITS pending hits to RECIPIENTS recipients by 1 and 2 `rasid digest` workers (outbox transport, so
// the mail server is not what is measured).
// Run: npx tsx test/bench/workers.bench.ts   (FEEDS=1000 for a quick look; needs RASID_TEST_PG_URL
// or PostgreSQL on 127.0.0.1:5432)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import { REPO_ROOT, BIN } from '../helpers/run-cli.ts';
import { startBenchFeedServer } from './bench-feed-server.ts';

const FEEDS = Number(process.env.FEEDS ?? 10_000);
const ITEMS = Number(process.env.ITEMS ?? 5);
const RECIPIENTS = Number(process.env.RECIPIENTS ?? 20);
/** Pending hits kept for the delivery part (the cycle's 3 hits per item would mean millions of deliveries). */
const DIGEST_HITS = Number(process.env.DIGEST_HITS ?? 10_000);
const PG_URL = process.env.RASID_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-workers-bench-'));
const server = await startBenchFeedServer(FEEDS, ITEMS);
const feedsFile = path.join(dir, 'feeds.yaml');
const lines = ['defaults:', '  interval: 1440', '  fetch: { concurrency: 32, perHost: 32, allowNetworks: [127.0.0.1/32] }', 'feeds:'];
for (let f = 0; f < FEEDS; f++) lines.push(`  - url: http://127.0.0.1:${server.port}/feed/${f}.xml`, `    id: feed-${f}`);
fs.writeFileSync(feedsFile, `${lines.join('\n')}\n`);
const recipientsFile = path.join(dir, 'recipients.yaml');
fs.writeFileSync(
  recipientsFile,
  `recipients:\n${Array.from({ length: RECIPIENTS }, (_, i) => `  - address: analyst${i}@example.org\n    alerts: false\n`).join('')}`,
);

function env(db: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, RASID_DB: db, RASID_FEEDS: feedsFile, RASID_WATCHLISTS: path.join(REPO_ROOT, 'watchlists') };
  e.RASID_RECIPIENTS = recipientsFile;
  e.RASID_OUTBOX = path.join(dir, `outbox-${Math.random().toString(36).slice(2)}`);
  e.RASID_LOG_LEVEL = 'warn';
  delete e.SMTP_URL;
  delete e.RASID_DIGEST_TO;
  return e;
}

async function workers(n: number, args: string[], db: string): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: env(db), stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`rasid ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
      }),
    ),
  );
  return performance.now() - started;
}

async function counts(db: string): Promise<{ articles: number; hits: number; delivered: number }> {
  const store = await openStore(db);
  try {
    const n = async (table: string) => (await store.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${table}`))!.n;
    return { articles: await n('articles'), hits: await n('hits'), delivered: await n('deliveries') };
  } finally {
    await store.close();
  }
}

const schemas: string[] = [];
function pgDatabase(): string {
  const schema = `bench_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

interface Row {
  label: string;
  ms: number;
  items: number;
}

try {
  const rows: Row[] = [];
  const sqlite = path.join(dir, 'bench.db');
  rows.push({ label: 'SQLite, 1 process', ms: await workers(1, ['fetch'], sqlite), items: (await counts(sqlite)).articles });
  const pgDbs: Record<number, string> = {};
  for (const n of [1, 2, 4]) {
    const db = pgDatabase();
    // Migrated once up front, so the timing is the cycle's, not the first open's.
    await (await openStore(db)).close();
    pgDbs[n] = db;
    rows.push({ label: `PostgreSQL, ${n} worker${n > 1 ? 's' : ''}`, ms: await workers(n, ['fetch'], db), items: (await counts(db)).articles });
  }
  const expected = FEEDS * ITEMS;
  for (const r of rows) if (r.items !== expected) throw new Error(`${r.label}: stored ${r.items} of ${expected} items`);
  const base = rows[0]!;
  console.log(`fetch + match cycle: ${FEEDS} feeds × ${ITEMS} items from 127.0.0.1 (${os.cpus().length} cores)`);
  for (const r of rows) {
    const perSec = r.items / (r.ms / 1000);
    console.log(
      `  ${r.label.padEnd(24)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${Math.round(perSec).toString().padStart(6)} items/s  ${(base.ms / r.ms).toFixed(2)}× SQLite`,
    );
  }

  // Delivery: the hits of the one-worker PostgreSQL database, to every recipient, by 1 then 2 workers.
  const hits = Math.min(DIGEST_HITS, (await counts(pgDbs[1]!)).hits);
  const copyFor = async () => {
    const db = pgDatabase();
    const { copyDatabase } = await import('../../src/store/copy-database.ts');
    const [from, to] = [await openStore(pgDbs[1]!), await openStore(db)];
    await copyDatabase(from, to);
    await to.sql.run('DELETE FROM hits WHERE id > ?', [DIGEST_HITS]);
    await from.close();
    await to.close();
    return db;
  };
  const one = await copyFor();
  const two = await copyFor();
  const msOne = await workers(1, ['digest'], one);
  const msTwo = await workers(2, ['digest'], two);
  for (const db of [one, two]) {
    const c = await counts(db);
    if (c.delivered !== c.hits * RECIPIENTS) throw new Error(`delivery: ${c.delivered} ledger rows, expected ${c.hits * RECIPIENTS}`);
  }
  console.log(`digest delivery: ${hits} pending hits to each of ${RECIPIENTS} recipients (${hits * RECIPIENTS} deliveries, outbox)`);
  console.log(`  PostgreSQL, 1 worker     ${(msOne / 1000).toFixed(1).padStart(6)} s`);
  console.log(`  PostgreSQL, 2 workers    ${(msTwo / 1000).toFixed(1).padStart(6)} s  ${(msOne / msTwo).toFixed(2)}× one worker`);
} finally {
  server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await admin.end();
}
