// Turns low-level failures into sentences an operator can act on. These strings end up in
// `rasid feeds status` and in the run report, so they name the cause, not the Node error code.
import { STATUS_CODES } from 'node:http';
import { FetchError } from '../errors.ts';

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const statusHints: Record<number, string> = {
  401: 'the feed needs a login',
  403: 'the site refuses Rasid; it may block automated readers or our region',
  404: 'the address is wrong or the feed moved; check it in a browser',
  410: 'the site says the feed is gone for good; remove it or find its new address',
  429: 'the site asks us to fetch less often',
  500: 'the site has an internal problem; it is usually temporary',
  502: 'a proxy in front of the site could not reach it; usually temporary',
  503: 'the site is down or overloaded; usually temporary',
  504: 'a proxy in front of the site timed out; usually temporary',
};

export function httpStatusError(url: string, status: number, retryAfterSeconds?: number): FetchError {
  const phrase = STATUS_CODES[status] ?? 'Unknown Status';
  const hint = statusHints[status];
  const wait = retryAfterSeconds !== undefined ? ` (asked to wait ${retryAfterSeconds} s)` : '';
  return new FetchError(
    'http-status',
    `the server answered ${status} ${phrase}${wait}${hint ? `: ${hint}` : ''}`,
    retryAfterSeconds === undefined ? { url, status } : { url, status, retryAfterSeconds },
  );
}

const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** A socket or protocol error (`err.code`) as a FetchError. */
export function networkError(url: string, err: NodeJS.ErrnoException): FetchError {
  const host = safeHost(url);
  const code = err.code ?? '';
  let message: string;
  if (code === 'ECONNREFUSED') message = `the server ${host} refused the connection (nothing is listening there)`;
  else if (code === 'ENOTFOUND') message = `the host name ${safeHostname(url)} could not be found (DNS); check the address`;
  else if (code === 'EAI_AGAIN') message = `the host name ${safeHostname(url)} could not be looked up right now (DNS timeout)`;
  else if (code === 'ECONNRESET' || err.message === 'aborted' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    message = 'the connection was closed by the server before the whole answer arrived';
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') message = `the host ${host} cannot be reached from here`;
  else if (code.startsWith('HPE_')) message = 'the server sent a malformed HTTP answer';
  else if (code.startsWith('Z_') || code === 'ERR_ZLIB') message = 'the server sent a compressed body that is corrupt';
  else if (tlsCodes.test(code)) message = `the server's TLS certificate was not accepted (${err.message})`;
  else message = `the connection failed: ${err.message}${code ? ` (${code})` : ''}`;
  return new FetchError('network', message, { url });
}

/** TLS and malformed-answer failures will not heal by retrying a second later; resets and DNS hiccups may. */
export function isTransient(error: FetchError): boolean {
  if (error.kind === 'network') return !/TLS certificate|malformed HTTP|corrupt|decompressed/.test(error.message);
  if (error.kind === 'http-status') {
    const status = error.details.status ?? 0;
    return status === 408 || status === 429 || status >= 500;
  }
  return false;
}

/** The host name alone (DNS is asked for names, not ports). */
function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
