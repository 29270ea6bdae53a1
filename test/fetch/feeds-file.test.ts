import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { feedIdFromUrl, loadFeedsFile } from '../../src/config/feeds-file.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-feeds-file-');

function load(text: string) {
  const file = path.join(tempDir(), 'feeds.yaml');
  fs.writeFileSync(file, text);
  return loadFeedsFile(file);
}

describe('the feeds file', () => {
  it('accepts the smallest entry, a bare url, with every default filled in', () => {
    const result = load('feeds:\n  - url: http://127.0.0.1:8080/feed.xml\n');
    expect(result).toEqual({
      ok: true,
      feeds: [
        {
          id: '127.0.0.1-8080-feed.xml',
          url: 'http://127.0.0.1:8080/feed.xml',
          title: undefined,
          language: undefined,
          kind: 'rss',
          selectors: undefined,
          intervalMinutes: 30,
          enabled: true,
          fetchArticles: false,
        },
      ],
      fetchLimits: {},
    });
  });

  it.each([
    ['https://www.rfi.fr/fr/afrique/rss', 'rfi.fr-fr-afrique-rss'],
    ['https://tass.ru/rss/v2.xml', 'tass.ru-rss-v2.xml'],
    ['https://lefaso.net/spip.php?page=backend', 'lefaso.net-spip.php-page-backend'],
  ])('derives the id of %s as %s', (url, id) => {
    expect(feedIdFromUrl(url)).toBe(id);
  });

  it('takes the interval from defaults unless the feed sets its own', () => {
    const result = load('defaults:\n  interval: 60\nfeeds:\n  - url: https://a.example/rss\n  - url: https://b.example/rss\n    interval: 5\n');
    expect(result.ok && result.feeds.map((f) => f.intervalMinutes)).toEqual([60, 5]);
  });

  it.each([
    ['an html feed without selectors', 'feeds:\n  - url: https://anp.example/\n    kind: html\n', /selectors/, 2],
    ['a non-http address', 'feeds:\n  - url: ftp://files.example/feed\n', /http:\/\/ or https:\/\//, 2],
    ['an unknown field, on its own line', 'feeds:\n  - url: https://a.example/rss\n    titel: A\n', /known fields: .*verified, note/, 3],
    ['two feeds with one id', 'feeds:\n  - url: https://a.example/rss\n    id: x\n  - url: https://b.example/rss\n    id: x\n', /two feeds have the id "x"/, null],
    ['a short IPv4 form in allowNetworks', 'defaults:\n  fetch:\n    allowNetworks:\n      - 10.0.0.0/8\n      - 127.1/32\n', /allowNetworks.1: "127.1\/32" is not a network: write one as address\/prefix-length/, 5],
    ['a prefix too long in allowNetworks', 'defaults:\n  fetch:\n    allowNetworks: [10.0.0.0/33]\nfeeds: []\n', /"10.0.0.0\/33" is not a network/, 3],
    ['allowNetworks that is not a list', 'defaults:\n  fetch:\n    allowNetworks: 10.0.0.0/8\nfeeds: []\n', /allowNetworks is a list of networks, e.g. allowNetworks: \[10.0.0.0\/8, "fd00::\/8"\]/, 3],
    ['a misspelt per-feed opt-in', 'feeds:\n  - url: http://10.1.2.3/rss\n    allowPrivateNetworks: true\n', /known fields: .*allowPrivateNetwork/, 3],
    ['a misspelt allow-list', 'defaults:\n  fetch:\n    allowNetwork: [10.0.0.0/8]\nfeeds: []\n', /known fetch settings: .*allowPrivateNetworks, allowNetworks/, 3],
  ])('rejects %s, saying where and what to do', (_name, text, message, line) => {
    const result = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems[0]!;
    expect(`${problem.message} ${problem.hint}`).toMatch(message);
    expect(problem.line).toBe(line);
  });
});

describe('private networks in the feeds file', () => {
  it('reads the per-feed opt-in and the allow-list of networks', () => {
    const result = load(
      [
        'defaults:',
        '  fetch:',
        '    allowNetworks: [10.0.0.0/8, "fd00::/8", 127.0.0.1/32, 192.168.1.20]',
        'feeds:',
        '  - url: http://intranet.example/desk.xml',
        '    allowPrivateNetwork: true',
        '  - url: https://news.example/rss',
        '',
      ].join('\n'),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.fetchLimits).toEqual({ allowNetworks: ['10.0.0.0/8', 'fd00::/8', '127.0.0.1/32', '192.168.1.20'] });
    expect(result.feeds.map((f) => f.allowPrivateNetwork)).toEqual([true, undefined]);
  });

  it('leaves private networks refused when nothing opts in', () => {
    const result = load('feeds:\n  - url: http://127.0.0.1:8080/feed.xml\n');
    expect(result.ok && result.fetchLimits.allowNetworks).toBeUndefined();
    expect(result.ok && result.feeds[0]!.allowPrivateNetwork).toBeUndefined();
  });
});

describe('the shipped feeds.yaml', () => {
  const file = new URL('../../feeds.yaml', import.meta.url);

  it('is a valid feeds file with unique ids', () => {
    const result = loadFeedsFile(file.pathname);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feeds.length).toBeGreaterThanOrEqual(30);
    expect(new Set(result.feeds.map((f) => f.language))).toEqual(new Set(['ar', 'fr', 'en', 'ru']));
    expect(result.feeds.some((f) => f.kind === 'html')).toBe(true);
  });

  it('marks every entry as not verified, since no outside network was reachable when it was written', () => {
    const raw = parse(fs.readFileSync(file, 'utf8')) as { feeds: Array<{ url: string; verified?: boolean }> };
    for (const entry of raw.feeds) expect(entry, entry.url).toMatchObject({ verified: false });
  });
});
