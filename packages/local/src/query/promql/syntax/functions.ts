import type { AggregateOp, ValueType } from './ast.js';

/**
 * What the type checker knows about a function: one row per function, like Prometheus'
 * `parser/functions.go`. The evaluator keeps the implementations in its own table
 * (`eval/functions.ts`); adding a function means one row in each plus a script test.
 */
export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  /**
   * 0: exactly `argTypes.length` arguments. n > 0: the last argument type is optional and may
   * appear up to n times. -1: the last argument type may repeat without limit.
   */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Behind Prometheus' `promql-experimental-functions` feature flag. */
  readonly experimental?: boolean;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

function sig(name: string, argTypes: ValueType[], returnType: ValueType, variadic = 0, experimental = false): FunctionSignature {
  return experimental ? { name, argTypes, variadic, returnType, experimental } : { name, argTypes, variadic, returnType };
}

const MATH = ['abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'ln', 'log10', 'log2', 'rad', 'sgn', 'sin', 'sinh', 'sqrt', 'tan', 'tanh'];
const OVER_TIME = ['avg_over_time', 'count_over_time', 'max_over_time', 'min_over_time', 'sum_over_time', 'stddev_over_time', 'stdvar_over_time', 'last_over_time', 'present_over_time'];
const RANGE = ['changes', 'resets', 'delta', 'deriv', 'idelta', 'increase', 'irate', 'rate'];
const DATE = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];
const NATIVE_HISTOGRAM = ['histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar'];
const EXPERIMENTAL_OVER_TIME = ['mad_over_time', 'first_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time'];

/** Every PromQL function this engine knows, by name. */
export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map(
  [
    ...MATH.map((n) => sig(n, [V], V)),
    ...OVER_TIME.map((n) => sig(n, [M], V)),
    ...RANGE.map((n) => sig(n, [M], V)),
    ...DATE.map((n) => sig(n, [V], V, 1)),
    ...NATIVE_HISTOGRAM.map((n) => sig(n, [V], V)),
    ...EXPERIMENTAL_OVER_TIME.map((n) => sig(n, [M], V, 0, true)),
    sig('absent', [V], V),
    sig('absent_over_time', [M], V),
    sig('clamp', [V, S, S], V),
    sig('clamp_max', [V, S], V),
    sig('clamp_min', [V, S], V),
    sig('histogram_fraction', [S, S, V], V),
    sig('histogram_quantile', [S, V], V),
    sig('label_join', [V, STR, STR, STR], V, -1),
    sig('label_replace', [V, STR, STR, STR, STR], V),
    sig('pi', [], S),
    sig('predict_linear', [M, S], V),
    sig('quantile_over_time', [S, M], V),
    sig('round', [V, S], V, 1),
    sig('scalar', [V], S),
    sig('sort', [V], V),
    sig('sort_desc', [V], V),
    sig('sort_by_label', [V, STR], V, -1, true),
    sig('sort_by_label_desc', [V, STR], V, -1, true),
    sig('time', [], S),
    sig('timestamp', [V], V),
    sig('vector', [S], V),
    sig('double_exponential_smoothing', [M, S, S], V, 0, true),
  ].map((s) => [s.name, s]),
);

/** Aggregation operators and the type of their parameter, when they take one. */
export const AGGREGATION_PARAMS: ReadonlyMap<AggregateOp, ValueType | undefined> = new Map<AggregateOp, ValueType | undefined>([
  ['sum', undefined],
  ['avg', undefined],
  ['count', undefined],
  ['min', undefined],
  ['max', undefined],
  ['group', undefined],
  ['stddev', undefined],
  ['stdvar', undefined],
  ['topk', 'scalar'],
  ['bottomk', 'scalar'],
  ['quantile', 'scalar'],
  ['count_values', 'string'],
  ['limitk', 'scalar'],
  ['limit_ratio', 'scalar'],
]);

/** Aggregations behind Prometheus' experimental flag. */
export const EXPERIMENTAL_AGGREGATIONS: ReadonlySet<AggregateOp> = new Set<AggregateOp>(['limitk', 'limit_ratio']);
