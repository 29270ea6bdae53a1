// Logs go to stderr so stdout stays free for command output (JSON Lines of `rasid match`, tables).
// On a terminal they are readable lines; anywhere else one JSON object per line, for log collectors.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.RASID_LOG_LEVEL ?? 'info';
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const redact = { paths: ['smtpUrl', '*.smtpUrl', 'password', '*.password', 'pass', '*.pass'], censor: '[secret]' };
  if (usePretty) {
    return pino(
      { level, redact },
      pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }),
    );
  }
  return pino({ level, redact, base: { app: 'rasid' } }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
