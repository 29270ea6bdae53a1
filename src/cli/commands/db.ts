// `rasid db copy`: move an installation between databases (SQLite ↔ PostgreSQL) without losing or
// duplicating anything; a rerun is safe. `rasid db check`: look for damage.
import type { Command } from 'commander';
import { resolvePaths } from '../../config/paths.ts';
import { ConfigError, StorageError } from '../../errors.ts';
import { requireDatabase } from '../../store/database-exists.ts';
import { damageAdvice } from '../../store/describe-damage.ts';
import { describeStorageError, isDamageError } from '../../store/describe-storage-error.ts';
import type { IntegrityReport } from '../../store/store.ts';
import { copyDatabase, CopyConflictError, type CopyReport } from '../../store/copy-database.ts';
import { isPostgresUrl, openStore, type Store } from '../../store/open-store.ts';
import { redactUrl } from '../../store/postgres-store.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { pathFlags, reportFailure } from '../report-failure.ts';

function shown(location: string): string {
  return isPostgresUrl(location) ? redactUrl(location) : location;
}

function formatCopy(report: CopyReport, from: string, to: string, salvage: boolean): string {
  const lines = [`copied ${shown(from)} → ${shown(to)} in ${(report.durationMs / 1000).toFixed(1)} s`];
  lines.push(`  table              source   copied  updated  same   target${salvage ? '  unreadable  orphaned' : ''}`);
  for (const t of report.tables) {
    const lost = salvage ? ` ${String(t.unreadable ?? 0).padStart(11)} ${String(t.orphaned ?? 0).padStart(9)}` : '';
    lines.push(
      `  ${t.table.padEnd(17)} ${String(t.source).padStart(7)} ${String(t.inserted).padStart(8)} ${String(t.updated).padStart(8)} ${String(t.unchanged).padStart(5)} ${String(t.target).padStart(8)}${lost}`,
    );
  }
  const lost = report.tables.filter((t) => (t.unreadable ?? 0) + (t.orphaned ?? 0) > 0);
  if (salvage && lost.length > 0) {
    lines.push(
      '',
      `Left out: ${lost.map((t) => `${t.table} ${(t.unreadable ?? 0) + (t.orphaned ?? 0)}`).join(', ')} (unreadable in the source, or belonging to a row that was).`,
      'Hits whose delivery records were lost count as pending in the copy and may be sent once more.',
    );
  } else if (salvage) lines.push('', 'Nothing was left out: every row could be read.');
  return lines.join('\n');
}

async function copy(opts: { from?: string; to?: string; json?: boolean; salvage?: boolean }): Promise<number> {
  const problems: string[] = [];
  if (!opts.from) problems.push('--from is missing: the database to copy (a SQLite file or a postgres:// URL)');
  if (!opts.to) problems.push('--to is missing: the database to copy into (a postgres:// URL or a SQLite file)');
  if (opts.from && opts.to && opts.from === opts.to) problems.push('--from and --to name the same database');
  if (problems.length) throw new ConfigError(problems);
  let from: Store | undefined;
  let to: Store | undefined;
  try {
    from = await openStore(opts.from!);
    to = await openStore(opts.to!);
    const progress = createProgress();
    const report = await copyDatabase(from, to, {
      salvage: opts.salvage,
      onProgress: (table, done, total) => progress.update(`copying ${table}`, done, total),
    });
    progress.done();
    const mismatched = report.tables.filter((t) => t.target < t.source - (t.unreadable ?? 0) - (t.orphaned ?? 0));
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCopy(report, opts.from!, opts.to!, Boolean(opts.salvage))}\n`);
    if (mismatched.length > 0) {
      process.stderr.write(`rasid db copy: the target has fewer rows than the source in ${mismatched.map((t) => t.table).join(', ')}; run the copy again, and if it says so again check the source with \`rasid db check\`\n`);
      return EXIT_FAILED;
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CopyConflictError) {
      process.stderr.write(`rasid db copy: ${err.message}\n`);
      return EXIT_FAILED;
    }
    // Damage met while reading (a salvage copy reads past it): said in words, with what to do.
    if (isDamageError(err)) throw new StorageError(describeStorageError(err, from?.location ?? shown(opts.from!)));
    throw err;
  } finally {
    await from?.close().catch(() => {});
    await to?.close().catch(() => {});
  }
}

