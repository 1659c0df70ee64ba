// Mutation testing of the modules that decide what a technician is told: `npm run mutation` runs this pass
// (each module against its own unit tests; the pipeline's stage logic against an in-memory Autopilot API on a
// virtual clock) and then stryker.constants.config.mjs (the pipeline's documented defaults).
// One module at a time while working: `npx stryker run --mutate electron/core/graph/pacer.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'shared/domain/hash/decode.ts',
    'shared/domain/hash/validate.ts',
    'shared/domain/rules/rules.ts',
    'electron/core/store/journal.ts',
    'electron/core/graph/retry.ts',
    'electron/core/graph/pacer.ts',
    // The client's retry parts: the Retry-After gate, one request's retries, a $batch's retries.
    'electron/core/graph/client.ts:166-227',
    'electron/core/graph/client.ts:285-381',
    // The follower's phase: which step each device is at, from its journal record alone.
    'electron/core/pipeline/phase.ts',
    // Stage time limits and the reason a technician reads when one runs out.
    'electron/core/pipeline/timeouts.ts',
    // The stages: group membership and the tag's profile, the sync decision, the upload, the look-up, the loop.
    'electron/core/pipeline/stage-checks.ts',
    'electron/core/pipeline/sync.ts',
    'electron/core/pipeline/import-phase.ts',
    'electron/core/pipeline/lookup-phase.ts',
    'electron/core/pipeline/enrolled.ts',
    'electron/core/pipeline/follower.ts',
  ],
  // Two cores: one test process at a time leaves room for the sandbox servers the tests start.
  concurrency: 1,
  // Module-level constants would run every related test for each mutant; their own tests pin them.
  ignoreStatic: true,
  timeoutMS: 10_000,
  // scripts/mutation-score.ts breaks each module at 80% once both passes have run.
  thresholds: { high: 90, low: 80, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/unit.html' },
  jsonReporter: { fileName: 'reports/mutation/unit.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
