import { defineConfig } from 'vitest/config';

/** The tests of the constants pass: the documented defaults, and the follower that runs by them. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/electron/core/pipeline/types.test.ts', 'test/electron/core/pipeline/follower*.test.ts'],
    testTimeout: 30_000,
  },
});
