// Signatures of Rasid's generic webhook: HMAC-SHA256 over "<timestamp>.<body>", sent as
// `X-Rasid-Signature: sha256=<hex>` beside `X-Rasid-Timestamp: <unix seconds>`. The body is frozen
// at the first attempt; the timestamp and signature are made per attempt, so a receiver can refuse
// stale replays (say, older than five minutes) and still accept a retry an hour later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-rasid-signature';
export const TIMESTAMP_HEADER = 'x-rasid-timestamp';
export const DELIVERY_HEADER = 'x-rasid-delivery';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute, compare in constant time, and check the timestamp is recent. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): { ok: true } | { ok: false; reason: string } {
  const timestamp = Number(headers.timestamp);
  if (!headers.timestamp || !Number.isInteger(timestamp)) return { ok: false, reason: 'no X-Rasid-Timestamp header' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'the timestamp is too old or in the future' };
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'the signature does not match' };
  return { ok: true };
}
