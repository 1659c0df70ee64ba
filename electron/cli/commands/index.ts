import type { CliCommand } from '../context';
import { sandboxCommand } from './sandbox';

/**
 * Every command of the CLI, in the order --help lists them.
 * To add one: create commands/<name>.ts exporting a CliCommand and list it here.
 */
export const COMMANDS: readonly CliCommand[] = [sandboxCommand];
