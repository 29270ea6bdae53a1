// A real HTTP server on 127.0.0.1 with one handler per path, for fetch tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LoopbackServer {
  url(path: string): string;
  route(path: string, handler: Handler): void;
  /** Requests seen, in order, by path (with query). */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startLoopbackServer(routes: Record<string, Handler> = {}): Promise<LoopbackServer> {
  const handlers = new Map(Object.entries(routes));
  const requests: LoopbackServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const handler = handlers.get(path) ?? handlers.get(path.split('?')[0]!);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
      return;
    }
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, handler) => void handlers.set(path, handler),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
