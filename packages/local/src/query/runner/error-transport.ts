import { SrcobsError } from '@srcobs/ola';
import { InvalidBatchError, QueryLimitError, QueryTimeoutError, StoreClosedError, StoreFullError, StoreOverloadedError } from '../../model/errors.js';
import { BadQueryParameterError, QueryExecutionError, TooManySamplesError } from '../promql/eval/errors.js';
import { ParseError } from '../promql/syntax/errors.js';
import { TraceQLBadRequestError, TraceQLExecutionError } from '../traceql/eval/errors.js';
import { TraceQLParseError } from '../traceql/syntax/errors.js';
import { LogQLBadRequestError, LogQLLimitError, LogQLPipelineError, LogQLTimeoutError } from '../logql/eval/errors.js';
import { LogQLParseError } from '../logql/syntax/errors.js';

/** An error as it crosses a thread boundary: its class name and own fields. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Errors that keep their class across the worker boundary, so the HTTP error table maps them to
 * the same status as in-process errors. Listed subclasses first. Others arrive as plain Errors
 * (a 500 for the client).
 */
export const TRANSPORTABLE_ERRORS: readonly ErrorClass[] = [
  ParseError,
  BadQueryParameterError,
  QueryExecutionError,
  TooManySamplesError,
  TraceQLParseError,
  TraceQLBadRequestError,
  TraceQLExecutionError,
  LogQLParseError,
  LogQLBadRequestError,
  LogQLPipelineError,
  LogQLLimitError,
  LogQLTimeoutError,
  QueryLimitError,
  QueryTimeoutError,
  InvalidBatchError,
  StoreClosedError,
  StoreFullError,
  StoreOverloadedError,
];

/** Turns any thrown value into a structured-cloneable description. */
export function serializeError(error: unknown, classes: readonly ErrorClass[] = TRANSPORTABLE_ERRORS): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const cls = classes.find((c) => error instanceof c);
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) {
    if (k === 'cause' || typeof v === 'function') continue;
    fields[k] = v;
  }
  return { name: cls ? cls.name : 'Error', message: error.message, fields };
}

/** Rebuilds an error of the same class (fields restored without running its constructor). */
export function reviveError(s: SerializedError, classes: readonly ErrorClass[] = TRANSPORTABLE_ERRORS): Error {
  const cls = classes.find((c) => c.name === s.name);
  const error: Error = cls ? (Object.create(cls.prototype as object) as Error) : new Error(s.message);
  Object.defineProperty(error, 'message', { value: s.message, writable: true, configurable: true, enumerable: false });
  for (const [k, v] of Object.entries(s.fields)) Object.defineProperty(error, k, { value: v, writable: true, configurable: true, enumerable: true });
  if (!(error instanceof SrcobsError) && cls === undefined) error.name = 'Error';
  return error;
}
