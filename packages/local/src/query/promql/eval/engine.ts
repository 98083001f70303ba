import type { Labels } from '../../../model/labels.js';
import { QueryLimitError } from '../../../model/errors.js';
import type { MetricReader } from '../../../model/store.js';
import type { Expr } from '../syntax/ast.js';
import { formatDuration } from '../syntax/lexical.js';
import { parsePromQL } from '../syntax/parser.js';
import { describeType, typeOf } from '../syntax/types.js';
import { Annotations, QueryLimits, type EvalContext } from './context.js';
import { BadQueryParameterError } from './errors.js';
import { Evaluator } from './evaluator.js';
import { sortByLabels } from './label-ops.js';
import { evalRange, stepTime, windowEnd, type EvalRange, type EvalValue } from './values.js';

/** Options of {@link createPromQLEngine}. */
export interface PromQLEngineOptions {
  /** Where series come from (a store's `metrics`, possibly opened read-only in a worker). */
  readonly reader: MetricReader;
  /** How far back an instant selector looks for a sample (Prometheus `--query.lookback-delta`). Default 5m. */
  readonly lookbackDeltaMs?: number;
  /** Most samples a query may hold in memory at once (Prometheus `--query.max-samples`). Default 50,000,000. */
  readonly maxSamples?: number;
  /** Most series one selector may return; unlimited by default. */
  readonly maxSeries?: number;
  /** Longest `end - start` a range query may span; unlimited by default. */
  readonly maxRangeMs?: number;
  /** Per-query time limit (Prometheus `--query.timeout`). Default 2m. */
  readonly timeoutMs?: number;
  /** Step of a subquery written without one (Prometheus uses the global evaluation interval). Default 1m. */
  readonly noStepSubqueryIntervalMs?: number;
  /** Accept Prometheus' experimental functions (`sort_by_label`, `mad_over_time`, ...). Default false. */
  readonly experimentalFunctions?: boolean;
}

type ResolvedOptions = Required<Omit<PromQLEngineOptions, 'maxSeries' | 'maxRangeMs'>> & Pick<PromQLEngineOptions, 'maxSeries' | 'maxRangeMs'>;

/** Fills in the defaults of {@link PromQLEngineOptions} (all of them live here). */
export function applyEngineDefaults(options: PromQLEngineOptions): ResolvedOptions {
  return {
    reader: options.reader,
    lookbackDeltaMs: options.lookbackDeltaMs ?? 5 * 60_000,
    maxSamples: options.maxSamples ?? 50_000_000,
    maxSeries: options.maxSeries,
    maxRangeMs: options.maxRangeMs,
    timeoutMs: options.timeoutMs ?? 2 * 60_000,
    noStepSubqueryIntervalMs: options.noStepSubqueryIntervalMs ?? 60_000,
    experimentalFunctions: options.experimentalFunctions ?? false,
  };
}

/** Per-query overrides, as the HTTP API's `timeout` and `lookback_delta` parameters. */
export interface QueryOptions {
  readonly timeoutMs?: number;
  readonly lookbackDeltaMs?: number;
}

/** One sample of an instant-vector result. */
export interface InstantSample {
  readonly metric: Labels;
  readonly t: number;
  readonly v: number;
}

/** One series of a matrix result: times (ms) and values, index by index. */
export interface SeriesPoints {
  readonly metric: Labels;
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

/** A query's value, in the four shapes of Prometheus' API (times in ms). */
export type QueryValue =
  | { readonly resultType: 'vector'; readonly result: readonly InstantSample[] }
  | { readonly resultType: 'matrix'; readonly result: readonly SeriesPoints[] }
  | { readonly resultType: 'scalar'; readonly t: number; readonly v: number }
  | { readonly resultType: 'string'; readonly t: number; readonly v: string };

/** A query's value with Prometheus' annotations. */
export interface QueryResult {
  readonly value: QueryValue;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** A PromQL engine: parse, evaluate, shape the result. Synchronous, so it can run in a worker thread. */
export interface PromQLEngine {
  /** Evaluates `query` at one time (ms). */
  instantQuery(query: string, timeMs: number, options?: QueryOptions): QueryResult;
  /** Evaluates `query` at every step from `startMs` to `endMs`; the expression must give a scalar or an instant vector. */
  rangeQuery(query: string, startMs: number, endMs: number, stepMs: number, options?: QueryOptions): QueryResult;
  /** Parses (and type-checks) without evaluating. */
  parse(query: string): Expr;
}

class Engine implements PromQLEngine {
  constructor(private readonly opts: ResolvedOptions) {}

