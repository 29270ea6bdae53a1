// Bounds requests in flight overall and per host name. One limiter per fetch run (no module
// state): the pipeline creates it and hands it to every fetch of that run.

export interface HostLimiter {
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
}

export function createSemaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<void> {
      if (active < limit) {
        active++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}

export function createHostLimiter(overall: number, perHost: number): HostLimiter {
  const total = createSemaphore(Math.max(1, overall));
  const hosts = new Map<string, { semaphore: ReturnType<typeof createSemaphore>; users: number }>();

  return {
    async run<T>(url: string, task: () => Promise<T>): Promise<T> {
      const host = hostOf(url);
      let entry = hosts.get(host);
      if (!entry) {
        entry = { semaphore: createSemaphore(Math.max(1, perHost)), users: 0 };
        hosts.set(host, entry);
      }
      entry.users++;
      // Host slot first, then the overall one: a task never holds an overall slot while it waits
      // for its host, so one slow host cannot starve the others.
      await entry.semaphore.acquire();
      await total.acquire();
      try {
        return await task();
      } finally {
        total.release();
        entry.semaphore.release();
        if (--entry.users === 0) hosts.delete(host);
      }
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}
