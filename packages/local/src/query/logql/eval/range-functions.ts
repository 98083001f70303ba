import type { RangeOp } from '../syntax/ast.js';

/**
 * The range functions over the samples of one window, as Loki's `range_vector.go` computes them
 * (same summation order and the same incremental mean and variance, so values agree to the bit).
 * `t` are nanoseconds, `v` values, `[lo, hi)` the window.
 */
export type WindowFunction = (t: Float64Array, v: Float64Array, lo: number, hi: number) => number;

function sum(_t: Float64Array, v: Float64Array, lo: number, hi: number): number {
  let s = 0;
  for (let i = lo; i < hi; i++) s += v[i]!;
  return s;
}

function avg(_t: Float64Array, v: Float64Array, lo: number, hi: number): number {
  let mean = 0;
  let count = 0;
  for (let i = lo; i < hi; i++) {
    const x = v[i]!;
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(x) && !Number.isNaN(x) && mean > 0 === x > 0) continue;
      if (Number.isFinite(x)) continue;
    }
    mean += x / count - mean / count;
  }
  return mean;
}

function max(_t: Float64Array, v: Float64Array, lo: number, hi: number): number {
  let m = v[lo]!;
  for (let i = lo; i < hi; i++) if (v[i]! > m || Number.isNaN(m)) m = v[i]!;
  return m;
}

function min(_t: Float64Array, v: Float64Array, lo: number, hi: number): number {
  let m = v[lo]!;
  for (let i = lo; i < hi; i++) if (v[i]! < m || Number.isNaN(m)) m = v[i]!;
  return m;
}

function variance(v: Float64Array, lo: number, hi: number): number {
  let aux = 0;
  let count = 0;
  let mean = 0;
  for (let i = lo; i < hi; i++) {
    const x = v[i]!;
    count++;
    const delta = x - mean;
    mean += delta / count;
    aux += delta * (x - mean);
  }
  return aux / count;
}

/** Loki's `Quantile`: the weighted average of the two values around `q * (n - 1)`. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort((a, b) => a - b);
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower]! * (1 - weight) + values[upper]! * weight;
}

/**
 * Loki's `rate_counter`: Prometheus' `extrapolatedRate` applied to nanosecond timestamps with a
 * millisecond range, exactly as Loki's code does (so the extrapolation is close to none and the
 * result is the counter increase over the range, per second).
 */
function rateCounter(rangeNs: number): WindowFunction {
  const rangeMs = Math.trunc(rangeNs / 1e6);
  return (t, v, lo, hi) => {
    if (hi - lo < 2) return 0;
    const first = t[lo]!;
    const last = t[hi - 1]!;
    const rangeStart = first - rangeMs;
    const rangeEnd = last;
    let result = v[hi - 1]! - v[lo]!;
    let lastValue = 0;
    for (let i = lo; i < hi; i++) {
      if (v[i]! < lastValue) result += lastValue;
      lastValue = v[i]!;
    }
    let durationToStart = (first - rangeStart) / 1000;
    const durationToEnd = (rangeEnd - last) / 1000;
    const sampledInterval = (last - first) / 1000;
    const averageBetween = sampledInterval / (hi - lo - 1);
    if (result > 0 && v[lo]! >= 0) {
      const durationToZero = sampledInterval * (v[lo]! / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    const threshold = averageBetween * 1.1;
    let extrapolateTo = sampledInterval;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
    result = result * (extrapolateTo / sampledInterval);
    return result / (rangeNs / 1e9);
  };
}

/** The function of a range operation over unwrapped values; `param` is quantile_over_time's. */
export function windowFunction(op: RangeOp, rangeNs: number, param: number | undefined): WindowFunction {
  const seconds = rangeNs / 1e9;
  switch (op) {
    case 'rate':
      return (t, v, lo, hi) => sum(t, v, lo, hi) / seconds;
    case 'rate_counter':
      return rateCounter(rangeNs);
    case 'sum_over_time':
    case 'bytes_over_time':
      return sum;
    case 'bytes_rate':
      return (t, v, lo, hi) => sum(t, v, lo, hi) / seconds;
    case 'count_over_time':
      return (_t, _v, lo, hi) => hi - lo;
    case 'avg_over_time':
      return avg;
    case 'max_over_time':
      return max;
    case 'min_over_time':
      return min;
    case 'stdvar_over_time':
      return (_t, v, lo, hi) => variance(v, lo, hi);
    case 'stddev_over_time':
      return (_t, v, lo, hi) => Math.sqrt(variance(v, lo, hi));
    case 'quantile_over_time':
      return (_t, v, lo, hi) => quantile(param ?? 0, Array.from(v.subarray(lo, hi)));
    case 'first_over_time':
      return (_t, v, lo) => v[lo]!;
    case 'last_over_time':
      return (_t, v, _lo, hi) => v[hi - 1]!;
    case 'absent_over_time':
      return () => 1;
  }
}
