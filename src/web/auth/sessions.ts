// Sessions of the web UI, in memory: one process serves the UI, and a restart signing everyone out
// is a fair price for keeping no secret on disk. A session carries its CSRF token; the id is
// replaced at sign-in, so an id planted before it is worth nothing after.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  id: string;
  /** Who signed in ("analyst" for the password, the proxy's user name), or null before sign-in. */
  user: string | null;
  csrf: string;
  createdAt: number;
  lastSeen: number;
  /** A note for the next page this session loads ("feed added"), shown once. */
  flash?: string;
}

const IDLE_MS = 12 * 3600_000;
const MAX_AGE_MS = 7 * 24 * 3600_000;
const MAX_SESSIONS = 10_000;

const token = () => randomBytes(32).toString('base64url');

export function sameToken(a: string | undefined | null, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly clock: () => number = Date.now) {}

  create(user: string | null): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sweep();
    // Still full of live sessions (someone is minting them): the oldest goes.
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const now = this.clock();
    const session: Session = { id: token(), user, csrf: token(), createdAt: now, lastSeen: now };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | null {
    if (!id) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    const now = this.clock();
    if (now - session.lastSeen > IDLE_MS || now - session.createdAt > MAX_AGE_MS) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeen = now;
    return session;
  }

  /** A new id (and CSRF token) for the signed-in user; the old id stops working. */
  signIn(old: Session | null, user: string): Session {
    if (old) this.sessions.delete(old.id);
    return this.create(user);
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, s] of this.sessions) if (now - s.lastSeen > IDLE_MS || now - s.createdAt > MAX_AGE_MS) this.sessions.delete(id);
  }
}
