// The UI's own CSS, script and icon, read once at start and served from memory: nothing is ever
// loaded from another site (the Content-Security-Policy would refuse it anyway).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packagePath } from '../package-root.ts';
import type { WebApp } from './web-context.ts';

// From the package folder, the same from src/ and from the compiled dist/.
const DIR = packagePath('src', 'web', 'static');
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

export function registerStaticFiles(app: WebApp): void {
  const files = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const name of fs.readdirSync(DIR)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = fs.readFileSync(path.join(DIR, name));
    files.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  app.get('/static/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.text('not found', 404);
    c.header('etag', file.etag);
    c.header('cache-control', 'public, max-age=300');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type });
  });
  app.get('/favicon.ico', (c) => c.redirect('/static/icon.svg', 301));
}
