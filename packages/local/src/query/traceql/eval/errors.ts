import { SrcobsError } from '@srcobs/ola';

/**
 * A query that parsed but cannot run on these traces, such as a structural operator between
 * grouped spansets ("spanset operators are not supported for multiple spansets per trace.
 * consider using coalesce()", Tempo's text). The HTTP layer answers 400: the query must change.
 */
export class TraceQLExecutionError extends SrcobsError {
  override readonly name = 'TraceQLExecutionError';
  constructor(message: string, options?: ErrorOptions) {
    super('traceql_execution', message, options);
  }
}

/** A search parameter Tempo rejects with 400 (`invalid limit: must be a positive number`, a range over the maximum). */
export class TraceQLBadRequestError extends SrcobsError {
  override readonly name = 'TraceQLBadRequestError';
  constructor(message: string, options?: ErrorOptions) {
    super('traceql_bad_request', message, options);
  }
}
