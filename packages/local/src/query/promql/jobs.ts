import type { Labels, LabelMatcher } from '../../model/labels.js';
import type { MetricMetadata, SeriesExemplars } from '../../model/metrics.js';
import type { Job, JobContext } from '../runner/jobs.js';
import { createPromQLEngine, type PromQLEngineOptions, type QueryResult, type QueryValue } from './eval/engine.js';
import { encodeQueryResponse } from './result-json.js';
import { selectorsOf } from './syntax/ast.js';
import { parsePromQL } from './syntax/parser.js';

/** What a query job returns: the whole success body, already encoded (and transferable from a worker). */
export interface EncodedQueryResult {
  readonly body: Uint8Array;
}

/** Parameters of `promql.query` and `promql.query_raw`. */
export interface InstantQueryParams {
  readonly query: string;
  /** Evaluation time, ms. */
  readonly time: number;
  readonly timeoutMs?: number;
  readonly lookbackDeltaMs?: number;
  /** Most series to return (Prometheus 3's `limit`); 0 or unset: all. */
  readonly limit?: number;
}

/** Parameters of `promql.query_range`. */
export interface RangeQueryParams {
  readonly query: string;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly timeoutMs?: number;
  readonly lookbackDeltaMs?: number;
  readonly limit?: number;
}

/** Matcher sets (OR-ed, as `match[]`) over a time range. */
export interface SeriesParams {
  readonly matchers: ReadonlyArray<readonly LabelMatcher[]>;
  readonly start: number;
  readonly end: number;
  readonly limit?: number;
}

/** Parameters of `promql.label_values`. */
export interface LabelValuesParams extends SeriesParams {
  readonly name: string;
}

/** Parameters of `promql.exemplars`: the selectors of `query` pick the series. */
export interface ExemplarParams {
  readonly query: string;
  readonly start: number;
  readonly end: number;
}

/** Parameters of `promql.metadata`. */
export interface MetadataParams {
  readonly metric?: string;
  readonly limit?: number;
  readonly limitPerMetric?: number;
}

const TRUNCATED = 'results truncated due to limit';

function limited(value: QueryValue, limit: number | undefined, warnings: string[]): QueryValue {
  if (!limit || limit <= 0) return value;
  if ((value.resultType === 'vector' || value.resultType === 'matrix') && value.result.length > limit) {
    warnings.push(TRUNCATED);
    return value.resultType === 'vector' ? { resultType: 'vector', result: value.result.slice(0, limit) } : { resultType: 'matrix', result: value.result.slice(0, limit) };
  }
  return value;
}

function encode(result: QueryResult, limit: number | undefined): EncodedQueryResult {
  const warnings = [...result.warnings];
  return { body: encodeQueryResponse(limited(result.value, limit, warnings), warnings, result.infos) };
}

function cap<T>(list: T[], limit: number | undefined): T[] {
  return limit && limit > 0 ? list.slice(0, limit) : list;
}

/**
 * The PromQL jobs for the query runner: the HTTP routes name them, a worker thread (or the
 * calling thread, for the in-memory store) runs them against the store's metric reader.
 */
export function createJobs(ctx: JobContext): Readonly<Record<string, Job>> {
  const engine = createPromQLEngine({ ...(ctx.options as Omit<PromQLEngineOptions, 'reader'>), reader: ctx.metrics });
  const jobs = {
    'promql.query': (p: InstantQueryParams): EncodedQueryResult => encode(engine.instantQuery(p.query, p.time, p), p.limit),
    'promql.query_range': (p: RangeQueryParams): EncodedQueryResult => encode(engine.rangeQuery(p.query, p.start, p.end, p.step, p), p.limit),
    /** The structured result, for callers in the process (rule evaluation) rather than HTTP clients. */
    'promql.query_raw': (p: InstantQueryParams): QueryResult => engine.instantQuery(p.query, p.time, p),
    'promql.series': (p: SeriesParams): Labels[] => cap(ctx.metrics.series(p.matchers, p.start, p.end), p.limit),
    'promql.labels': (p: SeriesParams): string[] => cap(ctx.metrics.labelNames(p.matchers, p.start, p.end), p.limit),
    'promql.label_values': (p: LabelValuesParams): string[] => cap(ctx.metrics.labelValues(p.name, p.matchers, p.start, p.end), p.limit),
    'promql.exemplars': (p: ExemplarParams): SeriesExemplars[] => {
      const sets = selectorsOf(parsePromQL(p.query)).map((vs) => vs.matchers);
      return sets.length ? ctx.metrics.exemplars(sets, p.start, p.end) : [];
    },
    'promql.metadata': (p: MetadataParams): Record<string, MetricMetadata[]> => {
      const all = ctx.metrics.metadata(p.metric, p.limit);
      if (!p.limitPerMetric) return all;
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.slice(0, p.limitPerMetric)]));
    },
  };
  return jobs as unknown as Readonly<Record<string, Job>>;
}
