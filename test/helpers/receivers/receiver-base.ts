// The loopback server under every channel receiver: it records each request, lets a test (or a
// seeded soak) decide per request what goes wrong — drop the connection before or after the
// service took the message, rate-limit, be unavailable — and can stop listening (connections
// refused) and start again on the same port, like a service that is down for a while.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** What goes wrong with one request; null or 'ok': nothing. `hang`: never answer (a client timeout). */
export type Fault = 'ok' | 'drop-before' | 'drop-after' | 'rate-limit' | 'unavailable' | 'hang';

export interface ServiceBehaviour {
  /** Answers a well-behaved request: validates it as the real service would, records what the service would show. */
  accept(request: ReceivedRequest): Answer;
  /** The service's own 429 (headers and body as documented). */
  rateLimited(retryAfterSeconds: number): Answer;
  /** The service's own 503 (or 500). */
  unavailable(): Answer;
}

export interface Receiver {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Decides the fault of the n-th request (0-based); null: none. */
  fault: ((request: ReceivedRequest, n: number) => Fault | null) | null;
  /** Retry-After of the rate-limit fault, in seconds. */
  retryAfterSeconds: number;
  /** Runs once the service has taken a message and its 2xx answer is on the wire (e.g. to kill the sender). */
  afterAccepted: (() => void) | null;
  /** Stops listening: new connections are refused until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(service: ServiceBehaviour): Promise<Receiver> {
  const sockets = new Set<Socket>();
  let count = 0;
  const receiver: Omit<Receiver, 'baseUrl' | 'down' | 'up' | 'close'> = { requests: [], fault: null, retryAfterSeconds: 1, afterAccepted: null };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      receiver.requests.push(request);
      const fault = receiver.fault?.(request, count++) ?? 'ok';
      if (fault === 'drop-before') return void req.socket.destroy();
      if (fault === 'hang') return;
      const answer =
        fault === 'rate-limit' ? service.rateLimited(receiver.retryAfterSeconds) : fault === 'unavailable' ? service.unavailable() : service.accept(request);
      if (fault === 'drop-after') return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '', () => {
        if (answer.status >= 200 && answer.status < 300) receiver.afterAccepted?.();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let listening = true;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return Object.assign(receiver, {
    baseUrl: `http://127.0.0.1:${port}`,
    down: stop,
    up: () =>
      new Promise<void>((resolve, reject) => {
        if (listening) return resolve();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          listening = true;
          resolve();
        });
      }),
    close: stop,
  });
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