  parse(query: string): Expr {
    return parsePromQL(query, { experimentalFunctions: this.opts.experimentalFunctions });
  }

  instantQuery(query: string, timeMs: number, options: QueryOptions = {}): QueryResult {
    const expr = this.parse(query);
    const range = evalRange(timeMs, timeMs, 1);
    const { value, annotations } = this.run(expr, query, range, options);
    return { value: instantValue(value, timeMs), warnings: [...annotations.warnings], infos: [...annotations.infos] };
  }

  rangeQuery(query: string, startMs: number, endMs: number, stepMs: number, options: QueryOptions = {}): QueryResult {
    const expr = this.parse(query);
    const t = typeOf(expr);
    if (t !== 'vector' && t !== 'scalar') throw new BadQueryParameterError(`invalid expression type ${JSON.stringify(describeType(t))} for range query, must be Scalar or instant Vector`);
    if (!(stepMs > 0)) throw new BadQueryParameterError('zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (endMs < startMs) throw new BadQueryParameterError('end timestamp must not be before start time');
    if (this.opts.maxRangeMs !== undefined && endMs - startMs > this.opts.maxRangeMs) {
      throw new QueryLimitError('range', `the query time range exceeds the limit (query length: ${formatDuration(endMs - startMs)}, limit: ${formatDuration(this.opts.maxRangeMs)})`);
    }
    const range = evalRange(startMs, endMs, stepMs);
    const { value, annotations } = this.run(expr, query, range, options);
    return { value: rangeValue(value, range), warnings: [...annotations.warnings], infos: [...annotations.infos] };
  }

  private run(expr: Expr, query: string, range: EvalRange, options: QueryOptions): { value: EvalValue; annotations: Annotations } {
    const timeoutMs = options.timeoutMs ?? this.opts.timeoutMs;
    const annotations = new Annotations(query);
    const ctx: EvalContext = {
      reader: this.opts.reader,
      query,
      queryStart: range.start,
      queryEnd: range.end,
      lookbackDeltaMs: options.lookbackDeltaMs ?? this.opts.lookbackDeltaMs,
      noStepSubqueryIntervalMs: this.opts.noStepSubqueryIntervalMs,
      annotations,
      limits: new QueryLimits(this.opts.maxSamples, this.opts.maxSeries, Date.now() + timeoutMs),
    };
    const value = new Evaluator(ctx).eval(expr, range);
    return { value, annotations };
  }
}

function instantValue(value: EvalValue, t: number): QueryValue {
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', t, v: value.values[0]! };
    case 'string':
      return { resultType: 'string', t, v: value.value };
    case 'vector':
      return { resultType: 'vector', result: value.series.map((s) => ({ metric: s.labels, t, v: s.values[0]! })) };
    case 'matrix': {
      const end = windowEnd(value, t);
      const start = end - value.rangeMs;
      const result: SeriesPoints[] = [];
      for (const s of value.series) {
        let lo = 0;
        while (lo < s.t.length && s.t[lo]! <= start) lo++;
        let hi = lo;
        while (hi < s.t.length && s.t[hi]! <= end) hi++;
        if (hi > lo) result.push({ metric: s.labels, t: s.t.subarray(lo, hi), v: s.v.subarray(lo, hi) });
      }
      return { resultType: 'matrix', result };
    }
  }
}

function rangeValue(value: EvalValue, range: EvalRange): QueryValue {
  if (value.type === 'scalar') {
    return { resultType: 'matrix', result: [{ metric: {}, t: Array.from(value.values, (_, i) => stepTime(range, i)), v: value.values }] };
  }
  if (value.type !== 'vector') throw new BadQueryParameterError(`invalid expression type for range query, must be Scalar or instant Vector`);
  const result = value.series.filter((s) => s.steps.length > 0).map((s) => ({ metric: s.labels, t: s.steps.map((i) => stepTime(range, i)), v: s.values }));
  return { resultType: 'matrix', result: sortByLabels(result) };
}

/**
 * Creates a PromQL engine over a metric reader.
 *
 * @example
 * ```ts
 * const engine = createPromQLEngine({ reader: store.metrics });
 * const { value } = engine.instantQuery('sum by (job) (rate(http_requests_total[5m]))', Date.now());
 * ```
 */
export function createPromQLEngine(options: PromQLEngineOptions): PromQLEngine {
  return new Engine(applyEngineDefaults(options));
}
