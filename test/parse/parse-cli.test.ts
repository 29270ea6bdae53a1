import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/rasid.mjs', import.meta.url));
const rasid = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-parse-cli-'));
  const arabic = fs.readFileSync(new URL('../fixtures/parse/ar-libya-rss.xml', import.meta.url), 'utf8').replace('ENCODING', 'windows-1256');
  fs.writeFileSync(path.join(dir, 'ar.xml'), iconv.encode(arabic, 'windows-1256'));
  fs.copyFileSync(new URL('../fixtures/parse/en-agadez-rss.xml', import.meta.url), path.join(dir, 'en.xml'));
  fs.writeFileSync(path.join(dir, 'page.html'), '<!DOCTYPE html><html><head><title>Erreur 404</title></head><body>introuvable</body></html>');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rasid parse', () => {
  it('prints the ParsedFeed JSON of one file, using --content-type and --url', () => {
    const result = rasid(['parse', path.join(dir, 'ar.xml'), '--content-type', 'text/xml; charset=ISO-8859-1', '--url', 'https://barqa-news.example/feed']);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(['feed', 'encoding', 'items', 'warnings']);
    expect(parsed.encoding).toBe('windows-1256');
    expect(parsed.items[0].link).toBe('https://barqa-news.example/politics/2024/01/mody-benghazi');
    expect(Object.keys(parsed.items[0]).sort()).toEqual(['content', 'guid', 'link', 'published', 'summary', 'title']);
  });

  it('exits 2 with the reason on stderr when the file is not a feed', () => {
    const result = rasid(['parse', path.join(dir, 'page.html')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/HTML page \("Erreur 404"\), not a feed/);
  });

  it('exits 1 when the file cannot be read', () => {
    const result = rasid(['parse', path.join(dir, 'missing.xml')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot read/);
  });

  it('answers a batch line by line, in order, with errors in place and exit 0', () => {
    const lines = [
      { file: path.join(dir, 'en.xml'), contentType: null, url: null },
      { file: path.join(dir, 'page.html'), contentType: 'text/html', url: null },
      'this is not json',
      { file: path.join(dir, 'missing.xml'), contentType: null, url: null },
      { file: path.join(dir, 'ar.xml'), contentType: 'text/xml; charset=iso-8859-1', url: 'https://barqa-news.example/feed' },
    ];
    const result = rasid(['parse', '--batch'], lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    expect(result.status).toBe(0);
    const answers = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(answers).toHaveLength(5);
    expect(answers[0].file).toBe(path.join(dir, 'en.xml'));
    expect(answers[0].items).toHaveLength(2);
    expect(answers[1]).toEqual({ file: path.join(dir, 'page.html'), error: expect.stringMatching(/HTML page/) });
    expect(answers[2]).toEqual({ file: null, error: expect.stringMatching(/line 3 is not JSON/) });
    expect(answers[3].error).toMatch(/cannot read/);
    expect(answers[4].encoding).toBe('windows-1256');
  });
});
