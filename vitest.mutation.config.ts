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
      // The pipeline's stage logic against a fake of the Autopilot API on a virtual clock (no sandbox, no HTTPS).
      'test/electron/core/pipeline/sync.test.ts',
      'test/electron/core/pipeline/stage-checks*.test.ts',
      'test/electron/core/pipeline/import-phase.test.ts',
      'test/electron/core/pipeline/lookup-phase*.test.ts',
      'test/electron/core/pipeline/follower*.test.ts',
      'test/electron/core/pipeline/enrolled.test.ts',
      'test/electron/core/pipeline/types.test.ts',
    ],
    testTimeout: 30_000,
  },
});
