// A daemon runs for months on one database file: damage (a failing disk, a bad restore) should be
// noticed the day it happens, not when a query finally trips over it. The quick integrity check
// runs at start (damage refuses the start) and again once a day, before the job that finds it due.
import type { Logger } from '../log/create-logger.ts';
import { describeDamage } from '../store/describe-damage.ts';
import type { IntegrityReport, Store } from '../store/store.ts';

export const DAILY_MS = 24 * 3600_000;

export interface IntegrityWatch {
  /** Runs the quick check when a day has passed since the last one; returns its report, or null when not due. */
  checkIfDue(): Promise<IntegrityReport | null>;
}

export function watchIntegrity(store: Store, logger: Pick<Logger, 'info' | 'error'>, options: { everyMs?: number; now?: () => number; lastAt?: number } = {}): IntegrityWatch {
  const every = options.everyMs ?? DAILY_MS;
  const now = options.now ?? (() => Date.now());
  let lastAt = options.lastAt ?? null;
  return {
    async checkIfDue() {
      if (lastAt !== null && now() - lastAt < every) return null;
      lastAt = now();
      const report = await store.checkIntegrity('quick');
      if (report.ok) logger.info({ integrity: { ok: true, durationMs: report.durationMs } }, `integrity check: no damage found (${report.durationMs} ms)`);
      else logger.error({ integrity: { ok: false, problems: report.problems } }, describeDamage(report, store.kind, store.location));
      return report;
    },
  };
}
