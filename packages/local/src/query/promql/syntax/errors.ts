import { SrcobsError } from '@srcobs/ola';

/**
 * A query that does not parse or does not type-check. The message has Prometheus' shape,
 * `1:14: parse error: unexpected ...`, so users and Grafana see the same text as from the real
 * server; the HTTP layer answers 400 `bad_data`.
 */
export class ParseError extends SrcobsError {
  override readonly name = 'ParseError';
  /** 1-based line of the offending position. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units) of the offending position. */
  readonly col: number;

  constructor(
    /** The query text as given. */
    readonly query: string,
    /** Offset in `query` of the problem. */
    readonly offset: number,
    /** What is wrong, without the position prefix. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    const { line, col } = lineAndColumn(query, offset);
    super('promql_parse_error', `${line}:${col}: parse error: ${detail}`, options);
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
