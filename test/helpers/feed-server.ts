// A loopback HTTP server for fixture feeds: serves files with their Content-Type, an ETag and
// Last-Modified, answers 304 to a matching conditional GET, and counts what it was asked.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface Route {
  body: Buffer | string;
  contentType?: string;
  status?: number;
  /** Extra headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

export interface FeedServer {
  baseUrl: string;
  routes: Map<string, Route>;
  /** Requests per path, with the status answered. */
  log: Array<{ path: string; status: number }>;
  serveFile(urlPath: string, file: string, contentType: string): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const log: FeedServer['log'] = [];
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes.get(urlPath);
    if (!route) {
      log.push({ path: urlPath, status: 404 });
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = Buffer.isBuffer(route.body) ? route.body : Buffer.from(route.body);
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const lastModified = 'Wed, 18 Nov 2026 06:00:00 GMT';
    if (req.headers['if-none-match'] === etag) {
      log.push({ path: urlPath, status: 304 });
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    const status = route.status ?? 200;
    log.push({ path: urlPath, status });
    res
      .writeHead(status, {
        'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8',
        etag,
        'last-modified': lastModified,
        ...route.headers,
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    routes,
    log,
    serveFile(urlPath, file, contentType) {
      routes.set(urlPath, { body: fs.readFileSync(file), contentType });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
