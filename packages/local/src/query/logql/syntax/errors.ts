import { positionOf, QueryParseError } from '../../parse-error.js';

/**
 * A LogQL query that does not parse or is not valid. The message has Loki's shape,
 * `parse error at line 1, col 12: syntax error: unexpected IDENTIFIER` (or `parse error : ...`
 * for problems Loki reports without a position, such as a selector without a non-empty matcher),
 * so Grafana shows the same text as with a real Loki. The HTTP layer answers 400. `line` and
 * `col` are 0 for a problem without a position.
 */
export class LogQLParseError extends QueryParseError {
  override readonly name = 'LogQLParseError';

  constructor(
    query: string,
    detail: string,
    /** Offset in `query` of the problem, or undefined for a problem of the whole query. */
    offset?: number,
    options?: ErrorOptions,
  ) {
    const pos = offset === undefined ? { line: 0, col: 0 } : positionOf(query, offset);
    super('logql_parse_error', pos.line === 0 ? `parse error : ${detail}` : `parse error at line ${pos.line}, col ${pos.col}: ${detail}`, query, detail, pos, options);
  }
}
