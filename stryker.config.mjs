// Mutation testing of the modules that decide what a technician is told (`npm run mutation`).
// One file at a time while working: `npx stryker run --mutate electron/core/graph/pacer.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'electron/core/pipeline/stage-checks.ts',
    'electron/core/pipeline/follower.ts',
    'electron/core/pipeline/import-phase.ts',
    'electron/core/pipeline/lookup-phase.ts',
    'electron/core/pipeline/enrolled.ts',
    'electron/core/pipeline/types.ts',
    'electron/core/store/journal.ts',
    'shared/domain/hash/decode.ts',
    'shared/domain/hash/validate.ts',
    'electron/core/graph/retry.ts',
    'electron/core/graph/pacer.ts',
    // The client's retry parts: the Retry-After gate, one request's retries, a $batch's retries.
    'electron/core/graph/client.ts:166-246',
    'electron/core/graph/client.ts:308-372',
    'shared/domain/rules/rules.ts',
  ],
  // Two cores: one test process at a time leaves room for the sandbox servers the tests start.
  concurrency: 1,
  // Module-level constants would run every related test for each mutant; they are pinned by their own tests.
  ignoreStatic: true,
  timeoutMS: 10_000,
  // The total breaks here; scripts/mutation-score.ts breaks each module at the same 80%.
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
