// The half of every channel that talks HTTP: put the secrets back into a frozen request, send it,
// and turn the answer into a typed outcome in words. Services differ only in where they put their
// error text and retry hints, which each one describes with an AnswerReader.
import { STATUS_CODES } from 'node:http';
import { FetchError } from '../errors.ts';
import { parseRetryAfter } from '../fetch/retry-delay.ts';
import type { FrozenRequest } from '../store/channel-ledger.ts';
import type { SendOutcome } from './channel-types.ts';
import type { HttpAnswer, HttpSend } from './http-send.ts';
import { redactSecrets, resolveSecret, type SecretRef, type SecretSource } from './secrets.ts';

export interface ChannelRuntime {
  http: HttpSend;
  secrets: SecretSource;
  now: () => Date;
}

export interface AnswerReader {
  /** "Slack", "Telegram": how the service is named in messages. */
  service: string;
  /** The service's own words for a refusal ("channel_not_found", Telegram's description), if the body has them. */
  errorText(answer: HttpAnswer): string | null;
  /** A wait the body asks for, in ms (Discord's retry_after, Matrix's retry_after_ms), or null. */
  retryHintMs?(answer: HttpAnswer): number | null;
  /** What to do about a status, for the operator ("create a new webhook and update $RASID_SLACK_DESK"). */
  advice(status: number): string | null;
}

/** Where the secrets of a request go: `{url}` is the whole secret URL, `{token}` a token in the path, `bearer` an Authorization header. */
export interface SecretSlots {
  url?: SecretRef;
  token?: SecretRef;
  bearer?: SecretRef;
  /** A key only `perAttempt` sees (the webhook's HMAC key). */
  signingKey?: SecretRef;
  /** Adds headers made per attempt (the webhook's timestamp and signature) from the final body. */
  perAttempt?: (request: FrozenRequest, secrets: Record<string, string>, now: Date) => Record<string, string>;
  /** Changes the final URL (Discord's `wait=true`). */
  finalUrl?: (url: URL) => void;
}

export function jsonField(answer: HttpAnswer, read: (json: Record<string, unknown>) => unknown): unknown {
  try {
    const json: unknown = JSON.parse(answer.body);
    return json && typeof json === 'object' ? read(json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const cleanServiceText = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);

export function classifyAnswer(answer: HttpAnswer, reader: AnswerReader, now: Date): SendOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'sent', status };
  const own = reader.errorText(answer);
  const said = own ? ` (${JSON.stringify(cleanServiceText(own))})` : '';
  const phrase = `${reader.service} answered ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd() + said;
  if (status === 408 || status === 429 || status >= 500) {
    const header = parseRetryAfter(answer.headers['retry-after'], now);
    const hints = [header === null ? null : header * 1000, reader.retryHintMs?.(answer) ?? null].filter((n): n is number => n !== null && Number.isFinite(n) && n >= 0);
    const afterMs = hints.length > 0 ? Math.max(...hints) : null;
    const wait = afterMs === null ? '' : `; it asked to wait ${Math.ceil(afterMs / 1000)} s`;
    const what = status === 429 ? 'too many messages' : status === 408 ? 'it timed out reading the message' : 'a problem on its side, usually temporary';
    return { outcome: 'retry-later', afterMs, reason: `${phrase}: ${what}${wait}`, status };
  }
  if (status >= 300 && status < 400) {
    return { outcome: 'permanent-failure', status, reason: `${phrase}: the address redirects elsewhere; configure the final address instead` };
  }
  const advice = reader.advice(status);
  return { outcome: 'permanent-failure', status, reason: `${phrase}${advice ? `: ${advice}` : ''}` };
}

function networkOutcome(err: unknown, service: string): SendOutcome {
  const message = err instanceof FetchError ? err.message : err instanceof Error ? err.message : String(err);
  return { outcome: 'retry-later', afterMs: null, status: null, reason: `could not reach ${service}: ${message}` };
}

/** Resolves the secrets, sends, classifies; every reason it returns has the secret values redacted. */
export async function sendWithSecrets(request: FrozenRequest, slots: SecretSlots, reader: AnswerReader, runtime: ChannelRuntime): Promise<SendOutcome> {
  const values: Record<string, string> = {};
  for (const [role, ref] of Object.entries({ url: slots.url, token: slots.token, bearer: slots.bearer, signingKey: slots.signingKey })) {
    if (!ref) continue;
    const got = resolveSecret(ref, runtime.secrets);
    // A secret that vanished since the configuration was checked: keep the message, try again later.
    if (!got.ok) return { outcome: 'retry-later', afterMs: null, status: null, reason: `cannot send to ${reader.service}: ${got.problem}` };
    values[role] = got.value;
  }
  const secrets = Object.values(values);
  let url: URL;
  try {
    let address = request.url;
    if (values.url !== undefined) address = address.replace('{url}', values.url);
    if (values.token !== undefined) address = address.replace('{token}', values.token);
    url = new URL(address);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    return { outcome: 'permanent-failure', status: 0, reason: `the ${reader.service} address is not an http(s) URL; check the channel's settings` };
  }
  slots.finalUrl?.(url);
  const now = runtime.now();
  const headers = { ...request.headers, ...(values.bearer ? { authorization: `Bearer ${values.bearer}` } : {}), ...slots.perAttempt?.(request, values, now) };
  let outcome: SendOutcome;
  try {
    outcome = classifyAnswer(await runtime.http({ method: request.method, url: url.href, headers, body: request.body }), reader, now);
  } catch (err) {
    outcome = networkOutcome(err, reader.service);
  }
  return outcome.outcome === 'sent' ? outcome : { ...outcome, reason: redactSecrets(outcome.reason, secrets) };
}
