import { SrcobsError } from '@srcobs/ola';
import { QueryLimitError } from '../../../model/errors.js';

/**
 * A query that parsed but cannot be evaluated on this data (`vector cannot contain metrics with
 * the same labelset`, many-to-many matching, a bad regex in `label_replace`). Prometheus answers
 * these with 422 `execution`; so does the HTTP layer.
 */
export class QueryExecutionError extends SrcobsError {
  override readonly name = 'QueryExecutionError';
  constructor(message: string, options?: ErrorOptions) {
    super('promql_execution', message, options);
  }
}

/**
 * The query would hold more samples in memory than `maxSamples` (Prometheus'
 * `--query.max-samples`); same message as Prometheus, 422 `execution`.
 */
export class TooManySamplesError extends QueryLimitError {
  constructor(options?: ErrorOptions) {
    super('samples', 'query processing would load too many samples into memory in query execution', options);
  }
}

/** A parameter of the query API (time, step, range) that Prometheus rejects with 400 `bad_data`. */
export class BadQueryParameterError extends SrcobsError {
  override readonly name = 'BadQueryParameterError';
  constructor(message: string, options?: ErrorOptions) {
    super('promql_bad_parameter', message, options);
  }
}
