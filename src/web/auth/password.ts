// The UI password, kept only as an scrypt hash from the moment it is read: the plain text is never
// stored, logged or echoed, and a candidate is compared in constant time.
import { createHmac, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: object) => Promise<Buffer>;

export interface PasswordHash {
  salt: Buffer;
  hash: Buffer;
}

// N = 2^15 takes about 50-100 ms on one core: slow for guessing, quick enough for a login.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const LENGTH = 32;

export function hashPassword(password: string): PasswordHash {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(password.normalize('NFC'), salt, LENGTH, SCRYPT) };
}

/** Hashes off the main thread (libuv's pool), so a sign-in does not stall the pages others are loading. */
export async function verifyPassword(stored: PasswordHash, candidate: string): Promise<boolean> {
  // Bounded: a megabyte "password" would only cost the hashing time of its first kilobytes anyway.
  const attempt = await scryptAsync(candidate.slice(0, 1024).normalize('NFC'), stored.salt, LENGTH, SCRYPT);
  return timingSafeEqual(attempt, stored.hash);
}

/**
 * Scripts send the password with every API request (Bearer or Basic); scrypt on each would make a
 * busy script a denial of service. A candidate that verified once is remembered by its HMAC under
 * a key that lives only in this process.
 */
export function cachedVerifier(stored: PasswordHash): (candidate: string) => Promise<boolean> {
  const key = randomBytes(32);
  const known = new Set<string>();
  return async (candidate) => {
    const tag = createHmac('sha256', key).update(candidate).digest('base64');
    if (known.has(tag)) return true;
    if (!(await verifyPassword(stored, candidate))) return false;
    known.add(tag);
    return true;
  };
}
