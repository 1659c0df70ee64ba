import { defineConfig } from 'vitest/config';

/** The node tests alone, for mutation testing (the mutated modules run in Node; no browser is needed). */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/shared/**/*.test.ts', 'test/electron/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
