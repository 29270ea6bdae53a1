// `rasid prune`: retention. Removes old articles that never led to a hit and shrinks the file; hits,
// the articles they point at, and the delivery ledger are kept.
import type { Command } from 'commander';
import { CYCLE_LEASE, holdLease, newLeaseHolder } from '../../store/leases-repo.ts';
import { parseDuration, pruneStore, type PruneResult } from '../../store/prune.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { withRunContext } from '../run-context.ts';

export const DEFAULT_RETENTION = '90d';

/** `812 kB`, `3.4 MB`: a database size for people. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
}

export function formatPruneResult(r: PruneResult): string {
  const verb = r.dryRun ? 'would remove' : 'removed';
  const lines = [
    `prune: ${verb} ${r.articlesRemoved} article(s) without hits fetched before ${r.cutoff} (${r.sourcesRemoved} source row(s)) and ${r.runsRemoved} old run record(s)`,
  ];
  lines.push(r.dryRun ? `database size ${formatBytes(r.bytesBefore)} (dry run: nothing changed)` : `database size ${formatBytes(r.bytesBefore)} → ${formatBytes(r.bytesAfter)}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('prune')
    .description('remove old articles without hits (hits and the delivery ledger stay), then shrink the database')
    .option('--older-than <duration>', `age of the articles to remove, e.g. 90d, 12w (env RASID_RETENTION, default ${DEFAULT_RETENTION})`)
    .option('--dry-run', 'count what would be removed, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Removed: articles fetched before the cutoff that were matched and have no hit, their source rows,
and run records older than the cutoff (the newest 100 are always kept). Kept: every hit, the
articles hits point at, unmatched articles, the digests and the delivery ledger. The database is
then VACUUMed, and the size before and after is printed.

Exit status: 0 done; 2 storage failed or a cycle is running (try again after it); 1 bad usage.

Examples:
  $ rasid prune --older-than 90d
  $ RASID_RETENTION=180d rasid prune
  $ rasid prune --older-than 30d --dry-run`,
    )
    .action(async (opts: { olderThan?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const text = opts.olderThan ?? (process.env.RASID_RETENTION || DEFAULT_RETENTION);
      const ms = parseDuration(text);
      if (ms === null) {
        process.stderr.write(`rasid prune: "${text}" is not a duration; write it like 90d, 12w, 36h\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      await withRunContext(cmd, {}, async ({ store }) => {
        // Pruning while a cycle stores articles could remove a row the cycle is about to match.
        const lease = await holdLease(store, CYCLE_LEASE, { holder: newLeaseHolder() });
        if (!lease.acquired) {
          process.stderr.write(
            `rasid prune: a cycle is running (${lease.heldBy.holder}, lease until ${lease.heldBy.expiresAt}); run prune again after it\n`,
          );
          return EXIT_FAILED;
        }
        try {
          const result = await pruneStore(store, new Date(Date.now() - ms), { dryRun: opts.dryRun });
          process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${formatPruneResult(result)}\n`);
          return EXIT_OK;
        } finally {
          await lease.held.release();
        }
      }, { readOnly: true }); // nothing to prune where there is no database: say so, create none
    });
}
