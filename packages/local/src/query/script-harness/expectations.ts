import { ExpectationError } from './errors.js';
import type { EvalCommand, Expectation } from './script.js';

function matches(e: Expectation, text: string): boolean {
  if (e.message !== undefined) return text === e.message;
  if (e.regex) return e.regex.test(text);
  return true;
}

function describe(e: Expectation): string {
  return e.message !== undefined ? ` ${JSON.stringify(e.message)}` : e.regex ? ` matching ${String(e.regex)}` : '';
}

/** Checks the query's error (or its absence) against `expect fail`. Returns true when the case ends here. */
export function checkFailure(cmd: EvalCommand<unknown>, error: unknown): boolean {
  if (error === undefined) {
    if (cmd.fail) throw new ExpectationError(`expected the query to fail${cmd.fail.message !== undefined ? ` with ${JSON.stringify(cmd.fail.message)}` : ''}, but it succeeded`);
    return false;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!cmd.fail) throw new ExpectationError(`unexpected error: ${message}`, { cause: error });
  if (!matches(cmd.fail, message)) throw new ExpectationError(`expected error${describe(cmd.fail)}, got ${JSON.stringify(message)}`);
  return true;
}

function checkKind(kind: 'warn' | 'info', expected: readonly Expectation[], none: boolean, got: readonly string[]): void {
  if (none && got.length > 0) throw new ExpectationError(`expected no ${kind} annotations, got ${JSON.stringify(got)}`);
  if (expected.length === 0) return;
  for (const e of expected) {
    if (!got.some((g) => matches(e, g))) throw new ExpectationError(`expected a ${kind} annotation${describe(e)}, got ${JSON.stringify(got)}`);
  }
  for (const g of got) if (!expected.some((e) => matches(e, g))) throw new ExpectationError(`unexpected ${kind} annotation ${JSON.stringify(g)}`);
}

/** A result's non-fatal notes, as `expect warn|info|no_warn|no_info` check them. */
export interface Annotations {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** Checks warnings and infos against the `expect warn|info|no_warn|no_info` lines. */
export function checkAnnotations(cmd: EvalCommand<unknown>, got: Annotations): void {
  checkKind('warn', cmd.warn, cmd.noWarn, got.warnings);
  checkKind('info', cmd.info, cmd.noInfo, got.infos);
}

/**
 * Compares rendered result lines with the expected ones, in order, naming the first that differs
 * and listing every line returned, so a failing case shows what to write.
 */
export function checkLines(noun: string, expected: readonly string[], got: readonly string[]): void {
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    if (expected[i] !== got[i]) {
      throw new ExpectationError(`${noun} ${i + 1}: expected ${expected[i] ?? '(no more lines)'}, got ${got[i] ?? '(no more lines)'}\nall lines returned:\n  ${got.join('\n  ') || '(none)'}`);
    }
  }
}
