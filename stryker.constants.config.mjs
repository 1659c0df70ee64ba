// The second pass of `npm run mutation`: the pipeline's documented defaults (stage time limits, poll intervals).
// types.ts holds only module-level constants, which the first pass leaves alone (ignoreStatic); here they are
// mutated, against the same unit tests.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['electron/core/pipeline/types.ts'],
  ignoreStatic: false,
  htmlReporter: { fileName: 'reports/mutation/constants.html' },
  jsonReporter: { fileName: 'reports/mutation/constants.json' },
};
