import { SrcobsError } from '@srcobs/ola';

/**
 * A TraceQL query that does not parse, or parses but does not type-check. The message has
 * Tempo's shape: `parse error at line 1, col 9: syntax error: unexpected "}"` for syntax errors,
 * and Tempo's validation text (`binary operations must operate on the same type: name = 3`) for
 * type errors; the HTTP layer prefixes `invalid TraceQL query: ` and answers 400 as Tempo does.
 */
export class TraceQLParseError extends SrcobsError {
  override readonly name = 'TraceQLParseError';
  /** 1-based line of the offending position. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) of the offending position. */
  readonly col: number;

  constructor(
    /** The query text as given. */
    readonly query: string,
    /** Offset in `query` of the problem. */
    readonly offset: number,
    /** What is wrong, without the position prefix. */
    readonly detail: string,
    /** Syntax errors carry the position in their message as Tempo's do; type errors do not. */
    kind: 'syntax' | 'validation' = 'syntax',
    options?: ErrorOptions,
  ) {
    const { line, col } = lineAndColumn(query, offset);
    super('traceql_parse_error', kind === 'syntax' ? `parse error at line ${line}, col ${col}: ${detail}` : detail, options);
    this.line = line;
    this.col = col;
  }
}

function lineAndColumn(query: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lastBreak = -1;
  const end = Math.max(0, Math.min(offset, query.length));
  for (let i = 0; i < end; i++) {
    if (query.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, col: end - lastBreak };
}
