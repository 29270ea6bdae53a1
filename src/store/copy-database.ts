// `rasid db copy`: moves an installation from one database to another (SQLite → PostgreSQL when a
// team outgrows one machine, or back), rows and ids as they are, so the delivery ledger keeps
// pointing at the same hits and nothing is sent again after the move.
//
// Safe to run again: a row already in the target with the same identity (an article with the same
// content hash, a delivery of the same hit to the same recipient…) is brought up to date, not
// duplicated, so a copy interrupted halfway, or repeated after the source ran once more, ends the
// same as one clean copy. A target row with the same id but another identity means the target holds
// data of its own: the copy stops there and says so, instead of mixing two installations.
import { driverError, isDamageError } from './describe-storage-error.ts';
import { readPastDamage, withParents, type CopiedRow } from './salvage-reads.ts';
import { resetSearchIndex } from './search-index.ts';
import type { Store } from './store.ts';

interface TableSpec {
  name: string;
  key: string;
  /** Columns that say which row this is; the same id with other values here is a conflict. */
  identity: string[];
  /** Columns that may change after a row is written (brought up to date on a rerun). */
  mutable: string[];
  columns: string[];
  /** Values not to carry over (a worker's claim belongs to the old database's workers). */
  clear?: string[];
  /** Columns that point at another table's id: a salvage copy leaves out a row whose parent was lost. */
  parents?: Array<[column: string, table: string]>;
}

// In foreign-key order. Leases are not copied: they belong to the processes of the old database.
const TABLES: TableSpec[] = [
  {
    name: 'feeds',
    key: 'id',
    identity: ['id'],
    columns: ['id', 'url', 'configured_url', 'title', 'etag', 'last_modified', 'consecutive_failures', 'last_error', 'last_error_at',
      'last_success_at', 'last_fetched_at', 'next_fetch_at', 'last_item_at', 'body_hash', 'claimed_by', 'claimed_until', 'created_at'],
    mutable: ['url', 'configured_url', 'title', 'etag', 'last_modified', 'consecutive_failures', 'last_error', 'last_error_at',
      'last_success_at', 'last_fetched_at', 'next_fetch_at', 'last_item_at', 'body_hash'],
    clear: ['claimed_by', 'claimed_until'],
  },
  {
    name: 'articles',
    key: 'id',
    identity: ['content_hash'],
    columns: ['id', 'feed_id', 'guid', 'url', 'canonical_url', 'content_hash', 'title', 'summary', 'content', 'published_at', 'language',
      'fetched_at', 'matched_at'],
    mutable: ['matched_at', 'content'],
  },
  {
    name: 'article_sources',
    key: 'id',
    identity: ['feed_id', 'item_key'],
    columns: ['id', 'article_id', 'feed_id', 'item_key', 'url', 'seen_at'],
    mutable: [],
    parents: [['article_id', 'articles']],
  },
  {
    name: 'hits',
    key: 'id',
    identity: ['article_id', 'entry'],
    columns: ['id', 'article_id', 'entry', 'terms', 'snippet', 'priority', 'why', 'created_at'],
    mutable: [],
    parents: [['article_id', 'articles']],
  },
  {
    name: 'digests',
    key: 'id',
    identity: ['message_id'],
    columns: ['id', 'recipient', 'kind', 'status', 'message_id', 'hit_ids', 'subject', 'message', 'error', 'created_at', 'sent_at'],
    mutable: ['status', 'error', 'sent_at'],
  },
  {
    name: 'deliveries',
    key: 'id',
    identity: ['hit_id', 'recipient'],
    columns: ['id', 'hit_id', 'recipient', 'digest_id', 'delivered_at'],
    mutable: [],
    parents: [['hit_id', 'hits'], ['digest_id', 'digests']],
  },
  // The channel ledger (channel-ledger.ts): without it, every alert would go to every channel again after a move.
  {
    name: 'channel_messages',
    key: 'id',
    identity: ['idempotency_key'],
    columns: ['id', 'channel', 'owner', 'kind', 'status', 'idempotency_key', 'hit_ids', 'request', 'attempts', 'refusals', 'next_attempt_at',
      'last_error', 'created_at', 'last_attempt_at', 'sent_at'],
    mutable: ['status', 'attempts', 'refusals', 'next_attempt_at', 'last_error', 'last_attempt_at', 'sent_at'],
  },
  {
    name: 'channel_deliveries',
    key: 'id',
    identity: ['hit_id', 'channel', 'kind'],
    columns: ['id', 'hit_id', 'channel', 'kind', 'message_id', 'delivered_at'],
    mutable: [],
    parents: [['hit_id', 'hits'], ['message_id', 'channel_messages']],
  },
  { name: 'runs', key: 'id', identity: ['started_at', 'command'], columns: ['id', 'command', 'started_at', 'finished_at', 'status', 'report'], mutable: ['finished_at', 'status', 'report'] },
];

