import { SrcobsError } from '@srcobs/ola';

/**
 * Alloy text that is not valid Alloy syntax. `line` and `col` are 1-based (columns count UTF-16
 * code units, as editors do); the message says what was expected there.
 */
export class AlloyParseError extends SrcobsError {
  override readonly name = 'AlloyParseError';
  readonly line: number;
  readonly col: number;
  /** The text that was being parsed, so a caller can show the offending line. */
  readonly text: string;

  constructor(message: string, line: number, col: number, text: string, options?: ErrorOptions) {
    super('alloy_parse_error', `${line}:${col}: ${message}`, options);
    this.line = line;
    this.col = col;
    this.text = text;
  }

  /** The offending source line with a caret under the column, for error output. */
  excerpt(): string {
    const source = this.text.split('\n')[this.line - 1] ?? '';
    return `${source}\n${' '.repeat(Math.max(0, this.col - 1))}^`;
  }
}
