// Run history: what `rasid status` reports and the digest's health section reads.
import type { Store } from './open-store.ts';

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

export interface RunRow {
  id: number;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  /** The JSON run report. */
  report: string | null;
}

export async function startRun(store: Store, command: string, now: Date): Promise<number> {
  const row = await store.sql.get<{ id: number }>("INSERT INTO runs (command, started_at, status) VALUES (?, ?, 'running') RETURNING id", [
    command,
    now.toISOString(),
  ]);
  return row!.id;
}

export async function finishRun(store: Store, runId: number, status: RunStatus, report: unknown, now: Date): Promise<void> {
  await store.sql.run('UPDATE runs SET status = ?, finished_at = ?, report = ? WHERE id = ?', [status, now.toISOString(), JSON.stringify(report), runId]);
}

export async function lastRuns(store: Store, n: number): Promise<RunRow[]> {
  return store.sql.all<RunRow>(
    'SELECT id, command, started_at AS "startedAt", finished_at AS "finishedAt", status, report FROM runs ORDER BY id DESC LIMIT ?',
    [n],
  );
}
