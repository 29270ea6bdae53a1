// Failed sign-ins are limited per client address and in total, so a password cannot be guessed
// online: after the limit the next attempts are refused (429) until the window has passed.

export interface LoginLimiter {
  /** Seconds to wait before another attempt is accepted from this address, or 0. */
  retryAfter(address: string): number;
  failed(address: string): void;
  succeeded(address: string): void;
}

export function createLoginLimiter(options: { perAddress?: number; total?: number; windowMs?: number; clock?: () => number } = {}): LoginLimiter {
  const perAddress = options.perAddress ?? 5;
  const total = options.total ?? 50;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const clock = options.clock ?? Date.now;
  const failures = new Map<string, number[]>();
  let all: number[] = [];
  const recent = (times: number[]) => times.filter((t) => clock() - t < windowMs);
  const wait = (times: number[], limit: number) => (times.length < limit ? 0 : Math.ceil((times[times.length - limit]! + windowMs - clock()) / 1000));
  return {
    retryAfter(address) {
      all = recent(all);
      const mine = recent(failures.get(address) ?? []);
      if (mine.length) failures.set(address, mine);
      else failures.delete(address);
      return Math.max(wait(mine, perAddress), wait(all, total));
    },
    failed(address) {
      failures.set(address, [...recent(failures.get(address) ?? []), clock()]);
      all.push(clock());
    },
    succeeded(address) {
      failures.delete(address);
    },
  };
}
