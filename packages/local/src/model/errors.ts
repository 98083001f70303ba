import { SrcobsError } from '@srcobs/ola';

/** The store cannot take more right now: the receiver answers 429 with Retry-After. */
export class StoreOverloadedError extends SrcobsError {
  override readonly name = 'StoreOverloadedError';
  constructor(
    message: string,
    /** Seconds after which a retry is likely to be accepted. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super('store_overloaded', message, options);
  }
}

/** The disk is full (or the configured size limit is reached and retention cannot free space). */
export class StoreFullError extends SrcobsError {
  override readonly name = 'StoreFullError';
  constructor(message: string, options?: ErrorOptions) {
    super('store_full', message, options);
  }
}

/** The store was closed: the process is shutting down. */
export class StoreClosedError extends SrcobsError {
  override readonly name = 'StoreClosedError';
  constructor(message = 'the store is closed: the local stack is shutting down; retry against the restarted stack', options?: ErrorOptions) {
    super('store_closed', message, options);
  }
}

/** A batch the store refuses as a whole (bad labels, timestamps out of range); nothing of it was written. */
export class InvalidBatchError extends SrcobsError {
  override readonly name = 'InvalidBatchError';
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_batch', message, options);
  }
}

/** A read would touch more than the configured limit (series, samples, lines, bytes). */
export class QueryLimitError extends SrcobsError {
  override readonly name = 'QueryLimitError';
  constructor(
    readonly limit: 'series' | 'samples' | 'lines' | 'bytes' | 'range' | 'traces',
    message: string,
    options?: ErrorOptions,
  ) {
    super('query_limit', message, options);
  }
}

/** A read ran past its deadline. */
export class QueryTimeoutError extends SrcobsError {
  override readonly name = 'QueryTimeoutError';
  constructor(message = 'query timed out: narrow the time range or the selector, or raise the query timeout', options?: ErrorOptions) {
    super('query_timeout', message, options);
  }
}
