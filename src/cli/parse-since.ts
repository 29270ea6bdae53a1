// `--since` reads the same in every command (`rasid hits`, `rasid watchlist backtest`): a date, a
// date and time, or a span back from now.
import { ConfigError } from '../errors.ts';
import { parseDuration } from '../store/prune.ts';

export const SINCE_HELP = 'a date (2026-11-28), a time (ISO, e.g. 2026-11-28T06:00:00Z) or a span back from now (24h, 7d)';

/** `2026-11-28`, an ISO date-time, or a span back from now (`24h`, `7d`), as an ISO instant. */
export function parseSince(value: string, now: Date): string {
  const span = parseDuration(value);
  if (span !== null) return new Date(now.getTime() - span).toISOString();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) {
    throw new ConfigError([`--since ${value}: not a date — use 2026-11-28, 2026-11-28T06:00:00Z, or a span such as 24h or 7d`]);
  }
  return new Date(ms).toISOString();
}
