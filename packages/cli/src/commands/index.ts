import type { Command } from '../command.js';
import { renderCommand } from './render.js';
import { validateCommand } from './validate.js';

/** Every command, in the order `srcobs --help` lists them. */
export const COMMANDS: readonly Command[] = [renderCommand, validateCommand];