const BATCH = 500;

export interface TableCopy {
  table: string;
  source: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows in the target afterwards. */
  target: number;
  /** Salvage copies: rows the damaged source could not give back (about: ids on a damaged page). */
  unreadable?: number;
  /** Salvage copies: rows left out because the row they belong to was unreadable. */
  orphaned?: number;
}

export interface CopyReport {
  tables: TableCopy[];
  durationMs: number;
}

export class CopyConflictError extends Error {
  override readonly name = 'CopyConflictError';
}

type Row = CopiedRow;

const same = (a: unknown, b: unknown) => (a === null || a === undefined ? b === null || b === undefined : String(a) === String(b));

async function copyTable(
  from: Store,
  to: Store,
  spec: TableSpec,
  onProgress?: (table: string, done: number, total: number) => void,
  salvage = false,
): Promise<TableCopy> {
  const cols = spec.columns.join(', ');
  const count = () => from.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${spec.name}`).then((r) => r?.n ?? 0);
  const total = salvage ? await count().catch((err: unknown) => (isDamageError(err) ? null : Promise.reject(err))) : await count();
  const result: TableCopy = { table: spec.name, source: total ?? 0, inserted: 0, updated: 0, unchanged: 0, target: 0, ...(salvage ? { unreadable: 0, orphaned: 0 } : {}) };
  const textKey = spec.key === 'id' && spec.name === 'feeds';
  let after: unknown = textKey ? '' : 0;
  let done = 0;
  let readRows = 0;
  let max: number | null | undefined;
  const maxKey = async () => {
    if (max === undefined) {
      max = await from.sql
        .get<{ m: number | null }>(`SELECT MAX(${spec.key}) AS "m" FROM ${spec.name}`)
        .then((r) => (r?.m === null || r?.m === undefined ? null : Number(r.m)))
        // The end of a damaged table cannot be known: read on until a long run of ids finds nothing.
        .catch((err: unknown) => (isDamageError(err) ? Number.MAX_SAFE_INTEGER : Promise.reject(err)));
    }
    return max ?? null;
  };
  let emptyWindows = 0;
  for (;;) {
    let rows: Row[];
    try {
      rows = await from.sql.all<Row>(`SELECT ${cols} FROM ${spec.name} WHERE ${spec.key} > ? ORDER BY ${spec.key} LIMIT ?`, [after, BATCH]);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]![spec.key];
    } catch (err) {
      if (!salvage || !isDamageError(err)) throw err;
      const around = await readPastDamage(from, { table: spec.name, key: spec.key, columns: cols, batch: BATCH }, after, textKey, maxKey);
      result.unreadable! += around.unreadable;
      rows = around.rows;
      emptyWindows = rows.length === 0 && around.unreadable === 0 ? emptyWindows + 1 : 0;
      if (around.next === null || emptyWindows >= 20) {
        if (rows.length === 0) break;
        after = rows[rows.length - 1]![spec.key];
      } else after = around.next;
      if (rows.length === 0) continue;
    }
    readRows += rows.length;
    if (salvage && spec.parents) {
      const kept = await withParents(to, spec.parents, rows);
      result.orphaned! += rows.length - kept.length;
      rows = kept;
      if (rows.length === 0) continue;
    }
    const keys = rows.map((r) => r[spec.key] as number | string);
    await to.sql.transaction(async () => {
      const existing = new Map(
        (await to.sql.all<Row>(`SELECT ${cols} FROM ${spec.name} WHERE ${to.sql.inList(spec.key, textKey ? 'text' : 'int')}`, [to.sql.listParam(keys)])).map(
          (r) => [String(r[spec.key]), r],
        ),
      );
      const fresh: Row[] = [];
      for (const row of rows) {
        for (const c of spec.clear ?? []) row[c] = null;
        const there = existing.get(String(row[spec.key]));
        if (!there) {
          fresh.push(row);
          continue;
        }
        const other = spec.identity.find((c) => !same(there[c], row[c]));
        if (other) {
          throw new CopyConflictError(
            `${spec.name} ${String(row[spec.key])} in the target is another row (its ${other} differs): the target holds data of its own. ` +
              'Copy into a new, empty database (or a schema of its own: ?schema=name), or into a previous copy of this same source.',
          );
        }
        const changed = spec.mutable.filter((c) => !same(there[c], row[c]));
        if (changed.length === 0) {
          result.unchanged++;
          continue;
        }
        await to.sql.run(`UPDATE ${spec.name} SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE ${spec.key} = ?`, [
          ...changed.map((c) => row[c]),
          row[spec.key],
        ]);
        result.updated++;
      }
      if (fresh.length > 0) {
        const placeholders = fresh.map(() => `(${spec.columns.map(() => '?').join(', ')})`).join(', ');
        try {
          await to.sql.run(
            `INSERT INTO ${spec.name} (${cols}) VALUES ${placeholders}`,
            fresh.flatMap((r) => spec.columns.map((c) => r[c] ?? null)),
          );
        } catch (err) {
          const { code, message } = driverError(err);
          if (code === '23505' || code.startsWith('SQLITE_CONSTRAINT')) {
            throw new CopyConflictError(
              `${spec.name}: the target already holds the same story, delivery or feed under another id (${message}): it holds data of its own. ` +
                'Copy into a new, empty database, or into a previous copy of this same source.',
            );
          }
          throw err;
        }
        result.inserted += fresh.length;
      }
    });
    done += rows.length;
    onProgress?.(spec.name, done, total ?? done);
  }
  // Rows on a damaged page can also go missing without an error (cells SQLite no longer finds, a
  // text-keyed table read from both ends): the count, read apart, says how many did not come back.
  if (salvage && total !== null) result.unreadable = Math.max(result.unreadable!, total - readRows);
  if (salvage && total === null) result.source = readRows + result.unreadable!;
  result.target = (await to.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${spec.name}`))?.n ?? 0;
  return result;
}

/** PostgreSQL hands out ids from a sequence that an insert with explicit ids does not move. */
async function advanceSequences(to: Store): Promise<void> {
  if (to.kind !== 'postgres') return;
  for (const spec of TABLES) {
    if (spec.name === 'feeds') continue;
    await to.sql.get(
      `SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM ${spec.name}), 0) + 1, false) AS "v"`,
      [spec.name],
    );
  }
}

/** Copies every table of `from` into `to` (both opened, so both are migrated to this version's schema). */
export async function copyDatabase(
  from: Store,
  to: Store,
  options: {
    onProgress?: (table: string, done: number, total: number) => void;
    now?: () => number;
    /** Read past damage in the source, leaving out (and counting) what cannot be read. */
    salvage?: boolean;
  } = {},
): Promise<CopyReport> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const tables: TableCopy[] = [];
  for (const spec of TABLES) tables.push(await copyTable(from, to, spec, options.onProgress, options.salvage ?? false));
  await advanceSequences(to);
  // The search index is the engine's own (FTS5 / tsvector): rebuilt from the copied articles by the
  // backfill (`rasid serve` and `rasid search` run it) rather than copied.
  await resetSearchIndex(to);
  return { tables, durationMs: now() - started };
}
