/**
 * The CLI as a library, for the packaged app's headless mode: electron/main loads this bundle
 * (out/cli/embedded.js, built with out/cli/cli.js from the same sources) and hands it the command line.
 */
export { runCliProcess, extractLogOption, type CliProcessOptions } from './process';
export { COMMANDS } from './commands/index';
