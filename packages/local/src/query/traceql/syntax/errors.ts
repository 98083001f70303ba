import { positionOf, QueryParseError } from '../../parse-error.js';

/**
 * A TraceQL query that does not parse, or parses but does not type-check. The message has
 * Tempo's shape: `parse error at line 1, col 9: syntax error: unexpected "}"` for syntax errors,
 * and Tempo's validation text (`binary operations must operate on the same type: name = 3`) for
 * type errors; the HTTP layer prefixes `invalid TraceQL query: ` and answers 400 as Tempo does.
 */
export class TraceQLParseError extends QueryParseError {
  override readonly name = 'TraceQLParseError';

  constructor(
    query: string,
    /** Offset in `query` of the problem. */
    readonly offset: number,
    detail: string,
    /** Syntax errors carry the position in their message as Tempo's do; type errors do not. */
    kind: 'syntax' | 'validation' = 'syntax',
    options?: ErrorOptions,
  ) {
    const { line, col } = positionOf(query, offset);
    super('traceql_parse_error', kind === 'syntax' ? `parse error at line ${line}, col ${col}: ${detail}` : detail, query, detail, { line, col }, options);
  }
}
