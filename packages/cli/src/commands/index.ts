import type { Command } from '../command.js';
import { downCommand } from './down.js';
import { renderCommand } from './render.js';
import { statusCommand } from './status.js';
import { upCommand } from './up.js';
import { validateCommand } from './validate.js';

/** Every command, in the order `srcobs --help` lists them. */
export const COMMANDS: readonly Command[] = [upCommand, downCommand, statusCommand, renderCommand, validateCommand];
