import type { LocalStackOptions } from '../local-stack.js';

/** What the stack child process runs: JSON-able, passed on its command line. */
export interface StackProcessSpec {
  /** Options of `startLocalStack` (functions aside); ports default to free ones, scraping and the console to off. */
  readonly stack: Omit<LocalStackOptions, 'log' | 'store' | 'routes' | 'console'>;
  /** Run the whole `srcobs up` environment (stack, playground, loadgen) instead of the bare stack. */
  readonly environment?: boolean;
  /** The environment's state folder (run state file). */
  readonly stateDir?: string;
  /** Serve the built web console at `/` (off by default: most tests need only the APIs). */
  readonly console?: boolean;
  /** Run the playground (test-app, trace-app, loadgen) in environment mode. Default true. */
  readonly playground?: boolean;
  /** Loadgen requests per second in environment mode. Default 5. */
  readonly loadgenRate?: number;
}
