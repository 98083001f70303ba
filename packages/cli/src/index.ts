export { runCli } from './cli.js';
export { COMMANDS } from './commands/index.js';
export { EXIT, ExitError, UsageError } from './errors.js';
export type { Command, CommandOptions } from './command.js';
export type { Output } from './output.js';
