// The daemon's schedules: `--every 15m` for people, a cron expression (`--schedule`, RASID_SCHEDULE)
// for everything else. Both become one node-cron expression, validated before the daemon starts.
import { validate } from 'node-cron';

/** Every five minutes: cheap, because feeds that are not due (per-feed interval) are skipped without a request. */
export const DEFAULT_CYCLE_SCHEDULE = '*/5 * * * *';

export interface ScheduleChoice {
  /** Flags and environment as given; the first one set wins in this order. */
  every?: string;
  schedule?: string;
  envSchedule?: string;
  fallback?: string;
}

export type ScheduleResult = { ok: true; cron: string; source: string } | { ok: false; problem: string };

/**
 * `30s`, `15m`, `2h`, `1d` → a cron expression that fires at that period from the top of the minute,
 * hour or day. A period must divide its unit evenly (e.g. 7m does not divide an hour: the last gap
 * would be shorter), otherwise a cron expression says what is meant more honestly.
 */
export function everyToCron(text: string): string | null {
  const m = /^\s*(\d+)\s*(s|m|h|d)\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (n <= 0) return null;
  if (unit === 's') return 60 % n === 0 ? (n === 60 ? '0 * * * * *' : `*/${n} * * * * *`) : null;
  if (unit === 'm') return 60 % n === 0 ? (n === 60 ? '0 * * * *' : `*/${n} * * * *`) : null;
  if (unit === 'h') return 24 % n === 0 ? (n === 24 ? '0 0 * * *' : `0 */${n} * * *`) : null;
  return n === 1 ? '0 0 * * *' : null;
}

export function chooseSchedule(choice: ScheduleChoice, what = 'cycle'): ScheduleResult {
  if (choice.every !== undefined) {
    const cron = everyToCron(choice.every);
    return cron
      ? { ok: true, cron, source: `--every ${choice.every}` }
      : {
          ok: false,
          problem: `--every "${choice.every}" is not a period that divides its unit evenly — use e.g. 30s, 5m, 15m, 1h, 6h, 1d, or give a cron expression with --schedule`,
        };
  }
  const [cron, source] =
    choice.schedule !== undefined
      ? [choice.schedule, '--schedule']
      : choice.envSchedule
        ? [choice.envSchedule, 'RASID_SCHEDULE']
        : [choice.fallback ?? DEFAULT_CYCLE_SCHEDULE, 'default'];
  if (!validate(cron.trim()))
    return {
      ok: false,
      problem: `${source} "${cron}" is not a cron expression for the ${what} — five fields (minute hour day month weekday, e.g. "*/15 * * * *") or six with seconds first`,
    };
  return { ok: true, cron: cron.trim(), source };
}
