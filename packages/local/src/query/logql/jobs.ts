import type { LabelMatcher } from '../../model/labels.js';
import type { Direction } from '../../model/logs.js';
import type { Job, JobContext } from '../runner/jobs.js';
import { QueryContext } from './eval/context.js';
import { applyLogQLDefaults, createLogQLEngine, type LogQLEngineOptions, type LogQLValue } from './eval/engine.js';
import { LogQLBadRequestError } from './eval/errors.js';
import type { LogStream } from './eval/log-select.js';
import { compareLabels } from './eval/vector.js';
import { detectFields, detectLabels } from './loki/detected.js';
import { indexStats, seriesOf, volume, volumeGroups } from './loki/index-queries.js';
import { queryResponseJson, statsObject } from './loki/encode.js';
import { jsonString, labelsJson } from '../promql/result-json.js';
import { formatFloat } from './syntax/printer.js';
import { parseLogQL } from './syntax/parser.js';

/** Nanosecond times travel as decimal strings (they exceed 2^53). */
export interface LokiRangeJobParams {
  readonly query: string;
  readonly startNs: string;
  readonly endNs: string;
  readonly stepNs: string;
  readonly intervalNs?: string;
  readonly limit: number;
  readonly direction: Direction;
  readonly categorize?: boolean;
}

export interface LokiInstantJobParams {
  readonly query: string;
  readonly timeNs: string;
  readonly limit: number;
  readonly direction: Direction;
  readonly categorize?: boolean;
}

export interface LokiWindowJobParams {
  readonly startNs: string;
  readonly endNs: string;
}

export interface LokiLabelsJobParams extends LokiWindowJobParams {
  /** A selector narrowing the streams (Loki's `query` parameter), or empty. */
  readonly query?: string;
  /** Set for `/label/<name>/values`. */
  readonly name?: string;
}

export interface LokiSeriesJobParams extends LokiWindowJobParams {
  readonly match: readonly string[];
}

export interface LokiVolumeJobParams extends LokiWindowJobParams {
  readonly query: string;
  readonly limit: number;
  readonly targetLabels: readonly string[];
  /** Set for `/index/volume_range`: one point per step. */
  readonly stepNs?: string;
}

export interface LokiTailJobParams extends LokiWindowJobParams {
  readonly query: string;
  readonly limit: number;
  readonly categorize: boolean;
}

export interface LokiDetectedJobParams extends LokiWindowJobParams {
  readonly query: string;
  /** Lines to look at (Loki's `line_limit`). */
  readonly lineLimit: number;
  /** Most fields to return. */
  readonly limit: number;
}

/** The lines a tail poll found, oldest first. */
export interface TailJobResult {
  readonly streams: readonly LogStream[];
}

/** The matchers of a selector-only query (`/labels?query=`, `/series?match[]=`, index queries). */
export function selectorMatchers(query: string): LabelMatcher[] {
  const expr = parseLogQL(query);
  if (expr.kind !== 'log') throw new LogQLBadRequestError(`only a stream selector is allowed here, got a metric query: ${query}`);
  return [...expr.matchers];
}

function ok(data: string): string {
  return `{"status":"success","data":${data}}`;
}

/**
 * The LogQL/Loki jobs the query runner loads in its workers: `logql.query_range`, `logql.query`
 * (encoded Loki answers), `logql.query_raw` (values for the ruler), `logql.labels`,
 * `logql.series`, `logql.index_stats`, `logql.volume`, `logql.detected_fields`,
 * `logql.detected_labels`, and `logql.tail` / `logql.tail_last` (the
 * live tail's polls and its first batch). Options: the fields of
 * {@link LogQLEngineOptions} other than the reader.
 */
