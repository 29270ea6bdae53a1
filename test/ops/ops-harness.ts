// What the operations tests share: the real CLI in a child process that a test can kill, a loopback
// feed server and an SMTP server that can each run a hook (e.g. kill that child) at a chosen moment,
// and a read of the database that says what was stored, matched and delivered.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import { runCycle, type CycleReport } from '../../src/pipeline/run-cycle.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { BIN, REPO_ROOT } from '../helpers/run-cli.ts';
import { newDatabase, type Backend } from '../helpers/stores.ts';
import { loopbackFetchDefaults } from '../helpers/loopback-opt-in.ts';

export const OPS_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/ops');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything written to stderr so far (logs). */
  stderr(): string;
  done: Promise<Finished>;
}

const INHERITED_OUT = ['SMTP_URL', 'RASID_DIGEST_TO', 'RASID_RECIPIENTS', 'RASID_DB', 'RASID_FEEDS', 'RASID_WATCHLISTS', 'RASID_OUTBOX', 'RASID_TEST_CRASH_AT', 'RASID_SCHEDULE'];

export function startCli(args: string[], env: Record<string, string>, options: { uid?: number } = {}): CliProcess {
  const full: Record<string, string | undefined> = { ...process.env };
  for (const k of INHERITED_OUT) delete full[k];
  Object.assign(full, { RASID_LOG_LEVEL: 'info' }, env);
  const [cmd, argv] =
    options.uid === undefined
      ? [process.execPath, [BIN, ...args]]
      : ['setpriv', [`--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', process.execPath, BIN, ...args]];
  const child = spawn(cmd, argv, { cwd: REPO_ROOT, env: full as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stderr: () => stderr, done };
}

export async function runToEnd(args: string[], env: Record<string, string>, options: { uid?: number } = {}): Promise<Finished> {
  return startCli(args, env, options).done;
}

export interface FeedHost {
  baseUrl: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Runs when a path is requested, before the answer (e.g. to kill the client, or to delay). */
  onRequest: ((urlPath: string) => Promise<void> | void) | null;
  /** Generated feeds served by path, before the fixture files. */
  bodies: Map<string, string>;
  close(): Promise<void>;
}

/** Serves the files of test/fixtures/ops by name: `/sahel-desk.rss.xml`. */
export async function startFeedHost(): Promise<FeedHost> {
  const host: Omit<FeedHost, 'baseUrl' | 'close'> = { requests: [], onRequest: null, bodies: new Map() };
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    host.requests.push(urlPath);
    void Promise.resolve(host.onRequest?.(urlPath)).then(() => {
      const generated = host.bodies.get(urlPath);
      if (generated !== undefined) return void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(generated);
      const file = path.join(OPS_FIXTURES, path.basename(urlPath));
      if (!fs.existsSync(file)) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(fs.readFileSync(file));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(host, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A fresh feed host for each test (started before it, closed after it); call the getter inside the test. */
export function useFeedHost(): () => FeedHost {
  let host: FeedHost | null = null;
  beforeEach(async () => {
    host = await startFeedHost();
  });
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  return () => {
    if (!host) throw new Error('useFeedHost: the feed host runs only inside a test');
    return host;
  };
}

export interface MailHost {
  url: string;
  received: Array<{ messageId: string; to: string[]; subject: string }>;
  /** Runs when a whole message has arrived, before the server answers; return false to refuse it. */
  beforeAccept: (() => Promise<boolean> | boolean) | null;
  /** Every AUTH attempt's username and password, to prove what the client sent. */
  logins: Array<{ username: string; password: string }>;
  close(): Promise<void>;
}

export async function startMailHost(options: { requireAuth?: boolean } = {}): Promise<MailHost> {
  const host: Omit<MailHost, 'url' | 'close'> = { received: [], beforeAccept: null, logins: [] };
  const server = new SMTPServer({
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      host.logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      callback(Object.assign(new Error('authentication refused'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const accept = host.beforeAccept ? await host.beforeAccept() : true;
          if (!accept) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          const parsed = await simpleParser(Buffer.concat(chunks));
          host.received.push({ messageId: parsed.messageId ?? '', to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? '' });
          callback();
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(host, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export interface Installation {
  dir: string;
  /** RASID_DB: the SQLite file, or the PostgreSQL URL with a schema of this installation's own. */
  db: string;
  env: Record<string, string>;
  /** Drops a PostgreSQL installation's schema (a SQLite one goes with its folder). */
  drop(): Promise<void>;
}

/**
 * A feeds file with the two fixture feeds (fetched at every run unless `interval` minutes say
 * otherwise), the seeded watchlists, one recipient.
 */
export function makeInstallation(dir: string, feeds: FeedHost, smtpUrl: string | null, backend: Backend = 'sqlite', options: { interval?: number } = {}): Installation {
  fs.writeFileSync(
    path.join(dir, 'feeds.yaml'),
    [
      'defaults:',
      `  interval: ${options.interval ?? 0}`,
      ...loopbackFetchDefaults,
      'feeds:',
      `  - url: ${feeds.baseUrl}/sahel-desk.rss.xml`,
      '    id: sahel-desk',
      '    language: en',
      `  - url: ${feeds.baseUrl}/maghreb-fr.rss.xml`,
      '    id: maghreb-fr',
      '    language: fr',
      '',
    ].join('\n'),
  );
  const database = backend === 'postgres' ? newDatabase('postgres') : null;
  const db = database?.location ?? path.join(dir, 'rasid.db');
  const env: Record<string, string> = {
    RASID_DB: db,
    RASID_FEEDS: path.join(dir, 'feeds.yaml'),
    RASID_WATCHLISTS: path.join(REPO_ROOT, 'watchlists'),
    RASID_OUTBOX: path.join(dir, 'outbox'),
    RASID_DIGEST_TO: 'desk@example.org',
  };
  if (smtpUrl) env.SMTP_URL = smtpUrl;
  return { dir, db, env, drop: async () => database?.drop() };
}

export interface LedgerState {
  articles: string[];
  unmatched: number;
  /** `guid entry`, sorted. */
  hits: string[];
  /** `guid entry recipient`, sorted; one row per hit and recipient by construction. */
  delivered: string[];
  /** Message-ID → hit guids+entries it carries, for sent messages. */
  sentMessages: Map<string, string[]>;
  digestsByStatus: Record<string, number>;
  runs: Array<{ status: string }>;
  leases: Array<{ name: string; holder: string }>;
}

/** What the database holds, read through the store (either engine). */
export async function readLedger(location: string): Promise<LedgerState> {
  if (!location.startsWith('postgres') && !fs.existsSync(location)) throw new Error(`no database at ${location}`);
  const store = await openStore(location);
  const { sql } = store;
  try {
    const hitKey = new Map<number, string>();
    for (const r of await sql.all<{ id: number; guid: string; entry: string }>('SELECT h.id, a.guid, h.entry FROM hits h JOIN articles a ON a.id = h.article_id'))
      hitKey.set(r.id, `${r.guid} ${r.entry}`);
    const sentMessages = new Map<string, string[]>();
    for (const d of await sql.all<{ m: string; h: string }>(`SELECT message_id AS "m", hit_ids AS "h" FROM digests WHERE status = 'sent'`))
      sentMessages.set(d.m, (JSON.parse(d.h) as number[]).map((id) => hitKey.get(id)!).sort());
    const byStatus: Record<string, number> = {};
    for (const d of await sql.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS "n" FROM digests GROUP BY status')) byStatus[d.status] = d.n;
    const delivered = await sql.all<{ guid: string; entry: string; recipient: string }>(
      'SELECT a.guid, h.entry, d.recipient FROM deliveries d JOIN hits h ON h.id = d.hit_id JOIN articles a ON a.id = h.article_id',
    );
    return {
      articles: (await sql.all<{ guid: string }>('SELECT guid FROM articles ORDER BY guid')).map((r) => r.guid),
      unmatched: (await sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM articles WHERE matched_at IS NULL'))!.n,
      hits: [...hitKey.values()].sort(),
      delivered: delivered.map((r) => `${r.guid} ${r.entry} ${r.recipient}`).sort(),
      sentMessages,
      digestsByStatus: byStatus,
      runs: await sql.all<{ status: string }>('SELECT status FROM runs ORDER BY id'),
      leases: await sql.all<{ name: string; holder: string }>('SELECT name, holder FROM leases'),
    };
  } finally {
    await store.close();
  }
}

/** One full cycle of the installation in this process (its config files, the outbox for mail). */
export async function cycleInProcess(store: Store, inst: Pick<Installation, 'env' | 'dir'>): Promise<CycleReport> {
  const config = loadConfig({}, inst.env, { feeds: true, watchlists: true, mail: true });
  return runCycle({
    store,
    feeds: config.feeds,
    fetchLimits: config.fetchLimits,
    watchlists: config.watchlists,
    logger: silentLogger(),
    now: () => new Date(),
    delivery: {
      transport: createTransport({ smtpUrl: null, outboxDir: path.join(inst.dir, 'outbox') }),
      recipients: config.recipients,
      from: config.mailFrom,
      mode: 'now',
      catalog: config.catalog,
    },
  });
}
