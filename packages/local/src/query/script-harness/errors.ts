import { SrcobsError } from '@srcobs/ola';

/** A line of a script that does not follow the format, with its file and 1-based line number. */
export class ScriptSyntaxError extends SrcobsError {
  override readonly name = 'ScriptSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super('script_syntax_error', `${file}:${line}: ${detail}`, options);
  }
}

/**
 * A problem within one line (a load line, an expected result), before the harness knows where
 * the line is: it becomes a {@link ScriptSyntaxError} naming the file and line.
 */
export class NotationError extends SrcobsError {
  override readonly name = 'NotationError';
  constructor(message: string, options?: ErrorOptions) {
    super('script_notation_error', message, options);
  }
}

/** A result that differs from the script's expectation; the message says how. */
export class ExpectationError extends SrcobsError {
  override readonly name = 'ExpectationError';
  constructor(message: string, options?: ErrorOptions) {
    super('script_expectation_failed', message, options);
  }
}
