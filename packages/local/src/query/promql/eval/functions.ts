import { dateFunction, DATE_PARTS } from './date-functions.js';
import { elementwise, perStepScalar, windowed, type FunctionImpl } from './function-helpers.js';
import { labelJoin, labelReplace } from './label-functions.js';
import { goMax, goMin } from './math.js';
import { WINDOW_FUNCTIONS } from './range-functions.js';
import { absent, absentOverTime, histogramQuantile, nativeHistogramOnly, scalarFn, sortByLabel, sortByValue, timestampFn, vectorFn } from './vector-functions.js';

const MATH: Readonly<Record<string, (v: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
};

/** Window functions that keep `__name__` (they return a sample of the series as it was). */
const KEEP_NAME: ReadonlySet<string> = new Set(['last_over_time', 'first_over_time']);

/**
 * The implementations table (STYLE rule 7): one row per function in the parser's
 * `FUNCTION_SIGNATURES`, all with the same call signature, so the evaluator dispatches by name.
 */
export const FUNCTION_IMPLEMENTATIONS: ReadonlyMap<string, FunctionImpl> = new Map<string, FunctionImpl>([
  ...Object.entries(MATH).map(([name, fn]) => [name, elementwise((v) => fn(v))] as const),
  ...[...WINDOW_FUNCTIONS.keys()].map((name) => [name, windowed(name, KEEP_NAME.has(name))] as const),
  ...[...DATE_PARTS.keys()].map((name) => [name, dateFunction(name)] as const),
  ['clamp', elementwise((v, [min, max]) => (max! < min! ? undefined : goMax(min!, goMin(max!, v))))],
  ['clamp_max', elementwise((v, [max]) => goMin(max!, v))],
  ['clamp_min', elementwise((v, [min]) => goMax(min!, v))],
  [
    'round',
    elementwise((v, [toNearest]) => {
      // Prometheus rounds half up (towards +Inf), via the inverse to keep e.g. 0.1 steps exact.
      const inverse = 1 / (toNearest ?? 1);
      return Math.floor(v * inverse + 0.5) / inverse;
    }),
  ],
  ['absent', absent],
  ['absent_over_time', absentOverTime],
  ['scalar', scalarFn],
  ['vector', vectorFn],
  ['time', perStepScalar((ts) => ts / 1000)],
  ['pi', perStepScalar(() => Math.PI)],
  ['timestamp', timestampFn],
  ['sort', sortByValue(false)],
  ['sort_desc', sortByValue(true)],
  ['sort_by_label', sortByLabel(false)],
  ['sort_by_label_desc', sortByLabel(true)],
  ['label_replace', labelReplace],
  ['label_join', labelJoin],
  ['histogram_quantile', histogramQuantile],
  ...['histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar', 'histogram_fraction'].map((n) => [n, nativeHistogramOnly] as const),
]);
