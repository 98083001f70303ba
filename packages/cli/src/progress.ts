import type { Output } from './output.js';

/**
 * A one-line progress note for work that takes more than a moment. Written to stderr and only
 * on a terminal, so piped and `--json` output stay clean.
 */
export function progress(output: Output, message: string): void {
  if (output.interactive) output.err.write(`${message}\n`);
}
