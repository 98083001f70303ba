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
  /** `decreases[k]`: how many samples up to k are below the one before; lets `rate` skip the reset scan. */
  readonly decreases?: Int32Array;
}

/**
 * Calls `fn` for every step with the window of `series` at that step. Windows only move forward
 * as steps advance, so two cursors find them in one pass over the samples.
 */
export function forEachWindow(m: MatrixValue, series: RawSeries, range: EvalRange, fn: (step: number, w: Window) => void, decreases?: Int32Array): void {
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
    fn(i, decreases ? { t, v: series.v, lo, hi, start, end, rangeMs: m.rangeMs, ts, decreases } : { t, v: series.v, lo, hi, start, end, rangeMs: m.rangeMs, ts });
  }
}

/** Prefix counts of decreases (counter resets) of a series: an integer, so exact over any window. */
export function decreaseCounts(v: Float64Array): Int32Array {
  const out = new Int32Array(v.length);
  for (let k = 1; k < v.length; k++) out[k] = out[k - 1]! + (v[k]! < v[k - 1]! ? 1 : 0);
  return out;
}
