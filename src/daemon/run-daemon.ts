// The long-running loop behind `rasid daemon`: cron ticks ask for jobs, one job runs at a time (a
// tick that finds its job still running or already queued is skipped, so a cycle never overlaps
// itself), the configuration is reloaded between jobs when its files changed (a mistake keeps the
// last valid version), and stop() lets the job in progress finish within a grace period.
import { createTask } from 'node-cron';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.ts';
import { configFingerprint, watchConfig, type ConfigWatcher } from './watch-config.ts';

/** `cycle`: fetch, match (and, without a digest schedule, send due digests). `digest`: send digests only. */
export type JobKind = 'cycle' | 'digest';

export interface ScheduledJob {
  stop(): void;
}

/** Calls `fire` on a cron expression; node-cron by default, a manual trigger in tests. */
export type Scheduler = (cron: string, name: string, fire: () => void) => ScheduledJob;

export interface DaemonDeps<C> {
  initialConfig: C;
  /** Reads and validates the configuration again; throws ConfigError listing every problem. */
  loadConfig: () => C;
  /** The files and folders whose changes trigger a reload. */
  watchTargets: string[];
  runJob: (kind: JobKind, config: C, signal: AbortSignal) => Promise<void>;
  schedules: { cycle: string; digest?: string | null };
  logger: Logger;
  /** Run one cycle right away instead of waiting for the first tick (default true). */
  runAtStart?: boolean;
  /** How long stop() waits for the job in progress (default 5 s). */
  graceMs?: number;
  scheduler?: Scheduler;
  watch?: (targets: string[], onChange: () => void) => ConfigWatcher;
}

export interface Daemon<C> {
  /** The configuration jobs currently start with. */
  config(): C;
  /** Asks for a job now, as a tick would. */
  request(kind: JobKind, reason: string): void;
  /** Reloads when the files changed (or always, when forced); true when a new configuration was taken. */
  reload(trigger: string, force?: boolean): boolean;
  /** Resolves when no job is running or queued. */
  idle(): Promise<void>;
  /** Stops the schedules and waits up to the grace period for the job in progress. */
  stop(reason: string): Promise<'idle' | 'finished' | 'timed-out'>;
}

export const cronScheduler =
  (logger: Logger): Scheduler =>
  (cron, name, fire) => {
    const task = createTask(cron, () => fire(), {
      name,
      // The daemon's own queue already refuses overlaps; this keeps node-cron from stacking calls too.
      noOverlap: true,
      logger: {
        info: (m) => logger.debug({ scheduler: name }, m),
        warn: (m) => logger.warn({ scheduler: name }, m),
        error: (m, err) => logger.error({ scheduler: name, err }, String(m)),
        debug: (m) => logger.debug({ scheduler: name }, String(m)),
      },
    });
    void task.start();
    return { stop: () => void task.destroy() };
  };

export function startDaemon<C>(deps: DaemonDeps<C>): Daemon<C> {
  const { logger } = deps;
  const graceMs = deps.graceMs ?? 5000;
  let current = deps.initialConfig;
  let fingerprint = configFingerprint(deps.watchTargets);
  let stopping = false;
  let running: { kind: JobKind; done: Promise<void> } | null = null;
  const queue: JobKind[] = [];
  const idleWaiters: Array<() => void> = [];
  const controller = new AbortController();

  const reload = (trigger: string, force = false): boolean => {
    const next = configFingerprint(deps.watchTargets);
    if (!force && next === fingerprint) return false;
    fingerprint = next;
    try {
      current = deps.loadConfig();
      logger.info({ trigger }, 'configuration reloaded');
      return true;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      logger.error(
        { trigger, problems: err.problems },
        `configuration has ${err.problems.length} problem(s); keeping the last valid configuration:\n  ${err.problems.join('\n  ')}`,
      );
      return false;
    }
  };

  const drain = () => {
    if (running || stopping) return;
    const kind = queue.shift();
    if (!kind) {
      for (const wake of idleWaiters.splice(0)) wake();
      return;
    }
    // Changes the watcher missed (some mounts send no events) are caught here, before the job starts.
    try {
      reload('before-job');
    } catch (err) {
      logger.error({ err }, 'could not re-read the configuration; keeping the last valid one');
    }
    const done = deps
      .runJob(kind, current, controller.signal)
      .catch((err: unknown) => {
        // A failed job (a storage error, a full disk) is logged and retried at the next tick: the daemon keeps going.
        logger.error({ err, job: kind }, `${kind} failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        running = null;
        drain();
      });
    running = { kind, done };
  };

  const request = (kind: JobKind, reason: string) => {
    if (stopping) return;
    if (running?.kind === kind || queue.includes(kind)) {
      logger.warn({ job: kind, reason }, `${kind} still running or queued; skipping this ${reason}`);
      return;
    }
    queue.push(kind);
    drain();
  };

  const scheduler = deps.scheduler ?? cronScheduler(logger);
  const jobs: ScheduledJob[] = [scheduler(deps.schedules.cycle, 'rasid-cycle', () => request('cycle', 'tick'))];
  if (deps.schedules.digest) jobs.push(scheduler(deps.schedules.digest, 'rasid-digest', () => request('digest', 'tick')));
  const watcher = (deps.watch ?? watchConfig)(deps.watchTargets, () => {
    if (stopping) return;
    // Reloading between jobs only: a job keeps the configuration it started with.
    if (!running) reload('file change');
  });
  logger.info(
    { cycle: deps.schedules.cycle, digest: deps.schedules.digest ?? null, watching: deps.watchTargets },
    `daemon started: cycle "${deps.schedules.cycle}"${deps.schedules.digest ? `, digests "${deps.schedules.digest}"` : ', digests with each cycle'}`,
  );
  if (deps.runAtStart ?? true) request('cycle', 'start');

  return {
    config: () => current,
    request,
    reload,
    idle: () => (running || queue.length ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
    async stop(reason) {
      if (!stopping) {
        stopping = true;
        for (const j of jobs) j.stop();
        watcher.close();
        queue.length = 0;
        controller.abort(new Error(`stopping on ${reason}`));
        logger.info({ reason }, running ? `stopping on ${reason}: letting the ${running.kind} in progress finish (up to ${graceMs} ms)` : `stopping on ${reason}`);
      }
      const inFlight = running;
      if (!inFlight) return 'idle';
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        inFlight.done.then(() => 'finished' as const),
        new Promise<'timed-out'>((resolve) => {
          timer = setTimeout(() => resolve('timed-out'), graceMs);
        }),
      ]);
      clearTimeout(timer);
      return outcome;
    },
  };
}
