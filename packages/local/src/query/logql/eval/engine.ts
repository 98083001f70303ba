import type { Labels } from '../../../model/labels.js';
import type { Direction } from '../../../model/logs.js';
import type { LogReader } from '../../../model/store.js';
import type { LogQLExpr, MetricExpr } from '../syntax/ast.js';
import { parseLogQL } from '../syntax/parser.js';
import { formatGoDuration } from '../syntax/printer.js';
import { QueryContext, type QueryStats } from './context.js';
import { LogQLBadRequestError, LogQLLimitError } from './errors.js';
import { selectLogs, type LogStream } from './log-select.js';
import { evalMetric } from './metric-eval.js';
import { compareLabels, stepTimeNs, type StepGrid } from './vector.js';

/** Prometheus' and Loki's cap on points per series of a range query. */
const MAX_POINTS_PER_SERIES = 11_000;

/** Options of {@link createLogQLEngine}; Loki's defaults where the limit is Loki's. */
export interface LogQLEngineOptions {
  /** Where lines come from (a store's `logs`, possibly opened read-only in a worker). */
  readonly reader: LogReader;
  /** Largest `limit` a log query may ask for (Loki `max_entries_limit_per_query`). Default 5000. */
  readonly maxEntriesLimitPerQuery?: number;
  /** Most series a metric query may return (Loki `max_query_series`). Default 500. */
  readonly maxQuerySeries?: number;
  /** Longest `end - start` (Loki `max_query_length`). Default 721h. */
  readonly maxQueryLengthMs?: number;
  /** Per-query time limit (Loki `query_timeout`). Default 1m. */
  readonly timeoutMs?: number;
  /** Most bytes a query may read (Loki `max_query_bytes_read`); 0 is unlimited. Default 0. */
  readonly maxQueryBytesRead?: number;
}

/** The engine's limits with every default filled in. */
export type LogQLLimits = Required<Omit<LogQLEngineOptions, 'reader'>>;

/** Fills in the defaults of {@link LogQLEngineOptions}' limits; all of them live here. */
export function applyLogQLDefaults(o: Omit<LogQLEngineOptions, 'reader'> = {}): LogQLLimits {
  return {
    maxEntriesLimitPerQuery: o.maxEntriesLimitPerQuery ?? 5000,
    maxQuerySeries: o.maxQuerySeries ?? 500,
    maxQueryLengthMs: o.maxQueryLengthMs ?? 721 * 3_600_000,
    timeoutMs: o.timeoutMs ?? 60_000,
    maxQueryBytesRead: o.maxQueryBytesRead ?? 0,
  };
}

/** A range query: `query_range`'s parameters, decoded. Times are nanoseconds. */
export interface RangeQueryParams {
  readonly query: string;
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Metric queries: evaluation step. */
  readonly stepNs: bigint;
  /** Log queries: at most one line per interval (0: all lines). */
  readonly intervalNs?: bigint;
  readonly limit: number;
  readonly direction: Direction;
  /** Log queries: group by stream labels, metadata and parsed labels per line (`categorize-labels`). */
  readonly categorize?: boolean;
  readonly signal?: AbortSignal;
}

/** An instant query at one time (ns). */
export interface InstantQueryParams {
  readonly query: string;
  readonly timeNs: bigint;
  readonly limit: number;
  readonly direction: Direction;
  readonly signal?: AbortSignal;
}

/** A vector sample as the API returns it (time in ms). */
export interface VectorSample {
  readonly metric: Labels;
  readonly t: number;
  readonly v: number;
}

/** A matrix series as the API returns it (`[ms, value]` points). */
export interface MatrixSeries {
  readonly metric: Labels;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** A query's value in the four shapes of Loki's API. */
export type LogQLValue =
  | { readonly resultType: 'streams'; readonly result: readonly LogStream[] }
  | { readonly resultType: 'vector'; readonly result: readonly VectorSample[] }
  | { readonly resultType: 'matrix'; readonly result: readonly MatrixSeries[] }
  | { readonly resultType: 'scalar'; readonly t: number; readonly v: number };

/** A query's value with what Loki reports about it. */
export interface LogQLResult {
  readonly value: LogQLValue;
  readonly stats: QueryStats;
  /** Wall time spent executing, seconds. */
  readonly execSeconds: number;
}

/** A LogQL engine over a log reader: parse, evaluate, shape. Synchronous, so it can run in a worker. */
export interface LogQLEngine {
  /** `query_range`: a log query (streams) or a metric query (matrix). */
  rangeQuery(params: RangeQueryParams): LogQLResult;
  /** `query`: a metric query at one time (vector or scalar). Log queries are refused, as by Loki 3. */
  instantQuery(params: InstantQueryParams): LogQLResult;
  /** Parses (and checks) without evaluating. */
  parse(query: string): LogQLExpr;
}

function sortable(e: MetricExpr): boolean {
  switch (e.kind) {
    case 'vector_agg':
      return e.op === 'sort' || e.op === 'sort_desc' || sortable(e.expr);
    case 'binary':
      return sortable(e.lhs) || sortable(e.rhs);
    case 'label_replace':
      return sortable(e.expr);
    default:
      return false;
  }
}

function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

class Engine implements LogQLEngine {
  constructor(
    private readonly reader: LogReader,
    private readonly o: LogQLLimits,
  ) {}

