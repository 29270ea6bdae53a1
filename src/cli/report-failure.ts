// Flags and failures, shared by every command. Kept apart from run-context.ts, which loads the
// database and mail modules, so that light commands (`rasid match`, `rasid parse`) start fast.
import type { Command } from 'commander';
import type { PathFlags } from '../config/paths.ts';
import { ConfigError, StorageError } from '../errors.ts';
import type { Logger } from '../log/create-logger.ts';
import { describeStorageError, isDatabaseError } from '../store/describe-storage-error.ts';
import { EXIT_FAILED, EXIT_USAGE } from './exit-codes.ts';

/** The global flags (`--db`, `--feeds`, `--watchlists`) merged with the command's own. */
export function pathFlags(cmd: Command): PathFlags {
  return cmd.optsWithGlobals() as PathFlags;
}

/**
 * Prints a failure in words and returns the exit status it deserves. `database` names the database
 * in the words for an error the database raised (a damaged file, a lost connection).
 */
export function reportFailure(err: unknown, logger?: Logger, database?: string): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`rasid: the configuration has ${err.problems.length} problem(s):\n`);
    for (const p of err.problems) process.stderr.write(`  ${p}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof StorageError) {
    process.stderr.write(`rasid: ${err.message}\n`);
    return EXIT_FAILED;
  }
  if (database && isDatabaseError(err)) {
    process.stderr.write(`rasid: ${describeStorageError(err, database)}\n`);
    return EXIT_FAILED;
  }
  const message = err instanceof Error ? err.message : String(err);
  logger?.error({ err }, 'unexpected failure');
  process.stderr.write(`rasid: ${message}\n`);
  return EXIT_FAILED;
}
