import type { CliCommand } from '../context';
import { deregisterCommand } from './deregister';
import { doctorCommand } from './doctor';
import { registerCommand } from './register';
import { sandboxCommand } from './sandbox';
import { statusCommand } from './status';
import { tagsCommand } from './tags';

/**
 * Every command of the CLI, in the order --help lists them.
 * To add one: create commands/<name>.ts exporting a CliCommand and list it here.
 */
export const COMMANDS: readonly CliCommand[] = [registerCommand, statusCommand, deregisterCommand, tagsCommand, doctorCommand, sandboxCommand];
