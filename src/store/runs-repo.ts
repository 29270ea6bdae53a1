// Run history: what `rasid status` reports and the digest's health section reads.
import { desc, eq } from 'drizzle-orm';
import * as schema from '../../schema/index.ts';
import type { Store } from './open-store.ts';

const { runs } = schema;

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

export function startRun(store: Store, command: string, now: Date): number {
  return store.db
    .insert(runs)
    .values({ command, startedAt: now.toISOString(), status: 'running' })
    .returning({ id: runs.id })
    .get().id;
}

export function finishRun(store: Store, runId: number, status: RunStatus, report: unknown, now: Date): void {
  store.db
    .update(runs)
    .set({ status, finishedAt: now.toISOString(), report: JSON.stringify(report) })
    .where(eq(runs.id, runId))
    .run();
}

export function lastRuns(store: Store, n: number): Array<typeof runs.$inferSelect> {
  return store.db.select().from(runs).orderBy(desc(runs.id)).limit(n).all();
}