function formatCheck(report: IntegrityReport, store: Store): string {
  const lines = [`${report.mode} integrity check of ${store.location} (${store.kind}), ${report.durationMs} ms`];
  for (const c of report.checked) lines.push(`  checked: ${c}`);
  for (const n of report.notes) lines.push(`  note: ${n}`);
  if (report.ok) lines.push('  no damage found');
  else {
    lines.push(`  DAMAGED: ${report.problems.length} problem(s)${report.problems.length >= 20 ? ' (the first 20)' : ''}:`);
    for (const p of report.problems) lines.push(`    - ${p}`);
    lines.push('', `What to do: ${damageAdvice(store.kind, store.location)}`);
  }
  return lines.join('\n');
}

async function check(cmd: Command, opts: { quick?: boolean; json?: boolean }): Promise<number> {
  const { db } = resolvePaths(pathFlags(cmd), process.env);
  // A check never creates the database it was pointed at.
  await requireDatabase(db);
  const store = await openStore(db);
  try {
    const report = await store.checkIntegrity(opts.quick ? 'quick' : 'full');
    process.stdout.write(opts.json ? `${JSON.stringify({ database: store.location, kind: store.kind, ...report }, null, 2)}\n` : `${formatCheck(report, store)}\n`);
    return report.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    await store.close().catch(() => {});
  }
}

export function register(program: Command): void {
  const db = program.command('db').description('copy an installation between databases (SQLite ↔ PostgreSQL); check one for damage');
  db.command('check')
    .description('look for damage in the database (--db / RASID_DB): the full integrity check')
    .option('--quick', 'the quick check `rasid status` runs, instead of the full one')
    .option('--json', 'the report as JSON')
    .addHelpText(
      'after',
      `
SQLite: the full check is PRAGMA integrity_check (every page and record, every index against its
table) and PRAGMA foreign_key_check; --quick is PRAGMA quick_check (pages and records only).
SQLite keeps no checksums, so a byte changed inside a text value is found by neither.
PostgreSQL: Rasid's tables and indexes exist, every row of every table reads back, and with the
amcheck extension installed (CREATE EXTENSION amcheck) every B-tree index is verified.

Examples:
  $ rasid db check
  $ rasid db check --db postgres://rasid@db.example.org/rasid --json

Exit status: 0 no damage found; 2 damage found (listed, with what to do) or the database cannot be
read; 1 bad usage, or no database there.`,
    )
    .action(async (opts: { quick?: boolean; json?: boolean }, cmd: Command) => {
      try {
        process.exitCode = await check(cmd, opts);
      } catch (err) {
        process.exitCode = reportFailure(err, undefined, shown(resolvePaths(pathFlags(cmd), process.env).db));
      }
    });
  db.command('copy')
    .description('copy every article, hit, delivery record, feed state and run record into another database; a rerun is safe')
    .option('--from <db>', 'the database to copy: a SQLite file or a postgres:// URL')
    .option('--to <db>', 'the database to copy into (created and migrated if new)')
    .option('--json', 'the counts per table as JSON')
    .option('--salvage', 'the source is damaged: copy every row that can still be read, leave out and count the rest')
    .addHelpText(
      'after',
      `
Rows keep their ids, so the delivery ledger keeps pointing at the same hits: after the move nothing
is sent again. Stop the daemon (or the scheduled jobs) first, copy, then point RASID_DB at the new
database. Running the copy again brings rows that changed in the source up to date and adds the new
ones; a target that holds data of its own (another installation) is refused, never mixed.

Examples:
  $ rasid db copy --from ./data/rasid.db --to postgres://rasid@db.example.org/rasid
  $ rasid db copy --from ./data/rasid.db --to "postgres://rasid@127.0.0.1/shared?schema=desk"
  $ rasid db copy --salvage --from ./data/rasid.db --to ./data/rasid-recovered.db   # after rasid db check found damage

With --salvage, a read that fails on a damaged page is retried row by row, and what cannot be read
is left out and counted (so are hits, sources and deliveries whose article, hit or message was lost).
Check the copy with \`rasid db check --db NEW\`, then point RASID_DB at it.

Exit status: 0 copied; 2 the copy could not be made or checked (nothing half-copied is left
unreported: run it again); 1 bad usage.`,
    )
    .action(async (opts: { from?: string; to?: string; json?: boolean; salvage?: boolean }) => {
      try {
        process.exitCode = await copy(opts);
      } catch (err) {
        process.exitCode = reportFailure(err);
      }
    });
}
