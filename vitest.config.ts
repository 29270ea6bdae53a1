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
  },
});
