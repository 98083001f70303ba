import type { Output } from './output.js';

/**
 * A one-line progress note for work that takes more than a moment. Written to stderr and only
 * on a terminal, so piped and `--json` output stay clean.
 */
export function progress(output: Output, message: string): void {
  if (output.interactive) output.err.write(`${message}\n`);
}

/**
 * A progress note for work that is usually quick: printed only if it is still running after
 * `afterMs`. Call the returned function when the work ends.
 */
export function progressAfter(output: Output, message: string, afterMs = 1000): () => void {
  const timer = setTimeout(() => progress(output, message), afterMs);
  timer.unref();
  return () => clearTimeout(timer);
}
