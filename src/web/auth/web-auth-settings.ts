// Who may use the web UI, from the environment: a password (RASID_WEB_PASSWORD or a file named by
// RASID_WEB_PASSWORD_FILE, for container secrets) and/or a header set by a trusted reverse proxy
// (RASID_WEB_TRUSTED_HEADER, honoured only from RASID_WEB_TRUSTED_PROXIES). Without either the UI
// is open, which is allowed on a loopback address only.
import fs from 'node:fs';
import net from 'node:net';
import { hashPassword, type PasswordHash } from './password.ts';

export interface WebAuthSettings {
  password: PasswordHash | null;
  /** Lower-cased header name carrying the user's name, e.g. `x-forwarded-user`. */
  trustedHeader: string | null;
  /** Addresses the trusted header (and X-Forwarded-Proto) is accepted from. */
  trustedProxies: string[];
}

export type AuthSettingsResult = { ok: true; settings: WebAuthSettings } | { ok: false; problems: string[] };

const DEFAULT_PROXIES = ['127.0.0.1', '::1'];

export function readWebAuthSettings(env: NodeJS.ProcessEnv): AuthSettingsResult {
  const problems: string[] = [];
  let plain: string | null = env.RASID_WEB_PASSWORD ?? null;
  const file = env.RASID_WEB_PASSWORD_FILE?.trim();
  if (plain !== null && file) problems.push('set RASID_WEB_PASSWORD or RASID_WEB_PASSWORD_FILE, not both');
  else if (file) {
    try {
      // One trailing newline is what `echo secret > file` adds; it is not part of the password.
      plain = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`RASID_WEB_PASSWORD_FILE ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)}) — check the path and its permissions`);
    }
  }
  if (plain !== null && plain.length < 8) problems.push('the web password (RASID_WEB_PASSWORD) must have at least 8 characters');
  const header = env.RASID_WEB_TRUSTED_HEADER?.trim().toLowerCase() || null;
  if (header !== null && !/^[a-z0-9-]+$/.test(header)) problems.push(`RASID_WEB_TRUSTED_HEADER "${header}" is not a header name (letters, digits and dashes, e.g. X-Forwarded-User)`);
  const proxies = env.RASID_WEB_TRUSTED_PROXIES?.split(',').map((p) => p.trim()).filter(Boolean) ?? DEFAULT_PROXIES;
  for (const p of proxies) if (net.isIP(p) === 0) problems.push(`RASID_WEB_TRUSTED_PROXIES: "${p}" is not an IP address (list the proxy's addresses, comma-separated)`);
  if (problems.length) return { ok: false, problems };
  return { ok: true, settings: { password: plain === null ? null : hashPassword(plain), trustedHeader: header, trustedProxies: proxies } };
}

export function authConfigured(settings: WebAuthSettings): boolean {
  return settings.password !== null || settings.trustedHeader !== null;
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return bare.startsWith('::ffff:127.');
}

/** Same address, written either way (IPv4-mapped IPv6 as the socket may report it). */
export function sameAddress(a: string, b: string): boolean {
  const norm = (x: string) => x.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  return norm(a) === norm(b);
}