  parse(query: string): LogQLExpr {
    return parseLogQL(query);
  }

  private context(query: string, signal: AbortSignal | undefined): QueryContext {
    return new QueryContext(query, Date.now() + this.o.timeoutMs, this.o.maxQueryBytesRead, signal);
  }

  private checkLength(startNs: bigint, endNs: bigint): void {
    const lengthMs = Number((endNs - startNs) / 1_000_000n);
    if (lengthMs > this.o.maxQueryLengthMs) {
      throw new LogQLLimitError('range', `the query time range exceeds the limit (query length: ${formatGoDuration(lengthMs * 1e6)}, limit: ${formatGoDuration(this.o.maxQueryLengthMs * 1e6)})`);
    }
  }

  private checkLimit(limit: number): void {
    if (limit > this.o.maxEntriesLimitPerQuery) {
      throw new LogQLLimitError('entries', `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${this.o.maxEntriesLimitPerQuery})`);
    }
  }

  private seriesLimit(): LogQLLimitError {
    return new LogQLLimitError(
      'series',
      `maximum number of series (${this.o.maxQuerySeries}) reached for a single query; consider reducing query cardinality by adding more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()`,
    );
  }

  rangeQuery(p: RangeQueryParams): LogQLResult {
    const started = performance.now();
    const expr = this.parse(p.query);
    if (p.endNs < p.startNs) throw new LogQLBadRequestError('end timestamp must not be before or equal to start time');
    this.checkLength(p.startNs, p.endNs);
    const ctx = this.context(p.query, p.signal);
    if (expr.kind === 'log') {
      this.checkLimit(p.limit);
      const streams = selectLogs(ctx, this.reader, expr, {
        startNs: p.startNs,
        endNs: p.endNs,
        limit: p.limit,
        direction: p.direction,
        intervalNs: p.intervalNs ?? 0n,
        categorize: p.categorize ?? false,
      });
      return { value: { resultType: 'streams', result: streams }, stats: ctx.stats, execSeconds: (performance.now() - started) / 1000 };
    }
    if (p.stepNs <= 0n) throw new LogQLBadRequestError('zero or negative query resolution step widths are not accepted. Try a positive integer');
    const steps = Number((p.endNs - p.startNs) / p.stepNs) + 1;
    if (steps > MAX_POINTS_PER_SERIES) throw new LogQLBadRequestError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    const grid: StepGrid = { startNs: p.startNs, stepNs: p.stepNs, steps };
    const vectors = expr.kind === 'literal' ? Array.from({ length: steps }, () => [{ labels: {}, key: '', v: expr.value }]) : evalMetric(ctx, this.reader, expr, grid);
    const series = new Map<string, { metric: Labels; points: Array<[number, number]> }>();
    vectors.forEach((vec, i) => {
      const t = nsToMs(stepTimeNs(grid, i));
      for (const s of vec) {
        let e = series.get(s.key);
        if (!e) {
          series.set(s.key, (e = { metric: s.labels, points: [] }));
          if (series.size > this.o.maxQuerySeries) throw this.seriesLimit();
        }
        e.points.push([t, s.v]);
      }
    });
    const result = [...series.values()].sort((a, b) => compareLabels(a.metric, b.metric));
    return { value: { resultType: 'matrix', result }, stats: ctx.stats, execSeconds: (performance.now() - started) / 1000 };
  }

  instantQuery(p: InstantQueryParams): LogQLResult {
    const started = performance.now();
    const expr = this.parse(p.query);
    if (expr.kind === 'log') throw new LogQLBadRequestError('log queries are not supported as an instant query type, please change your query to a range query type');
    const t = nsToMs(p.timeNs);
    if (expr.kind === 'literal') return { value: { resultType: 'scalar', t, v: expr.value }, stats: this.context(p.query, p.signal).stats, execSeconds: (performance.now() - started) / 1000 };
    const ctx = this.context(p.query, p.signal);
    const [vec] = evalMetric(ctx, this.reader, expr, { startNs: p.timeNs, stepNs: 0n, steps: 1 });
    if (vec!.length > this.o.maxQuerySeries) throw this.seriesLimit();
    const result = vec!.map((s) => ({ metric: s.labels, t, v: s.v }));
    if (!sortable(expr)) result.sort((a, b) => compareLabels(a.metric, b.metric));
    return { value: { resultType: 'vector', result }, stats: ctx.stats, execSeconds: (performance.now() - started) / 1000 };
  }
}

/**
 * Creates a LogQL engine over a log reader, with Loki 3's semantics and limits.
 *
 * @example
 * ```ts
 * const engine = createLogQLEngine({ reader: store.logs });
 * const now = BigInt(Date.now()) * 1_000_000n;
 * engine.rangeQuery({ query: '{app="api"} |= "error"', startNs: now - 3_600_000_000_000n, endNs: now, stepNs: 60_000_000_000n, limit: 100, direction: 'backward' });
 * ```
 */
export function createLogQLEngine(options: LogQLEngineOptions): LogQLEngine {
  return new Engine(options.reader, applyLogQLDefaults(options));
}
