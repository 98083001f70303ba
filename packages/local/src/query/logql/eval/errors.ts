import { SrcobsError } from '@srcobs/ola';

/**
 * A query over one of Loki's limits (series, entries, range, bytes read). Loki answers these
 * with 400 and a message that names the limit, so the HTTP layer does the same.
 */
export class LogQLLimitError extends SrcobsError {
  override readonly name = 'LogQLLimitError';
  constructor(
    readonly limit: 'series' | 'entries' | 'range' | 'bytes' | 'points',
    message: string,
    options?: ErrorOptions,
  ) {
    super('logql_limit', message, options);
  }
}

/** Loki's `ErrDeadlineExceeded` text: the query ran past its timeout (HTTP 504). */
export const DEADLINE_EXCEEDED_MESSAGE = 'request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed';

/** A LogQL query ran past its deadline; Loki answers 504 Gateway Timeout. */
export class LogQLTimeoutError extends SrcobsError {
  override readonly name = 'LogQLTimeoutError';
  constructor(message = DEADLINE_EXCEEDED_MESSAGE, options?: ErrorOptions) {
    super('logql_timeout', message, options);
  }
}

/**
 * A metric query met a line with `__error__` that no label filter removed (Loki's
 * `PipelineError`, HTTP 400). The message is Loki's, which tells the user how to filter.
 */
export class LogQLPipelineError extends SrcobsError {
  override readonly name = 'LogQLPipelineError';
  constructor(
    readonly errorType: string,
    readonly series: string,
    options?: ErrorOptions,
  ) {
    super(
      'logql_pipeline_error',
      `pipeline error: '${errorType}' for series: '${series}'.\n` +
        `Use a label filter to intentionally skip this error. (e.g | __error__!="${errorType}").\n` +
        `To skip all potential errors you can match empty errors.(e.g __error__="")\n` +
        `The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )\n`,
      options,
    );
  }
}

/** A request Loki refuses before running it: bad parameters, a log query as an instant query (400). */
export class LogQLBadRequestError extends SrcobsError {
  override readonly name = 'LogQLBadRequestError';
  constructor(message: string, options?: ErrorOptions) {
    super('logql_bad_request', message, options);
  }
}
