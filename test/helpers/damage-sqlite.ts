// Damage as disks and crashes cause it, done to a real SQLite file: a page whose middle is garbage
// (a torn or rotten 512-byte sector), or a page of zeros (a write that never reached the disk). The
// page is a leaf of a table that holds data, found through SQLite's dbstat table.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { storeItems } from '../../src/store/articles-repo.ts';
import { markMatched } from '../../src/store/hits-repo.ts';
import type { Store } from '../../src/store/open-store.ts';
import type { FeedItem, FeedSettings } from '../../src/types.ts';

export type Damage = 'flip-middle' | 'zero-page';

/** Damages one leaf page from the middle of `table`'s pages; returns the page number. The file must be closed. */
export function damageSqlite(file: string, table: string, damage: Damage): number {
  const db = new Database(file);
  let page: number;
  let pageSize: number;
  try {
    // The WAL folded into the file first, so the bytes changed below are the ones SQLite reads.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const leaves = db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).all(table) as Array<{ pageno: number }>;
    if (leaves.length === 0) throw new Error(`${table} has no leaf pages in ${file}`);
    page = leaves[Math.floor(leaves.length / 2)]!.pageno;
    pageSize = db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
  const fd = fs.openSync(file, 'r+');
  try {
    const bytes = Buffer.alloc(pageSize);
    fs.readSync(fd, bytes, 0, pageSize, (page - 1) * pageSize);
    if (damage === 'zero-page') bytes.fill(0);
    else for (let i = pageSize / 2 - 256; i < pageSize / 2 + 256; i++) bytes[i] = bytes[i]! ^ 0xa5;
    fs.writeSync(fd, bytes, 0, pageSize, (page - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
  return page;
}

const fillerFeed: FeedSettings = { id: 'filler', url: 'http://127.0.0.1/filler.xml', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false };

/** Enough matched articles without hits for the articles table to span many pages. */
export async function fillArticles(store: Store, n = 300): Promise<void> {
  const items: FeedItem[] = Array.from({ length: n }, (_, i) => ({
    guid: `filler-${i}`,
    link: `http://127.0.0.1/filler/${i}`,
    title: `Filler dispatch ${i} from the desk`,
    published: null,
    summary: `A routine note number ${i} about market prices and the weather in the region. `.repeat(6),
    content: null,
  }));
  const stored = await storeItems(store, fillerFeed, items, new Date());
  await markMatched(store, stored.newArticles.map((a) => a.id), new Date());
}
