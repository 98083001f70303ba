import { SrcobsError } from '@srcobs/ola';

/**
 * A LogQL query that does not parse or is not valid. The message has Loki's shape,
 * `parse error at line 1, col 12: syntax error: unexpected IDENTIFIER` (or `parse error : ...`
 * for problems Loki reports without a position, such as a selector without a non-empty matcher),
 * so Grafana shows the same text as with a real Loki. The HTTP layer answers 400.
 */
export class LogQLParseError extends SrcobsError {
  override readonly name = 'LogQLParseError';
  /** 1-based line of the problem; 0 when the problem has no position (as in Loki). */
  readonly line: number;
  /** 1-based column (UTF-16 code units); 0 when the problem has no position. */
  readonly col: number;

  constructor(
    /** The query text as given. */
    readonly query: string,
    /** What is wrong, without the `parse error` prefix. */
    readonly detail: string,
    /** Offset in `query` of the problem, or undefined for a problem of the whole query. */
    offset?: number,
    options?: ErrorOptions,
  ) {
    const pos = offset === undefined ? { line: 0, col: 0 } : lineAndColumn(query, offset);
    super('logql_parse_error', pos.line === 0 ? `parse error : ${detail}` : `parse error at line ${pos.line}, col ${pos.col}: ${detail}`, options);
    this.line = pos.line;
    this.col = pos.col;
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
