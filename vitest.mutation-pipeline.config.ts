import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The node tests, for the pipeline's mutation pass. Tests that run the code in a child process or check the
 * build cannot see a mutant (it is switched on in the test process only), so they are left out.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/shared/**/*.test.ts', 'test/electron/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      'test/electron/cli/cli-sandbox.test.ts',
      'test/electron/main/build.test.ts',
      'test/electron/lint-boundaries.test.ts',
    ],
    testTimeout: 30_000,
  },
});
