// One HTTP GET on node:http/https, without redirects. We use node:http rather than Node 20's
// global fetch because fetch offers one AbortSignal for everything: it cannot tell "could not
// connect in 10 s" from "the body is still trickling after 20 s", takes no http.Agent, and
// decompresses before we can bound the decompressed size. Here each limit is its own timer or
// counter, and the error says which one tripped.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { FetchError } from '../errors.ts';
import { networkError, seconds, sizeInWords } from './describe-failure.ts';
import { networkGuard, refusePrivateNetworks, refusedError, RefusedAddressError, withoutCredentials, type NetworkGuard } from './network-guard.ts';

export interface RequestLimits {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Decompressed body; empty when the status does not call for one (redirects, 304, errors). */
  body: Buffer;
}

export interface RequestOptions {
  headers: Record<string, string>;
  limits: RequestLimits;
  /** Statuses whose body we read; others are answered with headers only and the socket is dropped. */
  wantsBody: (status: number) => boolean;
  agent?: http.Agent;
  /** Which addresses may be connected to; the default refuses private networks. */
  guard?: NetworkGuard;
  /** The error for a refused address, given the reason in words; the default names this URL. */
  refused?: (reason: string) => FetchError;
}

/**
 * The one place a connection is opened, so the guard sees every one of them: an IP literal is
 * checked before the request, a name through the lookup, and the peer address once connected (a
 * keep-alive socket opened for a feed that was allowed a private network included).
 */
export function httpRequest(url: URL, options: RequestOptions): Promise<RawResponse> {
  const { limits } = options;
  const guard = options.guard ?? networkGuard(refusePrivateNetworks);
  const refused = options.refused ?? ((reason: string) => refusedError(`fetch ${withoutCredentials(url)}`, reason, url.href));
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  const literalRefusal = net.isIP(literal) ? guard.refusal(literal) : null;
  if (literalRefusal) return Promise.reject(refused(`it leads to ${literalRefusal}`));
  return new Promise<RawResponse>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    let received = 0;
    let phase: 'waiting' | 'body' = 'waiting';
    const timers: NodeJS.Timeout[] = [];

    const finish = (error: FetchError | null, value?: RawResponse) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };

    const req = client.request(url, {
      method: 'GET',
      headers: options.headers,
      ...(options.agent ? { agent: options.agent } : {}),
      lookup: guard.lookup,
    });

    timers.push(
      setTimeout(() => {
        const message =
          phase === 'waiting'
            ? `timed out after ${seconds(limits.totalTimeoutMs)} waiting for the server to answer`
            : `timed out after ${seconds(limits.totalTimeoutMs)} while downloading the answer (${sizeInWords(received)} received so far)`;
        finish(new FetchError('timeout', message, { url: url.href }));
      }, limits.totalTimeoutMs),
    );

    req.on('socket', (socket) => {
      const checkPeer = () => {
        const why = socket.remoteAddress ? guard.refusal(socket.remoteAddress) : null;
        if (why) finish(refused(`the connection went to ${why}`));
      };
      // A reused keep-alive socket is already connected; only a fresh one gets the connect timer.
      if (!socket.connecting) return checkPeer();
      // Registered before the request's own write waits for 'connect', so nothing is sent to a refused peer.
      socket.once('connect', checkPeer);
      const timer = setTimeout(() => {
        finish(
          new FetchError('timeout', `could not connect to ${url.host} within ${seconds(limits.connectTimeoutMs)}`, {
            url: url.href,
          }),
        );
      }, limits.connectTimeoutMs);
      timers.push(timer);
      socket.once('connect', () => clearTimeout(timer));
    });

    req.on('error', (err: NodeJS.ErrnoException) =>
      finish(err instanceof RefusedAddressError ? refused(err.reason) : networkError(url.href, err)),
    );

    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (!options.wantsBody(status)) {
        res.destroy();
        finish(null, { status, headers: res.headers, body: Buffer.alloc(0) });
        return;
      }
      phase = 'body';
      const tooLarge = () =>
        new FetchError(
          'too-large',
          `the answer is larger than the ${sizeInWords(limits.maxBodyBytes)} limit; it is not a news feed or the limit is too small`,
          { url: url.href },
        );
      const declared = Number(res.headers['content-length']);
      const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
      if (!encoding && Number.isFinite(declared) && declared > limits.maxBodyBytes) {
        finish(tooLarge());
        return;
      }

      let stream: Readable = res;
      const decoder = decompressorFor(encoding);
      if (decoder) {
        stream = res.pipe(decoder);
        decoder.on('error', (err: NodeJS.ErrnoException) =>
          finish(new FetchError('network', `the server sent a ${encoding} body that could not be decompressed (${err.message})`, { url: url.href })),
        );
      }
      res.on('error', (err: NodeJS.ErrnoException) => finish(networkError(url.href, err)));
      res.on('aborted', () => finish(networkError(url.href, Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))));

      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > limits.maxBodyBytes) {
          decoder?.destroy();
          finish(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (!res.complete) {
          finish(networkError(url.href, Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
          return;
        }
        finish(null, { status, headers: res.headers, body: Buffer.concat(chunks, received) });
      });
    });

    req.end();
  });
}

/** gzip, deflate (zlib-wrapped or raw, both seen in the wild) and br; anything else is passed through. */
function decompressorFor(encoding: string): Transform | null {
  if (encoding === 'gzip' || encoding === 'x-gzip') return new ChooseByFirstBytes(gzipOrPlain);
  if (encoding === 'deflate') return new ChooseByFirstBytes(zlibOrRawDeflate);
  if (encoding === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return null;
}

// Tolerate a missing gzip trailer (truncating servers produce it): keep what was decoded.
const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * A body labelled gzip that lacks the gzip magic (1f 8b) was never compressed: a misconfigured
 * server or CDN adds the header to a plain feed. Browsers give up; a feed reader can read it as is.
 */
function gzipOrPlain(head: Buffer): Transform | null {
  return head[0] === 0x1f && head[1] === 0x8b ? zlib.createGunzip(lenient) : null;
}

/** HTTP says "deflate" means zlib-wrapped, but some servers send raw deflate; the first bytes tell. */
function zlibOrRawDeflate(head: Buffer): Transform {
  const wrapped = head.length >= 2 && (head[0]! & 0x0f) === 8 && ((head[0]! << 8) | head[1]!) % 31 === 0;
  return wrapped ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
}

/** Picks the decoder from the body's first two bytes (null: pass the bytes through unchanged). */
class ChooseByFirstBytes extends Transform {
  private inner: Transform | null = null;
  private decided = false;
  private head: Buffer = Buffer.alloc(0);

  constructor(private readonly choose: (head: Buffer) => Transform | null) {
    super();
  }

  private decide(): void {
    this.decided = true;
    this.inner = this.choose(this.head);
    this.inner?.on('data', (data: Buffer) => this.push(data));
    this.inner?.on('error', (err) => this.destroy(err));
  }

  private forward(chunk: Buffer, callback: TransformCallback): void {
    if (chunk.length === 0) return callback();
    if (this.inner) this.inner.write(chunk, () => callback());
    else callback(null, chunk);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.decided) return this.forward(chunk, callback);
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 2) return callback();
    this.decide();
    this.forward(this.head, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.decided) {
      this.decide();
      if (!this.inner) return callback(null, this.head);
      this.inner.write(this.head);
    }
    if (!this.inner) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }
}
