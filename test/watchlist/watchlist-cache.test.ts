import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWatchlistsCached } from '../../src/watchlist/watchlist-cache.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-wl-cache-');
const FILE = 'entries:\n  - id: haftar\n    aliases: [Haftar, حفتر]\n';

function setUp() {
  const dir = tempDir();
  const lists = path.join(dir, 'watchlists');
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(lists);
  fs.writeFileSync(path.join(lists, 'main.yaml'), FILE);
  return { lists, cache, cached: () => fs.readdirSync(cache).filter((f) => f.endsWith('.json')) };
}

describe('the watchlist cache', () => {
  it('keeps a valid result and gives it back while the files are byte for byte the same', () => {
    const { lists, cache, cached } = setUp();
    const first = loadWatchlistsCached(lists, { cache });
    expect(first.problems).toEqual([]);
    expect(cached()).toHaveLength(1);
    // Prove the second answer comes from the cache: doctor the kept result.
    const kept = path.join(cache, cached()[0]!);
    const doctored = JSON.parse(fs.readFileSync(kept, 'utf8'));
    doctored[0].entries[0].name = 'from the cache';
    fs.writeFileSync(kept, JSON.stringify(doctored));
    expect(loadWatchlistsCached(lists, { cache }).watchlists[0]!.entries[0]!.name).toBe('from the cache');
    // One byte more in the file: read again.
    fs.writeFileSync(path.join(lists, 'main.yaml'), `${FILE}\n`);
    expect(loadWatchlistsCached(lists, { cache }).watchlists[0]!.entries[0]!.name).toBe('haftar');
    expect(cached()).toHaveLength(2);
  });

  it('never keeps a folder with problems: every message comes from the file as it is', () => {
    const { lists, cache } = setUp();
    fs.writeFileSync(path.join(lists, 'main.yaml'), 'entries:\n  - id: haftar\n    alias: [Haftar]\n');
    expect(loadWatchlistsCached(lists, { cache }).problems.map((p) => p.message).join('\n')).toMatch(/unknown key "alias"/);
    expect(fs.existsSync(cache) ? fs.readdirSync(cache) : []).toEqual([]);
  });

  it('reads the folder as always when the cache cannot be written', () => {
    const { lists } = setUp();
    const blocked = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const read = loadWatchlistsCached(lists, { cache: path.join(blocked, 'cache') });
    expect(read.problems).toEqual([]);
    expect(read.watchlists[0]!.entries.map((e) => e.id)).toEqual(['haftar']);
  });
});
