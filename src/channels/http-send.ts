// One POST or PUT to a channel's service on node:http/https, with a connect and a total timeout, no
// redirects and a bounded answer. It is the default `HttpSend` of every channel; tests and the
// address guard of src/fetch can pass their own. Channel addresses come from the operator, not
// from feeds, so private and loopback addresses (a self-hosted ntfy or Matrix) are allowed.
import http from 'node:http';
import https from 'node:https';
import { FetchError } from '../errors.ts';
import { networkError, seconds } from '../fetch/describe-failure.ts';

export interface OutgoingRequest {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The answer's body as text, cut at `MAX_ANSWER_BYTES`. */
  body: string;
}

/** Resolves with any HTTP answer (a 500 too); rejects with a FetchError (`network`, `timeout`) when there is none. */
export type HttpSend = (request: OutgoingRequest) => Promise<HttpAnswer>;

const CHANNEL_TIMEOUTS = { connectMs: 10_000, totalMs: 20_000 };
const MAX_ANSWER_BYTES = 64 * 1024;

export function httpSend(request: OutgoingRequest, timeouts = CHANNEL_TIMEOUTS): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      reject(new FetchError('bad-url', 'the channel address is not a URL'));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (error: FetchError | null, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(answer!);
    };
    const req = client.request(url, {
      method: request.method,
      headers: { ...request.headers, 'content-length': String(body.length), 'user-agent': 'Rasid/0.1 (alerts)' },
    });
    timers.push(
      setTimeout(() => finish(new FetchError('timeout', `no answer from ${url.host} within ${seconds(timeouts.totalMs)}`)), timeouts.totalMs),
    );
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => finish(new FetchError('timeout', `could not connect to ${url.host} within ${seconds(timeouts.connectMs)}`)),
        timeouts.connectMs,
      );
      timers.push(timer);
      socket.once('connect', () => clearTimeout(timer));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(networkError(url.href, err)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
        size += chunk.length;
      });
      res.on('error', (err: NodeJS.ErrnoException) => finish(networkError(url.href, err)));
      res.on('aborted', () => finish(networkError(url.href, Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))));
      res.on('end', () => {
        if (!res.complete) return finish(networkError(url.href, Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body);
  });
}
