import { stepTime, windowEnd, type EvalRange, type MatrixValue, type RawSeries } from './values.js';

/** The samples of one series inside one step's window: indexes `[lo, hi)` of `t`/`v`. */
export interface Window {
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly lo: number;
  readonly hi: number;
  /** Exclusive start and inclusive end of the window (ms). */
  readonly start: number;
  readonly end: number;
  readonly rangeMs: number;
  /** The step's evaluation time (ms). */
  readonly ts: number;
}

/**
 * Calls `fn` for every step with the window of `series` at that step. Windows only move forward
 * as steps advance, so two cursors find them in one pass over the samples.
 */
export function forEachWindow(m: MatrixValue, series: RawSeries, range: EvalRange, fn: (step: number, w: Window) => void): void {
  const t = series.t;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < range.steps; i++) {
    const ts = stepTime(range, i);
    const end = windowEnd(m, ts);
    const start = end - m.rangeMs;
    while (lo < t.length && t[lo]! <= start) lo++;
    if (hi < lo) hi = lo;
    while (hi < t.length && t[hi]! <= end) hi++;
    fn(i, { t, v: series.v, lo, hi, start, end, rangeMs: m.rangeMs, ts });
  }
}
