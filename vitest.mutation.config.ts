import { defineConfig } from 'vitest/config';

/** The unit tests of the first mutation pass: each module's mutants must die by its own tests. */
export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'test/shared/**/*.test.ts',
      'test/electron/core/graph/**/*.test.ts',
      'test/electron/core/store/**/*.test.ts',
      'test/electron/core/pipeline/phase.test.ts',
      'test/electron/core/pipeline/timeouts.test.ts',
    ],
    testTimeout: 30_000,
  },
});
