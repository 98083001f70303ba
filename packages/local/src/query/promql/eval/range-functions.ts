import { QueryExecutionError } from './errors.js';
import { kahanSumInc } from './math.js';
import { quantileOf } from './quantile.js';
import type { Window } from './windows.js';

/** A function over the samples of one window; `scalars` are the call's scalar arguments at this step. */
export type WindowFunction = (w: Window, scalars: readonly number[]) => number | undefined;

/**
 * Prometheus' `extrapolatedRate` (promql/functions.go), behind `rate`, `increase` and `delta`.
 *
 * The result is the difference between the last and first sample in the window (with counter
 * resets added back for counters), extrapolated towards the window's edges. If the first or last
 * sample is close enough to its edge (within 110% of the average interval between samples), the
 * series is assumed to cover the edge and the rate is extrapolated all the way to it. Otherwise
 * the series is assumed to start or end inside the window, and it is extrapolated only by half an
 * average interval. For counters, extrapolation towards the start never goes below zero: if the
 * counter would reach zero before the edge, that zero point is taken as the start instead.
 */
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = w;
  const n = hi - lo;
  if (n < 2) return undefined;
  const firstT = t[lo]!;
  const lastT = t[hi - 1]!;
  let result = v[hi - 1]! - v[lo]!;
  // Most windows of a counter hold no reset: the prefix counts tell without scanning.
  if (isCounter && (w.decreases === undefined || w.decreases[hi - 1]! - w.decreases[lo]! > 0)) {
    let prev = v[lo]!;
    for (let k = lo + 1; k < hi; k++) {
      const cur = v[k]!;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  let durationToStart = (firstT - w.start) / 1000;
  let durationToEnd = (w.end - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
  if (isCounter && result > 0 && v[lo]! >= 0) {
    const durationToZero = sampledInterval * (v[lo]! / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  extrapolateToInterval += durationToStart;
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd;
  let factor = extrapolateToInterval / sampledInterval;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/** Prometheus' `instantValue`: the last two samples, behind `irate` and `idelta`. */
function instantValue(w: Window, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = w;
  if (hi - lo < 2) return undefined;
  const last = v[hi - 1]!;
  const prev = v[hi - 2]!;
  const result = isRate && last < prev ? last : last - prev;
  const interval = t[hi - 1]! - t[hi - 2]!;
  if (interval === 0) return undefined;
  return isRate ? result / (interval / 1000) : result;
}

/**
 * Least-squares fit of the window's samples against time in seconds relative to `interceptTime`
 * (Prometheus `linearRegression`, Kahan-summed). A constant series has slope 0.
 */
function linearRegression(w: Window, interceptTime: number): [number, number] {
  const { t, v, lo, hi } = w;
  let n = 0;
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = v[lo]!;
  let constY = true;
  for (let k = lo; k < hi; k++) {
    const y = v[k]!;
    if (constY && k > lo && y !== initY) constY = false;
    n++;
    const x = (t[k]! - interceptTime) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function nonEmpty(fn: (w: Window, scalars: readonly number[]) => number): WindowFunction {
  return (w, scalars) => (w.hi > w.lo ? fn(w, scalars) : undefined);
}

/** Mean with Kahan summation, switching to an incremental mean when the sum would overflow (Prometheus `avg_over_time`). */
function avgOverTime(w: Window): number {
  const { v, lo, hi } = w;
  let sum = v[lo]!;
  let c = 0;
  let count = 1;
  let mean = 0;
  let incremental = false;
  for (let k = lo + 1; k < hi; k++) {
    const x = v[k]!;
    count = k - lo + 1;
    if (!incremental) {
      const [ns, nc] = kahanSumInc(x, sum, c);
      if (Number.isFinite(ns) || Number.isNaN(ns)) {
        sum = ns;
        c = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanSumInc(x / count, q * mean, q * c);
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

function variance(w: Window): number {
  const { v, lo, hi } = w;
  let count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (let k = lo; k < hi; k++) {
    const x = v[k]!;
    count++;
    const delta = x - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (x - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

function windowValues(w: Window): number[] {
  return Array.from(w.v.subarray(w.lo, w.hi));
}

/** Window functions by PromQL function name; the matrix is the call's only matrix argument. */
export const WINDOW_FUNCTIONS: ReadonlyMap<string, WindowFunction> = new Map<string, WindowFunction>([
  ['rate', (w) => extrapolatedRate(w, true, true)],
  ['increase', (w) => extrapolatedRate(w, true, false)],
  ['delta', (w) => extrapolatedRate(w, false, false)],
  ['irate', (w) => instantValue(w, true)],
  ['idelta', (w) => instantValue(w, false)],
  ['deriv', (w) => (w.hi - w.lo < 2 ? undefined : linearRegression(w, w.t[w.lo]!)[0])],
  [
    'predict_linear',
    (w, [duration]) => {
      if (w.hi - w.lo < 2) return undefined;
      const [slope, intercept] = linearRegression(w, w.ts);
      return slope * duration! + intercept;
    },
  ],
  [
    'changes',
    nonEmpty(({ v, lo, hi }) => {
      let changes = 0;
      for (let k = lo + 1; k < hi; k++) {
        const cur = v[k]!;
        const prev = v[k - 1]!;
        if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
      }
      return changes;
    }),
  ],
  [
    'resets',
    nonEmpty(({ v, lo, hi }) => {
      let resets = 0;
      for (let k = lo + 1; k < hi; k++) if (v[k]! < v[k - 1]!) resets++;
      return resets;
    }),
  ],
  ['avg_over_time', nonEmpty(avgOverTime)],
  ['count_over_time', nonEmpty((w) => w.hi - w.lo)],
  [
    'sum_over_time',
    nonEmpty(({ v, lo, hi }) => {
      let sum = 0;
      let c = 0;
      for (let k = lo; k < hi; k++) [sum, c] = kahanSumInc(v[k]!, sum, c);
      return Number.isFinite(sum) ? sum + c : sum;
    }),
  ],
  [
    'min_over_time',
    nonEmpty(({ v, lo, hi }) => {
      let min = v[lo]!;
      for (let k = lo; k < hi; k++) if (v[k]! < min || Number.isNaN(min)) min = v[k]!;
      return min;
    }),
  ],
  [
    'max_over_time',
    nonEmpty(({ v, lo, hi }) => {
      let max = v[lo]!;
      for (let k = lo; k < hi; k++) if (v[k]! > max || Number.isNaN(max)) max = v[k]!;
      return max;
    }),
  ],
  ['stddev_over_time', nonEmpty((w) => Math.sqrt(variance(w)))],
  ['stdvar_over_time', nonEmpty(variance)],
  ['last_over_time', nonEmpty((w) => w.v[w.hi - 1]!)],
  ['first_over_time', nonEmpty((w) => w.v[w.lo]!)],
  ['present_over_time', nonEmpty(() => 1)],
  ['quantile_over_time', nonEmpty((w, [q]) => quantileOf(q!, windowValues(w)))],
  [
    'mad_over_time',
    nonEmpty((w) => {
      const values = windowValues(w);
      const median = quantileOf(0.5, values);
      return quantileOf(0.5, values.map((x) => Math.abs(x - median)));
    }),
  ],
  ['ts_of_first_over_time', nonEmpty((w) => w.t[w.lo]! / 1000)],
  ['ts_of_last_over_time', nonEmpty((w) => w.t[w.hi - 1]! / 1000)],
  [
    'ts_of_max_over_time',
    nonEmpty(({ t, v, lo, hi }) => {
      let best = lo;
      for (let k = lo; k < hi; k++) if (v[k]! >= v[best]! || Number.isNaN(v[best]!)) best = k;
      return t[best]! / 1000;
    }),
  ],
  [
    'ts_of_min_over_time',
    nonEmpty(({ t, v, lo, hi }) => {
      let best = lo;
      for (let k = lo; k < hi; k++) if (v[k]! <= v[best]! || Number.isNaN(v[best]!)) best = k;
      return t[best]! / 1000;
    }),
  ],
  [
    'double_exponential_smoothing',
    (w, [sf, tf]) => {
      // Holt's linear smoothing, as Prometheus' funcDoubleExponentialSmoothing.
      if (!(sf! > 0 && sf! < 1)) throw new QueryExecutionError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf!.toFixed(6)}`);
      if (!(tf! > 0 && tf! < 1)) throw new QueryExecutionError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf!.toFixed(6)}`);
      const { v, lo, hi } = w;
      if (hi - lo < 2) return undefined;
      let s0 = 0;
      let s1 = v[lo]!;
      let b = v[lo + 1]! - v[lo]!;
      for (let k = lo + 1; k < hi; k++) {
        const x = sf! * v[k]!;
        if (k - lo - 1 !== 0) b = tf! * (s1 - s0) + (1 - tf!) * b;
        const y = (1 - sf!) * (s1 + b);
        s0 = s1;
        s1 = x + y;
      }
      return s1;
    },
  ],
]);
