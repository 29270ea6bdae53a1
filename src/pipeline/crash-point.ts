// Test hook for the crash-safety tests (test/ops/crash-safety.test.ts): with RASID_TEST_CRASH_AT set
// to one of the points below, the process kills itself with SIGKILL when the cycle reaches that
// point, so no `finally`, exit handler or buffered write runs: a real crash, at a known place.
// Unset (always, outside those tests) it does nothing. This is the only place that reads it.

// `after-channel-send`: a chat or push service answered 2xx and the channel ledger has not recorded it yet.
export const CYCLE_POINTS = ['after-fetch', 'after-match', 'after-delivery', 'after-channel-send'] as const;
export type CyclePoint = (typeof CYCLE_POINTS)[number];

export function crashHookFromEnv(env: NodeJS.ProcessEnv): (point: CyclePoint) => void {
  const at = env.RASID_TEST_CRASH_AT;
  if (!at) return () => {};
  return (point) => {
    if (point === at) process.kill(process.pid, 'SIGKILL');
  };
}
