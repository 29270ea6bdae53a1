// What every route of the web UI gets: the shared dependencies and, per request, the session,
// the signed-in user and the time zone to show times in.
import type { Hono } from 'hono';
import type { Logger } from '../log/create-logger.ts';
import type { Store } from '../store/open-store.ts';
import type { LoginLimiter } from './auth/login-limiter.ts';
import type { Session, SessionStore } from './auth/sessions.ts';
import type { WebAuthSettings } from './auth/web-auth-settings.ts';
import type { LiveConfig } from './live-config.ts';

export interface WebDeps {
  store: Store;
  config: LiveConfig;
  auth: WebAuthSettings;
  sessions: SessionStore;
  limiter: LoginLimiter;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now: () => Date;
  /** Zone for times when the browser has not said its own (RASID_WEB_TIME_ZONE, default UTC). */
  defaultTimeZone: string;
  /** The UI's public address (RASID_PUBLIC_URL), for links in the hit feeds; null when unset. */
  publicUrl: string | null;
  /** Runs one file edit at a time, so two saves in this process never interleave their read-check-write. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>;
}

export type WebEnv = {
  Variables: {
    session: Session;
    /** The signed-in user, or null on the sign-in page. */
    user: string | null;
    /** The browser reached us over https (directly, or through a trusted proxy that says so). */
    secure: boolean;
    clientAddress: string;
    timeZone: string;
  };
};

export type WebApp = Hono<WebEnv>;

/** A queue of one: each call waits for the previous one to finish. */
export function exclusiveQueue(): WebDeps['exclusive'] {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
