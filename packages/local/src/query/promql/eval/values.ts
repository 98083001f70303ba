import type { Labels } from '../../../model/labels.js';

/**
 * The steps an expression is evaluated at: `start`, `start + step`, ... up to `end` (ms). An
 * instant query is one step. Every node is evaluated for all steps at once, as in Prometheus'
 * engine, so per-series work (matching, grouping, label edits) happens once, not once per step.
 */
export interface EvalRange {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** Number of steps: `floor((end - start) / step) + 1`. */
  readonly steps: number;
}

/** The steps from `start` to `end` (inclusive) every `step` ms. */
export function evalRange(start: number, end: number, step: number): EvalRange {
  const steps = end === start ? 1 : Math.floor((end - start) / step) + 1;
  return { start, end, step: step > 0 ? step : 1, steps };
}

/** The time of step `i`. */
export function stepTime(r: EvalRange, i: number): number {
  return r.start + i * r.step;
}

/** One series of an instant vector over the steps: the steps where it has a value, ascending, and the values. */
export interface StepSeries {
  readonly labels: Labels;
  readonly steps: number[];
  readonly values: number[];
  /** Sample timestamps (ms) instead of step times: only `timestamp(selector)` asks for them. */
  readonly sampleTimes?: number[];
  /**
   * Set by operations that drop `__name__` from series with unique labels: the name that was
   * dropped ('' for none). When all outputs share it, their labels are still unique.
   */
  readonly sourceName?: string;
}

/** An instant vector evaluated at every step. */
export interface VectorValue {
  readonly type: 'vector';
  readonly series: StepSeries[];
}

/** A scalar evaluated at every step (one value per step). */
export interface ScalarValue {
  readonly type: 'scalar';
  readonly values: Float64Array;
}

/** A string literal (only as a function argument or a query's whole result). */
export interface StringValue {
  readonly type: 'string';
  readonly value: string;
}

/** Raw samples of one series (staleness markers already removed), ascending by time. */
export interface RawSeries {
  readonly labels: Labels;
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/**
 * A range vector: raw samples plus the window rule. At step time `ts` the window is
 * `(end - rangeMs, end]` with `end = (atMs ?? ts) - offsetMs` (left-open, as in Prometheus 3).
 */
export interface MatrixValue {
  readonly type: 'matrix';
  readonly series: RawSeries[];
  readonly rangeMs: number;
  readonly offsetMs: number;
  readonly atMs: number | undefined;
  /** The metric name the selector asked for, for annotations (`rate` of a non-counter). */
  readonly metricName: string | undefined;
}

/** What evaluating a node gives, over all steps. */
export type EvalValue = VectorValue | ScalarValue | StringValue | MatrixValue;

/** Number of points a value holds, for the max-samples limit. */
export function pointCount(v: EvalValue): number {
  switch (v.type) {
    case 'vector':
      return v.series.reduce((n, s) => n + s.steps.length, 0);
    case 'scalar':
      return v.values.length;
    case 'string':
      return 0;
    case 'matrix':
      return v.series.reduce((n, s) => n + s.t.length, 0);
  }
}

/** The end of the window of a range vector at a step time. */
export function windowEnd(m: MatrixValue, ts: number): number {
  return (m.atMs ?? ts) - m.offsetMs;
}
