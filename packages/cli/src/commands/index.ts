import type { Command } from '../command.js';
import { auditCommand } from './audit.js';
import { downCommand } from './down.js';
import { queryCommand } from './query.js';
import { renderCommand } from './render.js';
import { statusCommand } from './status.js';
import { upCommand } from './up.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';

/** Every command, in the order `srcobs --help` lists them. */
export const COMMANDS: readonly Command[] = [upCommand, downCommand, statusCommand, verifyCommand, auditCommand, queryCommand, renderCommand, validateCommand];
