import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Generous: many tests start the real CLI, which takes seconds on a loaded 2-core machine. The
    // bounds only stop a hung test; no test asserts how fast anything ran.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time on our 2-core machines (vitest's default leaves one core idle): most
    // files wait on child processes, servers and sockets rather than compute. Measured on a loaded
    // machine: 329 s instead of 551 s for the whole suite.
    maxWorkers: 2,
  },
});
