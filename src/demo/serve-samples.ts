// A loopback HTTP server for the bundled sample feeds, so `rasid demo` and the end-to-end tests
// exercise the real fetcher (conditional GET, Content-Type, encodings) without any network.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import type { FeedSettings } from '../types.ts';
import { daysToShift, shiftDates } from './shift-dates.ts';

/** The folder of bundled sample feeds and their manifest. */
export const defaultSamplesDir = packagePath('src', 'demo', 'samples');

const manifestSchema = z.object({
  feeds: z
    .array(
      z.object({
        file: z.string().regex(/^[\w.-]+$/, 'a plain file name inside the samples folder'),
        id: z.string().min(1),
        title: z.string().min(1),
        language: z.string().min(2),
        contentType: z.string().min(1),
      }),
    )
    .min(1),
});

export type SampleManifest = z.infer<typeof manifestSchema>;

export async function readSampleManifest(dir = defaultSamplesDir): Promise<SampleManifest> {
  const file = path.join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file}: cannot read the sample manifest (${(error as Error).message})`]);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

interface ServedFile {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
}

export interface SampleServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string;
  /** One ready-to-use feed per manifest entry, pointing at this server. */
  feeds: FeedSettings[];
  /** Requests answered so far (any path, any status). */
  readonly requests: number;
  close(): Promise<void>;
}

export interface ServeSamplesOptions {
  /** Folder holding manifest.json and the feed files; defaults to the bundled samples. */
  dir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * Serve every date moved forward by whole days, so the newest item is less than a day before this
   * instant (the demo: see shift-dates.ts). Absent: the bytes exactly as committed.
   */
  datesRelativeTo?: Date;
}

export async function serveSamples(options: ServeSamplesOptions = {}): Promise<SampleServer> {
  const dir = options.dir ?? defaultSamplesDir;
  const manifest = await readSampleManifest(dir);
  const files = new Map<string, ServedFile>();
  const read: Array<{ entry: SampleManifest['feeds'][number]; body: Buffer; modified: Date }> = [];
  for (const entry of manifest.feeds) {
    const file = path.join(dir, entry.file);
    let body: Buffer;
    let modified: Date;
    try {
      [body, modified] = await Promise.all([readFile(file), stat(file).then((s) => s.mtime)]);
    } catch (error) {
      throw new ConfigError([`${file}: listed in manifest.json but unreadable (${(error as Error).message})`]);
    }
    read.push({ entry, body, modified });
  }
  // latin1 maps bytes to characters one to one: the ASCII dates change, every other byte stays as it was.
  const days = options.datesRelativeTo ? daysToShift(read.map((r) => r.body.toString('latin1')), options.datesRelativeTo) : 0;
  for (const { entry, modified, body: original } of read) {
    const body = days === 0 ? original : Buffer.from(shiftDates(original.toString('latin1'), days), 'latin1');
    files.set(`/${entry.file}`, {
      body,
      contentType: entry.contentType,
      // Strong validator: it changes exactly when the bytes do.
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      // HTTP dates have one-second resolution; a sub-second mtime would never compare equal.
      lastModified: new Date(Math.floor(modified.getTime() / 1000) * 1000).toUTCString(),
    });
  }

  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    answer(files, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const feeds: FeedSettings[] = manifest.feeds.map((entry) => ({
    id: entry.id,
    url: `${baseUrl}/${entry.file}`,
    title: entry.title,
    language: entry.language,
    kind: 'rss',
    intervalMinutes: 0,
    enabled: true,
    fetchArticles: false,
  }));

  return {
    baseUrl,
    feeds,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets left by a client would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function answer(files: Map<string, ServedFile>, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const file = files.get(pathname);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`no sample feed at ${pathname}\n`);
    return;
  }
  const validators = { ETag: file.etag, 'Last-Modified': file.lastModified };
  if (isNotModified(file, req)) {
    res.writeHead(304, validators);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...validators,
    'Content-Type': file.contentType,
    'Content-Length': String(file.body.length),
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/** RFC 9110 §13.2.2: If-None-Match, when present, decides alone; If-Modified-Since only without it. */
function isNotModified(file: ServedFile, req: IncomingMessage): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    // Weak comparison, as the RFC prescribes for If-None-Match.
    const strip = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => strip(tag) === strip(file.etag));
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Date.parse(file.lastModified) <= since;
  }
  return false;
}
