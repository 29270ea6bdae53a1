// Logs go to stderr so stdout stays free for command output (JSON Lines of `rasid match`, tables).
// On a terminal they are readable lines; anywhere else one JSON object per line, for log collectors.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { didYouMean } from '../watchlist/did-you-mean.ts';

export type { Logger };

/** The values RASID_LOG_LEVEL takes: pino's levels, and `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** What is wrong with a RASID_LOG_LEVEL value, in words; null when it is a level (or unset). */
export function logLevelProblem(value: string | undefined): string | null {
  if (value === undefined || value === '' || (LOG_LEVELS as readonly string[]).includes(value)) return null;
  // `warning`, `information`, `errors`: a level spelled out is as likely as a typo.
  const guess = didYouMean(value.trim().toLowerCase(), LOG_LEVELS) ?? LOG_LEVELS.find((l) => value.trim().toLowerCase().startsWith(l)) ?? null;
  return (
    `RASID_LOG_LEVEL "${value}" is not a log level — ${guess ? `did you mean \`${guess}\`? ` : ''}` +
    `use debug, info, warn or error (or trace, fatal, silent), or unset it for info`
  );
}

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const asked = options.level ?? process.env.RASID_LOG_LEVEL;
  // A bad level is reported by the configuration check (load-config.ts) with exit 1; the logger
  // that reports it must not crash first.
  const level = asked && logLevelProblem(asked) === null ? asked : 'info';
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const redact = { paths: ['smtpUrl', '*.smtpUrl', 'password', '*.password', 'pass', '*.pass'], censor: '[secret]' };
  if (usePretty) {
    // On a terminal each message is one line that says it all (the run's summary, a feed's failure);
    // the structured fields behind it are for log collectors, or shown when debugging.
    const hideObject = level !== 'debug' && level !== 'trace';
    return pino(
      { level, redact },
      pretty({ destination: overTheProgressLine(), sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss', hideObject }),
    );
  }
  return pino({ level, redact, base: { app: 'rasid' } }, pino.destination({ dest: 2, sync: true }));
}

/**
 * stderr for a terminal: each message first erases the line it starts on, where a progress line
 * ("fetching feeds 3/40", src/cli/progress.ts) may stand; the next progress update redraws it.
 */
function overTheProgressLine(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      fs.writeSync(2, `\r\x1b[2K${chunk.toString('utf8')}`);
      done();
    },
  });
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
