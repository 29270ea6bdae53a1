// Listens for the web UI on an address: loopback by default; anywhere else only with
// authentication configured, so an open archive never faces the network by accident.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConfigError } from '../errors.ts';
import { authConfigured, isLoopbackHost } from './auth/web-auth-settings.ts';
import { createWebApp } from './create-web-app.ts';
import type { Listen } from './listen-address.ts';
import type { WebDeps } from './web-context.ts';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(listen: Listen, deps: WebDeps): Promise<WebServer> {
  if (!isLoopbackHost(listen.host) && !authConfigured(deps.auth)) {
    throw new ConfigError([
      `refusing to serve the web UI on ${listen.host}: without authentication anyone who can reach that address could read and edit everything. ` +
        'Set RASID_WEB_PASSWORD (or RASID_WEB_PASSWORD_FILE), or RASID_WEB_TRUSTED_HEADER behind a reverse proxy, or listen on 127.0.0.1',
    ]);
  }
  const app = createWebApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: listen.port, hostname: listen.host, overrideGlobalObjects: false }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new ConfigError([`--listen ${listen.host}:${listen.port}: the address is in use; pick another port`]) : err),
    );
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
