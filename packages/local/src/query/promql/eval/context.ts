import { QueryLimitError, QueryTimeoutError } from '../../../model/errors.js';
import type { MetricReader, ReadHints } from '../../../model/store.js';
import type { PosRange } from '../syntax/ast.js';
import { positionOf } from '../../parse-error.js';
import { TooManySamplesError } from './errors.js';

/** How often (in loop iterations) long loops look at the clock. */
const DEADLINE_CHECK_EVERY = 4096;

/** Prometheus' annotations: warnings and infos, each printed with the position it refers to. */
export class Annotations {
  readonly warnings = new Set<string>();
  readonly infos = new Set<string>();

  constructor(private readonly query: string) {}

  warn(message: string, pos: PosRange): void {
    this.warnings.add(`PromQL warning: ${message}${this.position(pos)}`);
  }

  info(message: string, pos: PosRange): void {
    this.infos.add(`PromQL info: ${message}${this.position(pos)}`);
  }

  private position(pos: PosRange): string {
    if (this.query === '') return '';
    const { line, col } = positionOf(this.query, pos.start);
    return ` (${line}:${col})`;
  }

}

/**
 * The limits of one query: a sample budget (Prometheus counts the samples held in memory at
 * once; here, the points of the values alive on the evaluation path) and a deadline checked
 * cooperatively, so a slow query stops itself instead of holding a worker.
 */
export class QueryLimits {
  private current = 0;
  private ticks = 0;

  constructor(
    readonly maxSamples: number,
    readonly maxSeries: number | undefined,
    readonly deadline: number | undefined,
  ) {}

  /** Samples currently held. */
  get held(): number {
    return this.current;
  }

  /** Sets the held count (after a node's children are released) and enforces the limit. */
  setHeld(n: number): void {
    this.current = n;
    if (n > this.maxSamples) throw new TooManySamplesError();
  }

  add(n: number): void {
    this.setHeld(this.current + n);
  }

  /** Hints for the store, so it stops reading once the query is over its limits. */
  readHints(): ReadHints {
    const hints: { maxSamples: number; maxSeries?: number; deadline?: number } = { maxSamples: Math.max(0, this.maxSamples - this.current) };
    if (this.maxSeries !== undefined) hints.maxSeries = this.maxSeries;
    if (this.deadline !== undefined) hints.deadline = this.deadline;
    return hints;
  }

  checkDeadline(): void {
    if (this.deadline !== undefined && Date.now() > this.deadline) throw new QueryTimeoutError('query timed out in expression evaluation');
  }

  /** Cheap per-iteration check: looks at the clock every few thousand calls. */
  tick(): void {
    if (++this.ticks % DEADLINE_CHECK_EVERY === 0) this.checkDeadline();
  }
}

/** What every part of the evaluator needs besides the node it works on. */
export interface EvalContext {
  readonly reader: MetricReader;
  readonly query: string;
  /** Start and end of the whole query, for `@ start()` and `@ end()`. */
  readonly queryStart: number;
  readonly queryEnd: number;
  readonly lookbackDeltaMs: number;
  readonly noStepSubqueryIntervalMs: number;
  readonly annotations: Annotations;
  readonly limits: QueryLimits;
}

/** Runs a store read, turning the store's sample limit into Prometheus' too-many-samples error. */
export function guardedRead<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof QueryLimitError && error.limit === 'samples' && !(error instanceof TooManySamplesError)) throw new TooManySamplesError({ cause: error });
    if (error instanceof QueryTimeoutError) throw new QueryTimeoutError('query timed out in expression evaluation', { cause: error });
    throw error;
  }
}
