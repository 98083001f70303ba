import { SrcobsError } from '@srcobs/ola';
import { InvalidBatchError, QueryLimitError, QueryTimeoutError, StoreClosedError, StoreFullError, StoreOverloadedError } from '../model/errors.js';
import { BadQueryParameterError, QueryExecutionError } from '../query/promql/eval/errors.js';
import { ParseError } from '../query/promql/syntax/errors.js';
import { TraceQLBadRequestError, TraceQLExecutionError } from '../query/traceql/eval/errors.js';
import { TraceQLParseError } from '../query/traceql/syntax/errors.js';
import { LogQLBadRequestError, LogQLLimitError, LogQLPipelineError, LogQLTimeoutError } from '../query/logql/eval/errors.js';
import { LogQLParseError } from '../query/logql/syntax/errors.js';

/** The request is malformed: undecodable body, bad labels, timestamps out of range. Never retried. */
export class BadRequestError extends SrcobsError {
  override readonly name = 'BadRequestError';
  constructor(message: string, options?: ErrorOptions) {
    super('bad_request', message, options);
  }
}

/** The body is larger than the limit (after decompression); it was not read whole. */
export class PayloadTooLargeError extends SrcobsError {
  override readonly name = 'PayloadTooLargeError';
  constructor(
    readonly limitBytes: number,
    message = `request body is larger than ${limitBytes} bytes after decompression: send smaller batches (or raise limits.maxBodyBytes)`,
    options?: ErrorOptions,
  ) {
    super('payload_too_large', message, options);
  }
}

/** The Content-Type (or Content-Encoding) is not one this endpoint reads. */
export class UnsupportedMediaTypeError extends SrcobsError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(message: string, options?: ErrorOptions) {
    super('unsupported_media_type', message, options);
  }
}

