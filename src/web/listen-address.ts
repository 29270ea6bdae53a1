// Where the web UI listens: HOST:PORT as typed on the command line (kept apart from the server so
// the CLI can read it without loading the web stack).
import { ConfigError } from '../errors.ts';

export const DEFAULT_LISTEN = '127.0.0.1:8080';

export interface Listen {
  host: string;
  port: number;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:80`, or just a port (on 127.0.0.1). */
export function parseListen(value: string): Listen {
  const text = value.trim();
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:\s]+):)?(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new ConfigError([`--listen ${value}: expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, or a port`]);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}