export function createJobs(ctx: JobContext): Readonly<Record<string, Job>> {
  const options = ctx.options as Omit<LogQLEngineOptions, 'reader'>;
  const engine = createLogQLEngine({ ...options, reader: ctx.logs });
  const limits = applyLogQLDefaults(options);
  const reader = ctx.logs;
  const context = (query: string): QueryContext => new QueryContext(query, Date.now() + limits.timeoutMs, limits.maxQueryBytesRead);
  return {
    'logql.query_range': ((p: LokiRangeJobParams) => {
      const r = engine.rangeQuery({
        query: p.query,
        startNs: BigInt(p.startNs),
        endNs: BigInt(p.endNs),
        stepNs: BigInt(p.stepNs),
        intervalNs: BigInt(p.intervalNs ?? '0'),
        limit: p.limit,
        direction: p.direction,
        categorize: p.categorize ?? false,
      });
      return queryResponseJson(r, p.categorize ?? false);
    }) as Job,
    'logql.query': ((p: LokiInstantJobParams) => queryResponseJson(engine.instantQuery({ query: p.query, timeNs: BigInt(p.timeNs), limit: p.limit, direction: p.direction }), p.categorize ?? false)) as Job,
    'logql.query_raw': ((p: { query: string; timeMs: number }): { value: LogQLValue } => ({
      value: engine.instantQuery({ query: p.query, timeNs: BigInt(p.timeMs) * 1_000_000n, limit: 100, direction: 'backward' }).value,
    })) as Job,
    'logql.labels': ((p: LokiLabelsJobParams) => {
      const matchers = p.query ? selectorMatchers(p.query) : [];
      const start = BigInt(p.startNs);
      const end = BigInt(p.endNs);
      const values = p.name !== undefined ? reader.labelValues(p.name, start, end, matchers) : reader.labelNames(start, end, matchers);
      return ok(`[${values.map(jsonString).join(',')}]`);
    }) as Job,
    'logql.series': ((p: LokiSeriesJobParams) => {
      const sets = p.match.map(selectorMatchers);
      const series = seriesOf(context(p.match.join(' or ')), reader, sets, BigInt(p.startNs), BigInt(p.endNs));
      return ok(`[${series.map(labelsJson).join(',')}]`);
    }) as Job,
    'logql.index_stats': ((p: LokiLabelsJobParams) => {
      const q = p.query ?? '';
      return JSON.stringify(indexStats(context(q), reader, selectorMatchers(q), BigInt(p.startNs), BigInt(p.endNs)));
    }) as Job,
    'logql.volume': ((p: LokiVolumeJobParams) => {
      const started = performance.now();
      const matchers = selectorMatchers(p.query);
      const groups = volumeGroups(matchers, p.targetLabels);
      const start = BigInt(p.startNs);
      const end = BigInt(p.endNs);
      const ctxq = context(p.query);
      const stats = (): string => JSON.stringify(statsObject(ctxq.stats, (performance.now() - started) / 1000));
      if (p.stepNs === undefined) {
        const [vec] = volume(ctxq, reader, matchers, groups, { startNs: end, stepNs: 0n, steps: 1 }, end - start);
        const top = [...vec!].sort((a, b) => b.v - a.v || compareLabels(a.labels, b.labels)).slice(0, p.limit);
        const t = formatFloat(Number(end / 1_000_000n) / 1000);
        return ok(`{"resultType":"vector","result":[${top.map((s) => `{"metric":${labelsJson(s.labels)},"value":[${t},"${formatFloat(s.v)}"]}`).join(',')}],"stats":${stats()}}`);
      }
      const step = BigInt(p.stepNs);
      const steps = Number((end - start) / step) + 1;
      const vectors = volume(ctxq, reader, matchers, groups, { startNs: start, stepNs: step, steps }, step);
      const series = new Map<string, { labels: Record<string, string>; total: number; points: string[] }>();
      vectors.forEach((vec, i) => {
        const t = formatFloat(Number((start + BigInt(i) * step) / 1_000_000n) / 1000);
        for (const s of vec) {
          let e = series.get(s.key);
          if (!e) series.set(s.key, (e = { labels: { ...s.labels }, total: 0, points: [] }));
          e.total += s.v;
          e.points.push(`[${t},"${formatFloat(s.v)}"]`);
        }
      });
      const top = [...series.values()].sort((a, b) => b.total - a.total || compareLabels(a.labels, b.labels)).slice(0, p.limit);
      return ok(`{"resultType":"matrix","result":[${top.map((s) => `{"metric":${labelsJson(s.labels)},"values":[${s.points.join(',')}]}`).join(',')}],"stats":${stats()}}`);
    }) as Job,
    'logql.tail': ((p: LokiTailJobParams): TailJobResult => {
      const r = engine.rangeQuery({ query: p.query, startNs: BigInt(p.startNs), endNs: BigInt(p.endNs), stepNs: 1n, limit: p.limit, direction: 'forward', categorize: p.categorize });
      if (r.value.resultType !== 'streams') throw new LogQLBadRequestError('tail needs a log query (a selector and a pipeline), not a metric query');
      return { streams: r.value.result };
    }) as Job,
    'logql.detected_fields': ((p: LokiDetectedJobParams) => {
      const r = engine.rangeQuery({ query: p.query, startNs: BigInt(p.startNs), endNs: BigInt(p.endNs), stepNs: 1n, limit: Math.min(p.lineLimit, limits.maxEntriesLimitPerQuery), direction: 'backward', categorize: true });
      if (r.value.resultType !== 'streams') throw new LogQLBadRequestError('detected_fields needs a log query (a selector and a pipeline), not a metric query');
      return JSON.stringify({ fields: detectFields(r.value.result, p.limit), limit: p.limit });
    }) as Job,
    'logql.detected_labels': ((p: LokiLabelsJobParams) => {
      const q = p.query ?? '';
      const matchers = q ? selectorMatchers(q) : [];
      return JSON.stringify({ detectedLabels: detectLabels(context(q), reader, matchers, BigInt(p.startNs), BigInt(p.endNs)) });
    }) as Job,
    'logql.tail_last': ((p: LokiTailJobParams): TailJobResult => {
      const r = engine.rangeQuery({ query: p.query, startNs: BigInt(p.startNs), endNs: BigInt(p.endNs), stepNs: 1n, limit: p.limit, direction: 'backward', categorize: p.categorize });
      if (r.value.resultType !== 'streams') throw new LogQLBadRequestError('tail needs a log query (a selector and a pipeline), not a metric query');
      return { streams: r.value.result.map((s) => ({ labels: s.labels, values: [...s.values].reverse() })) };
    }) as Job,
  };
}

/** The URL the query runner imports to load these jobs in its workers. */
export const LOGQL_JOB_MODULE: string = import.meta.url;