/** The receiver is over a limit (in-flight bytes or requests, an ingestion rate): retry after a while. */
export class TooManyRequestsError extends SrcobsError {
  override readonly name = 'TooManyRequestsError';
  constructor(
    message: string,
    /** Seconds after which a retry is likely to be accepted. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super('too_many_requests', message, options);
  }
}

/** No token, or the wrong one, on a server bound to a non-loopback address. */
export class UnauthorizedError extends SrcobsError {
  override readonly name = 'UnauthorizedError';
  constructor(message = 'this endpoint needs the local stack token: send "Authorization: Bearer <token>" (printed at start, or set with --token / SRCOBS_TOKEN)', options?: ErrorOptions) {
    super('unauthorized', message, options);
  }
}

/** No route has this path. */
export class NotFoundError extends SrcobsError {
  override readonly name = 'NotFoundError';
  constructor(message: string, options?: ErrorOptions) {
    super('not_found', message, options);
  }
}

/** The path exists but not for this method. */
export class MethodNotAllowedError extends SrcobsError {
  override readonly name = 'MethodNotAllowedError';
  constructor(
    readonly allow: readonly string[],
    message = `method not allowed here; use ${allow.join(' or ')}`,
    options?: ErrorOptions,
  ) {
    super('method_not_allowed', message, options);
  }
}

/**
 * Prometheus' `errorType` vocabulary (`web/api/v1/api.go`), which the query APIs put in their
 * error bodies; the ingest routes use it only for self-metrics' `reason` label.
 */
export type ErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable' | 'not_found' | 'too_many_requests' | 'unauthorized' | 'too_large' | 'full';

/** What the table says about an error: everything an {@link ErrorFormatter} needs. */
export interface HttpErrorInfo {
  readonly status: number;
  readonly errorType: ErrorType;
  /** The error's stable code (`SrcobsError.code`), `internal` for anything unknown. */
  readonly code: string;
  /** Safe to show: the error's message, or a generic line for unknown errors. */
  readonly message: string;
  /** Set for retryable overload answers: becomes the `Retry-After` header. */
  readonly retryAfterSeconds?: number;
  readonly cause: unknown;
}

/** One row of the error table. */
interface ErrorRow {
  // Constructors take different arguments; only `instanceof` matters here.
  readonly type: abstract new (...args: any[]) => Error;
  readonly status: number;
  readonly errorType: ErrorType;
  readonly retryAfterSeconds?: (error: Error) => number;
}

/** Seconds a closed store asks a client to wait: a restart takes a few seconds. */
const CLOSED_RETRY_AFTER_SECONDS = 5;

/**
 * THE error table: every error the local stack's HTTP layer can meet, mapped to a status once.
 * Modules with errors of their own (a PromQL ParseError, LogQL's) add a row here rather than
 * choosing statuses in their handlers. First matching row wins, so subclasses go before parents.
 * Statuses follow Prometheus (`bad_data` 400, `execution` 422, `timeout` 503) and the OTLP spec
 * (429/503 retryable with Retry-After, 400 never retried).
 */
const ERROR_TABLE: readonly ErrorRow[] = [
  { type: BadRequestError, status: 400, errorType: 'bad_data' },
  { type: InvalidBatchError, status: 400, errorType: 'bad_data' },
  { type: ParseError, status: 400, errorType: 'bad_data' },
  { type: BadQueryParameterError, status: 400, errorType: 'bad_data' },
  { type: TraceQLParseError, status: 400, errorType: 'bad_data' },
  { type: TraceQLBadRequestError, status: 400, errorType: 'bad_data' },
  { type: TraceQLExecutionError, status: 400, errorType: 'bad_data' },
  // Loki answers parse, pipeline and limit errors alike with 400, and a timeout with 504.
  { type: LogQLParseError, status: 400, errorType: 'bad_data' },
  { type: LogQLBadRequestError, status: 400, errorType: 'bad_data' },
  { type: LogQLPipelineError, status: 400, errorType: 'bad_data' },
  { type: LogQLLimitError, status: 400, errorType: 'bad_data' },
  { type: LogQLTimeoutError, status: 504, errorType: 'timeout' },
  { type: UnauthorizedError, status: 401, errorType: 'unauthorized' },
  { type: NotFoundError, status: 404, errorType: 'not_found' },
  { type: MethodNotAllowedError, status: 405, errorType: 'bad_data' },
  { type: PayloadTooLargeError, status: 413, errorType: 'too_large' },
  { type: UnsupportedMediaTypeError, status: 415, errorType: 'bad_data' },
  { type: QueryLimitError, status: 422, errorType: 'execution' },
  { type: QueryExecutionError, status: 422, errorType: 'execution' },
  { type: TooManyRequestsError, status: 429, errorType: 'too_many_requests', retryAfterSeconds: (e) => (e as TooManyRequestsError).retryAfterSeconds },
  { type: StoreOverloadedError, status: 429, errorType: 'too_many_requests', retryAfterSeconds: (e) => (e as StoreOverloadedError).retryAfterSeconds },
  { type: QueryTimeoutError, status: 503, errorType: 'timeout' },
  { type: StoreClosedError, status: 503, errorType: 'unavailable', retryAfterSeconds: () => CLOSED_RETRY_AFTER_SECONDS },
  { type: StoreFullError, status: 507, errorType: 'full' },
];

/**
 * Maps any thrown value to its status, error type and safe message through the one table.
 * Unknown errors are 500 with a generic message (their detail goes to the stack's log, not to
 * the client).
 *
 * @example
 * ```ts
 * describeError(new StoreOverloadedError('busy', 2)); // { status: 429, retryAfterSeconds: 2, ... }
 * ```
 */
export function describeError(error: unknown): HttpErrorInfo {
  if (error instanceof Error) {
    for (const row of ERROR_TABLE) {
      if (!(error instanceof row.type)) continue;
      const retry = row.retryAfterSeconds?.(error);
      return {
        status: row.status,
        errorType: row.errorType,
        code: error instanceof SrcobsError ? error.code : row.errorType,
        message: error.message,
        ...(retry !== undefined ? { retryAfterSeconds: Math.max(1, Math.ceil(retry)) } : {}),
        cause: error,
      };
    }
  }
  return { status: 500, errorType: 'internal', code: 'internal', message: 'internal error in the local stack, please report it (details are in the stack log)', cause: error };
}

/** The headers an error answer carries (`Retry-After` when retryable, `Allow` for 405). */
export function errorHeaders(info: HttpErrorInfo): Record<string, string> {
  const headers: Record<string, string> = {};
  if (info.retryAfterSeconds !== undefined) headers['retry-after'] = String(info.retryAfterSeconds);
  if (info.cause instanceof MethodNotAllowedError) headers['allow'] = info.cause.allow.join(', ');
  if (info.status === 401) headers['www-authenticate'] = 'Bearer realm="srcobs"';
  return headers;
}
