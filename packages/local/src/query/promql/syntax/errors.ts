import { positionOf, QueryParseError } from '../../parse-error.js';

/**
 * A query that does not parse or does not type-check. The message has Prometheus' shape,
 * `1:14: parse error: unexpected ...`, so users and Grafana see the same text as from the real
 * server; the HTTP layer answers 400 `bad_data`.
 */
export class ParseError extends QueryParseError {
  override readonly name = 'ParseError';

  constructor(
    query: string,
    /** Offset in `query` of the problem. */
    readonly offset: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    const { line, col } = positionOf(query, offset);
    super('promql_parse_error', `${line}:${col}: parse error: ${detail}`, query, detail, { line, col }, options);
  }
}
