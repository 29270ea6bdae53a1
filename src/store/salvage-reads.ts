// What `rasid db copy --salvage` adds to a copy: reading a damaged source past its damage, and
// leaving out rows whose parent could not be read (a hit whose article is lost), counting both.
import { isDamageError } from './describe-storage-error.ts';
import type { Store } from './store.ts';

export type CopiedRow = Record<string, unknown>;

/** Rows a damaged source gave back around a read that failed, and where reading goes on. */
export interface Salvaged {
  rows: CopiedRow[];
  unreadable: number;
  /** The key to read on from; null: nothing further can be read. */
  next: unknown;
}

/**
 * A salvage copy reads past damage (`rasid db copy --salvage`): when a batch read fails on a damaged
 * page, the ids of that batch are read one by one (each a seek that avoids the pages of the others),
 * skipping those that cannot be read; a table keyed by text is read from both ends up to the damage.
 */
export async function readPastDamage(
  from: Store,
  spec: { table: string; key: string; columns: string; batch: number },
  after: unknown,
  textKey: boolean,
  maxKey: () => Promise<number | null>,
): Promise<Salvaged> {
  const one = (where: string, params: unknown[]) => from.sql.get<CopiedRow>(`SELECT ${spec.columns} FROM ${spec.table} WHERE ${where}`, params);
  if (textKey) {
    const rows: CopiedRow[] = [];
    // From the far end back towards the damage: what lies beyond it.
    let below: unknown = null;
    for (;;) {
      try {
        const row = await one(`${spec.key} > ?${below === null ? '' : ` AND ${spec.key} < ?`} ORDER BY ${spec.key} DESC LIMIT 1`, below === null ? [after] : [after, below]);
        if (!row) break;
        rows.unshift(row);
        below = row[spec.key];
      } catch (err) {
        if (!isDamageError(err)) throw err;
        break;
      }
    }
    return { rows, unreadable: 0, next: null };
  }
  const max = await maxKey();
  const start = Number(after);
  if (max !== null && start >= max) return { rows: [], unreadable: 0, next: null };
  const rows: CopiedRow[] = [];
  let unreadable = 0;
  for (let id = start + 1; id <= start + spec.batch; id++) {
    try {
      const row = await one(`${spec.key} = ?`, [id]);
      if (row) rows.push(row);
    } catch (err) {
      if (!isDamageError(err)) throw err;
      unreadable++;
    }
  }
  return { rows, unreadable, next: start + spec.batch };
}

/** Salvage: rows whose parent row is not in the target (it was unreadable) are left out. */
export async function withParents(to: Store, parents: Array<[column: string, table: string]>, rows: CopiedRow[]): Promise<CopiedRow[]> {
  let kept = rows;
  for (const [column, table] of parents) {
    const ids = [...new Set(kept.map((r) => r[column]).filter((v) => v !== null && v !== undefined))] as number[];
    if (ids.length === 0) continue;
    const present = new Set(
      (await to.sql.all<{ id: number }>(`SELECT id FROM ${table} WHERE ${to.sql.inList('id', 'int')}`, [to.sql.listParam(ids)])).map((r) => Number(r.id)),
    );
    kept = kept.filter((r) => r[column] === null || r[column] === undefined || present.has(Number(r[column])));
  }
  return kept;
}
