// The second pass of `npm run mutation`: the pipeline's documented defaults (stage time limits, poll intervals).
// types.ts holds only module-level constants, which the first pass leaves alone (ignoreStatic); here they are
// mutated. A static mutant reruns every test that loads the module, so only the defaults' own tests and the
// follower's run here (vitest.mutation-constants.config.ts), not the sandbox-driven ones.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: 'vitest.mutation-constants.config.ts', related: true },
  mutate: ['electron/core/pipeline/types.ts'],
  ignoreStatic: false,
  htmlReporter: { fileName: 'reports/mutation/constants.html' },
  jsonReporter: { fileName: 'reports/mutation/constants.json' },
};
