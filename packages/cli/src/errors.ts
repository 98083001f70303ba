import { SrcobsError } from '@srcobs/ola';

/**
 * Exit codes, so scripts can tell failures apart:
 * 0 ok · 1 the command ran and found a problem (validation failed, out of compliance, a hop
 * failed) · 2 usage error · 3 a dependency is missing (helm, kubectl, a running stack) ·
 * 70 internal error (a bug: please report).
 */
export const EXIT = { OK: 0, PROBLEM: 1, USAGE: 2, UNAVAILABLE: 3, INTERNAL: 70 } as const;

/** A command's way to end with a given exit code after it has printed what to do next. */
export class ExitError extends SrcobsError {
  override readonly name = 'ExitError';
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super('exit', message);
  }
}

/** The command line cannot be understood: printed with the command's usage. */
export class UsageError extends SrcobsError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}
