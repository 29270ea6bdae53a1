import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startDaemon, type JobKind, type Scheduler } from '../../src/daemon/run-daemon.ts';
import { chooseSchedule, everyToCron } from '../../src/daemon/schedule-spec.ts';
import { ConfigError } from '../../src/errors.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-daemon-');

/** A logger that keeps its lines for assertions. */
function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines, messages: () => lines.map((l) => String(l.msg)) };
}

/** Cron replaced by manual ticks. */
function manualScheduler() {
  const fires = new Map<string, () => void>();
  const stopped: string[] = [];
  const scheduler: Scheduler = (cron, name, fire) => {
    fires.set(name, fire);
    return { stop: () => void stopped.push(name) };
  };
  return { scheduler, tick: (name: string) => fires.get(name)!(), stopped, names: () => [...fires.keys()] };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A config file of `key=value` lines; a line without "=" is a mistake reported with file:line. */
function loadFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const [k, v] = line.split('=');
      if (v === undefined) problems.push(`${file}:${i + 1}: "${line}" is not key=value — write it as name=value`);
      else out[k!.trim()] = v.trim();
    });
  if (problems.length) throw new ConfigError(problems);
  return out;
}

describe('daemon schedules', () => {
  it.each([
    ['15m', '*/15 * * * *'],
    ['1m', '*/1 * * * *'],
    ['60m', '0 * * * *'],
    ['2h', '0 */2 * * *'],
    ['24h', '0 0 * * *'],
    ['1d', '0 0 * * *'],
    ['10s', '*/10 * * * * *'],
    ['7m', null],
    ['5h', null],
    ['0m', null],
    ['often', null],
  ])('turns --every %s into %s', (every, cron) => {
    expect(everyToCron(every)).toBe(cron);
  });

  it('prefers --every, then --schedule, then RASID_SCHEDULE, then the default', async () => {
    expect(chooseSchedule({ every: '30m', schedule: '0 * * * *', envSchedule: '1 * * * *' })).toMatchObject({ cron: '*/30 * * * *' });
    expect(chooseSchedule({ schedule: '0 * * * *', envSchedule: '1 * * * *' })).toMatchObject({ cron: '0 * * * *', source: '--schedule' });
    expect(chooseSchedule({ envSchedule: '1 * * * *' })).toMatchObject({ cron: '1 * * * *', source: 'RASID_SCHEDULE' });
    expect(chooseSchedule({})).toMatchObject({ cron: '*/5 * * * *', source: 'default' });
  });

  it('names the bad source and shows a valid example', async () => {
    const bad = chooseSchedule({ envSchedule: '61 * * * *' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/RASID_SCHEDULE "61 \* \* \* \*" is not a cron expression.*\*\/15/);
  });
});

describe('startDaemon', () => {
  function setup(runJob: (kind: JobKind, config: Record<string, string>, signal: AbortSignal) => Promise<void>, extra: { digest?: string; graceMs?: number } = {}) {
    const dir = tempDir();
    const file = path.join(dir, 'feeds.conf');
    fs.writeFileSync(file, 'feed=one\n');
    const log = memoryLogger();
    const cron = manualScheduler();
    const daemon = startDaemon({
      initialConfig: loadFile(file),
      loadConfig: () => loadFile(file),
      watchTargets: [file],
      runJob,
      schedules: { cycle: '*/5 * * * *', digest: extra.digest ?? null },
      logger: log.logger,
      scheduler: cron.scheduler,
      graceMs: extra.graceMs ?? 2000,
      watch: () => ({ close: () => {} }),
    });
    return { daemon, file, log, cron };
  }

  it('runs a cycle at start and at each tick, one at a time, skipping ticks that find it still running', async () => {
    const started: string[] = [];
    let gate = deferred();
    const { daemon, cron, log } = setup(async (kind) => {
      started.push(kind);
      await gate.promise;
    });
    expect(started).toEqual(['cycle']);
    cron.tick('rasid-cycle');
    cron.tick('rasid-cycle');
    expect(started).toEqual(['cycle']);
    expect(log.messages().filter((m) => m.includes('skipping this tick'))).toHaveLength(2);
    gate.resolve();
    await daemon.idle();
    gate = deferred();
    cron.tick('rasid-cycle');
    expect(started).toEqual(['cycle', 'cycle']);
    gate.resolve();
    await daemon.idle();
    await daemon.stop('test');
  });

  it('queues a digest tick behind a running cycle instead of dropping it', async () => {
    const order: string[] = [];
    const gate = deferred();
    const { daemon, cron } = setup(
      async (kind) => {
        order.push(`${kind}:start`);
        if (kind === 'cycle') await gate.promise;
        order.push(`${kind}:end`);
      },
      { digest: '0 7 * * *' },
    );
    expect(cron.names()).toEqual(['rasid-cycle', 'rasid-digest']);
    cron.tick('rasid-digest');
    expect(order).toEqual(['cycle:start']);
    gate.resolve();
    await daemon.idle();
    expect(order).toEqual(['cycle:start', 'cycle:end', 'digest:start', 'digest:end']);
    await daemon.stop('test');
  });

  it('keeps going after a job fails, and logs the failure', async () => {
    let calls = 0;
    const { daemon, cron, log } = setup(async () => {
      calls++;
      if (calls === 1) throw new Error('The disk holding rasid.db is full');
    });
    await daemon.idle();
    cron.tick('rasid-cycle');
    await daemon.idle();
    expect(calls).toBe(2);
    expect(log.messages()).toContain('cycle failed: The disk holding rasid.db is full');
    await daemon.stop('test');
  });

  it('reloads a changed configuration before the next job, and keeps the last valid one on a mistake (with file:line)', async () => {
    const seen: string[] = [];
    const { daemon, cron, file, log } = setup(async (_kind, config) => {
      seen.push(config.feed!);
    });
    await daemon.idle();
    fs.writeFileSync(file, 'feed=two\n');
    cron.tick('rasid-cycle');
    await daemon.idle();
    fs.writeFileSync(file, 'feed=three\nthis line is wrong\n');
    cron.tick('rasid-cycle');
    await daemon.idle();
    expect(seen).toEqual(['one', 'two', 'two']);
    const error = log.lines.find((l) => String(l.msg).includes('keeping the last valid configuration'));
    expect(error?.msg).toMatch(/feeds\.conf:2: "this line is wrong" is not key=value/);
    fs.writeFileSync(file, 'feed=four\n');
    expect(daemon.reload('SIGHUP')).toBe(true);
    expect(daemon.config().feed).toBe('four');
    await daemon.stop('test');
  });

  it('reloads on a real file change event from the watcher', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'feeds.conf');
    fs.writeFileSync(file, 'feed=one\n');
    const log = memoryLogger();
    const daemon = startDaemon({
      initialConfig: loadFile(file),
      loadConfig: () => loadFile(file),
      watchTargets: [file],
      runJob: async () => {},
      schedules: { cycle: '*/5 * * * *' },
      logger: log.logger,
      scheduler: manualScheduler().scheduler,
      runAtStart: false,
    });
    await new Promise((r) => setTimeout(r, 50));
    // An editor's save: a new file renamed over the old one.
    fs.writeFileSync(`${file}.tmp`, 'feed=edited\n');
    fs.renameSync(`${file}.tmp`, file);
    // fs.watch events can take seconds on a loaded machine: wait for the reload itself (bounded by the test timeout).
    while (daemon.config().feed !== 'edited') await new Promise((r) => setTimeout(r, 50));
    expect(daemon.config().feed).toBe('edited');
    expect(log.messages()).toContain('configuration reloaded');
    await daemon.stop('test');
  });

  it('on stop lets the job in progress finish, aborts its signal and stops the schedules', async () => {
    const gate = deferred();
    let signal: AbortSignal | undefined;
    const { daemon, cron } = setup(async (_k, _c, s) => {
      signal = s;
      await gate.promise;
    });
    setTimeout(() => gate.resolve(), 100);
    const outcome = await daemon.stop('SIGTERM');
    expect(outcome).toBe('finished');
    expect(signal?.aborted).toBe(true);
    expect(cron.stopped).toEqual(['rasid-cycle']);
  });

  it('gives up waiting after the grace period when the job hangs', async () => {
    const { daemon, cron } = setup(() => new Promise<void>(() => {}), { graceMs: 100 });
    // The job never ends, so only the grace timer can end the wait: 'timed-out' is that proof.
    expect(await daemon.stop('SIGINT')).toBe('timed-out');
    cron.tick('rasid-cycle');
  });
});
