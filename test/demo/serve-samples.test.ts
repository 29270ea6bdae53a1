import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { defaultSamplesDir, serveSamples, type SampleServer } from '../../src/demo/serve-samples.ts';

const manifest = JSON.parse(readFileSync(path.join(defaultSamplesDir, 'manifest.json'), 'utf8')) as {
  feeds: Array<{ file: string; id: string; title: string; language: string; contentType: string }>;
};

describe('serveSamples', () => {
  let server: SampleServer;
  beforeAll(async () => {
    server = await serveSamples();
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on a loopback port and offers one ready-to-use feed per manifest entry', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.feeds).toEqual(
      manifest.feeds.map((entry) => ({
        id: entry.id,
        url: `${server.baseUrl}/${entry.file}`,
        title: entry.title,
        language: entry.language,
        kind: 'rss',
        intervalMinutes: 0,
        enabled: true,
        fetchArticles: false,
      })),
    );
  });

  describe.each(manifest.feeds)('$file', (entry) => {
    it('answers 200 with the file bytes, the manifest Content-Type and strong validators', async () => {
      const res = await fetch(`${server.baseUrl}/${entry.file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(entry.contentType);
      expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(Date.parse(res.headers.get('last-modified') ?? '')).not.toBeNaN();
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(readFileSync(path.join(defaultSamplesDir, entry.file)))).toBe(true);
    });

    it('answers 304 with the validators to a matching If-None-Match, and to If-Modified-Since', async () => {
      const first = await fetch(`${server.baseUrl}/${entry.file}`);
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;

      const byTag = await fetch(`${server.baseUrl}/${entry.file}`, { headers: { 'If-None-Match': etag } });
      expect(byTag.status).toBe(304);
      expect(byTag.headers.get('etag')).toBe(etag);
      expect(byTag.headers.get('last-modified')).toBe(lastModified);
      expect((await byTag.arrayBuffer()).byteLength).toBe(0);

      const byDate = await fetch(`${server.baseUrl}/${entry.file}`, {
        headers: { 'If-Modified-Since': lastModified },
      });
      expect(byDate.status).toBe(304);
    });
  });

  it('lets a non-matching If-None-Match win over a matching If-Modified-Since (RFC 9110)', async () => {
    const url = server.feeds[0]!.url;
    const first = await fetch(url);
    await first.arrayBuffer();
    const res = await fetch(url, {
      headers: { 'If-None-Match': '"something-else"', 'If-Modified-Since': first.headers.get('last-modified')! },
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it('answers 200 to an If-Modified-Since older than the file', async () => {
    const res = await fetch(server.feeds[0]!.url, {
      headers: { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it('answers 404 to an unknown path and 405 to a POST, and counts every request', async () => {
    const before = server.requests;
    const missing = await fetch(`${server.baseUrl}/nope.xml`);
    expect(missing.status).toBe(404);
    await missing.text();
    const post = await fetch(server.feeds[0]!.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    await post.text();
    expect(server.requests).toBe(before + 2);
  });
});

describe('serveSamples with a custom folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rasid-samples-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the files its manifest lists on the port it is given', async () => {
    writeFileSync(path.join(dir, 'one.xml'), '<rss version="2.0"><channel><title>t</title></channel></rss>');
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ feeds: [{ file: 'one.xml', id: 'one', title: 'One', language: 'en', contentType: 'text/xml' }] }),
    );
    const probe = await serveSamples({ dir });
    const port = Number(new URL(probe.baseUrl).port);
    await probe.close();

    const server = await serveSamples({ dir, port });
    try {
      expect(server.baseUrl).toBe(`http://127.0.0.1:${port}`);
      const res = await fetch(server.feeds[0]!.url);
      expect(await res.text()).toContain('<title>t</title>');
    } finally {
      await server.close();
    }
  });

  it('rejects a manifest entry that is missing fields, naming the file and the field', async () => {
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ feeds: [{ file: 'one.xml', id: 'one' }] }));
    const failure = serveSamples({ dir });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/manifest\.json: feeds\.0\.title/);
  });

  it('rejects a manifest that lists a file that is not there', async () => {
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ feeds: [{ file: 'gone.xml', id: 'g', title: 'G', language: 'en', contentType: 'text/xml' }] }),
    );
    await expect(serveSamples({ dir })).rejects.toThrow(/gone\.xml: listed in manifest\.json but unreadable/);
  });
});
