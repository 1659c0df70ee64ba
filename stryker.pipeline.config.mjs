// The second pass of `npm run mutation`: the pipeline's stage logic, killed by the tests that drive the engine
// over the sandbox tenant (slow: each mutant reruns the integration tests that reach it).
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: 'vitest.mutation-pipeline.config.ts', related: true },
  mutate: [
    'electron/core/pipeline/stage-checks.ts',
    'electron/core/pipeline/follower.ts',
    'electron/core/pipeline/sync.ts',
    'electron/core/pipeline/import-phase.ts',
    'electron/core/pipeline/lookup-phase.ts',
    'electron/core/pipeline/enrolled.ts',
    'electron/core/pipeline/types.ts',
  ],
  // types.ts holds only constants (the default time limits and poll intervals): they must be mutated too.
  ignoreStatic: false,
  htmlReporter: { fileName: 'reports/mutation/pipeline.html' },
  jsonReporter: { fileName: 'reports/mutation/pipeline.json' },
};
