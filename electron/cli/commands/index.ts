import type { CliCommand } from '../context';
import { captureCommand } from './capture';
import { deregisterCommand } from './deregister';
import { doctorCommand } from './doctor';
import { exportCommand } from './export';
import { lookupCommand } from './lookup';
import { registerCommand } from './register';
import { sandboxCommand } from './sandbox';
import { statusCommand } from './status';
import { syncCommand } from './sync';
import { tagsCommand } from './tags';
import { updateCommand } from './update';
import { validateCommand } from './validate';
import { watchCommand } from './watch';

/**
 * Every command of the CLI, in the order --help lists them.
 * To add one: create commands/<name>.ts exporting a CliCommand and list it here.
 */
export const COMMANDS: readonly CliCommand[] = [
  registerCommand,
  statusCommand,
  deregisterCommand,
  lookupCommand,
  updateCommand,
  syncCommand,
  tagsCommand,
  doctorCommand,
  sandboxCommand,
  captureCommand,
  validateCommand,
  exportCommand,
  watchCommand,
];
