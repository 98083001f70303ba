import { SrcobsError } from '@srcobs/ola';

/** A place in a query text: 1-based line and column (UTF-16 code units). */
export interface QueryPosition {
  readonly line: number;
  readonly col: number;
}

/** The line and column of `offset` in `query` (clamped to the text). */
export function positionOf(query: string, offset: number): QueryPosition {
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

/**
 * What the query languages' parse errors share: the query, what is wrong with it, and where.
 * Each language's subclass words the message as its real server does, so Grafana shows the
 * same text, and keeps its own class for the HTTP error table.
 */
export abstract class QueryParseError extends SrcobsError {
  /** 1-based line of the offending position (0 when the problem has no position). */
  readonly line: number;
  /** 1-based column (UTF-16 code units) of the offending position (0 when it has none). */
  readonly col: number;

  protected constructor(
    code: string,
    message: string,
    /** The query text as given. */
    readonly query: string,
    /** What is wrong, without the position prefix. */
    readonly detail: string,
    position: QueryPosition,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.line = position.line;
    this.col = position.col;
  }
}
