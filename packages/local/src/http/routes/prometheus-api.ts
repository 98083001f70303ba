import type { Labels } from '../../model/labels.js';
import type { MetricMetadata, SeriesExemplars } from '../../model/metrics.js';
import { ParseError } from '../../query/promql/syntax/errors.js';
import { BadQueryParameterError } from '../../query/promql/eval/errors.js';
import type { EncodedQueryResult } from '../../query/promql/jobs.js';
import { jsonString, labelsJson, timestampJson } from '../../query/promql/result-json.js';
import { formatFloatF } from '../../query/promql/syntax/go-float.js';
import { formatExpr } from '../../query/promql/syntax/printer.js';
import { parsePromQL } from '../../query/promql/syntax/parser.js';
import type { QueryRunner } from '../../query/runner/runner.js';
import { BadRequestError } from '../errors.js';
import type { ErrorFormatter, HttpMethod, HttpResponse, RequestContext, Route } from '../router.js';
import { durationParam, invalidParam, limitParam, matchersParam, MAX_TIME_MS, MIN_TIME_MS, rangeParams, timeParam } from './prometheus-params.js';

/** What `/api/v1/rules` and `/api/v1/alerts` read: the rule manager, when rules are loaded. */
export interface PrometheusRulesApi {
  /** The `data` member of `/api/v1/rules`, already filtered. */
  rules(filter: RulesFilter): unknown;
  /** The `data` member of `/api/v1/alerts`. */
  alerts(): unknown;
}

/** The filters `/api/v1/rules` takes. */
export interface RulesFilter {
  readonly type?: 'alert' | 'record';
  readonly ruleNames: readonly string[];
  readonly groupNames: readonly string[];
  readonly files: readonly string[];
  readonly excludeAlerts: boolean;
}

/** Options of {@link createPrometheusApiRoutes}. */
export interface PrometheusApiOptions {
  /** Where queries run (worker threads on the SQLite store, or inline). */
  readonly runner: QueryRunner;
  /** The rules and alerts, when a rule manager runs. */
  readonly rules?: PrometheusRulesApi;
  /** The clock for default query times (tests pin it). */
  readonly now?: () => number;
  /** Shown by `/api/v1/status/flags`: the engine settings in force. */
  readonly flags?: Readonly<Record<string, string>>;
  /** Shown by `/api/v1/status/config` as its YAML. */
  readonly configYaml?: string;
  /** The srcobs version for `/api/v1/status/buildinfo`. */
  readonly version?: string;
}

const TRUNCATED = 'results truncated due to limit';
const JSON_HEADERS = { 'content-type': 'application/json' } as const;

function success(data: string, warnings: readonly string[] = [], infos: readonly string[] = []): HttpResponse {
  let body = `{"status":"success","data":${data}`;
  if (warnings.length) body += `,"warnings":[${warnings.map(jsonString).join(',')}]`;
  if (infos.length) body += `,"infos":[${infos.map(jsonString).join(',')}]`;
  return { status: 200, headers: JSON_HEADERS, body: `${body}}` };
}

/** Prometheus' error body: `{"status":"error","errorType":"bad_data","error":"..."}`. */
export const formatPrometheusError: ErrorFormatter = (info) => ({
  status: info.status,
  headers: JSON_HEADERS,
  body: `{"status":"error","errorType":${jsonString(info.errorType)},"error":${jsonString(info.message)}}`,
});

/** Errors the engine raises about the query text become Prometheus' `invalid parameter "query"`. */
function queryParamError(error: unknown): unknown {
  if (error instanceof ParseError || error instanceof BadQueryParameterError) return invalidParam('query', error);
  return error;
}

function stringsJson(list: readonly string[]): string {
  return `[${list.map(jsonString).join(',')}]`;
}

function exemplarsJson(list: readonly SeriesExemplars[]): string {
  return `[${list
    .map(
      (s) =>
        `{"seriesLabels":${labelsJson(s.seriesLabels)},"exemplars":[${s.exemplars
          .map((e) => `{"labels":${labelsJson(e.labels)},"value":"${formatFloatF(e.value)}","timestamp":${timestampJson(e.t)}}`)
          .join(',')}]}`,
    )
    .join(',')}]`;
}

function metadataJson(meta: Record<string, MetricMetadata[]>): string {
  return `{${Object.entries(meta)
    .map(([name, list]) => `${jsonString(name)}:[${list.map((m) => `{"type":${jsonString(m.type)},"help":${jsonString(m.help)},"unit":${jsonString(m.unit)}}`).join(',')}]`)
    .join(',')}}`;
}

function nonNegativeInt(form: URLSearchParams, name: string, message: string): number | undefined {
  const v = form.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new BadRequestError(message);
  const n = Number(v);
  return n < 0 ? undefined : n;
}

/**
 * The Prometheus HTTP API of the local stack (`/api/v1/query`, `query_range`, `series`, `labels`,
 * `label/<name>/values`, `metadata`, `query_exemplars`, `rules`, `alerts`, `format_query`,
 * `status/buildinfo|config|flags`), answering with Prometheus' JSON envelope, error types and
 * status codes. Queries run on the query runner, never on the ingest thread.
 *
 * @example
 * ```ts
 * const runner = createQueryRunner({ dataDir: store.dataDir });
 * router.add(...createPrometheusApiRoutes({ runner }));
 * ```
 */
export function createPrometheusApiRoutes(options: PrometheusApiOptions): Route[] {
  const now = options.now ?? Date.now;
  const { runner } = options;
  const route = (method: HttpMethod | HttpMethod[], path: string | RegExp, name: string, handler: (ctx: RequestContext) => Promise<HttpResponse>): Route => ({
    method,
    path,
    name,
    handler,
    formatError: formatPrometheusError,
  });
  const GET_POST: HttpMethod[] = ['GET', 'POST'];

  const query = async (ctx: RequestContext): Promise<HttpResponse> => {
    const form = await ctx.form();
    const time = timeParam(form, 'time', now());
    const timeoutMs = durationParam(form, 'timeout');
    const lookbackDeltaMs = durationParam(form, 'lookback_delta');
    const limit = limitParam(form);
    const params = { query: form.get('query') ?? '', time, timeoutMs, lookbackDeltaMs, limit };
    const r = await runner.run<EncodedQueryResult>('promql.query', params, { timeoutMs, signal: ctx.signal }).catch((e: unknown) => Promise.reject(queryParamError(e)));
    return { status: 200, headers: JSON_HEADERS, body: r.body };
  };

  const queryRange = async (ctx: RequestContext): Promise<HttpResponse> => {
    const form = await ctx.form();
    const { start, end, step } = rangeParams(form);
    const timeoutMs = durationParam(form, 'timeout');
    const lookbackDeltaMs = durationParam(form, 'lookback_delta');
    const limit = limitParam(form);
    const params = { query: form.get('query') ?? '', start, end, step, timeoutMs, lookbackDeltaMs, limit };
    const r = await runner.run<EncodedQueryResult>('promql.query_range', params, { timeoutMs, signal: ctx.signal }).catch((e: unknown) => Promise.reject(queryParamError(e)));
    return { status: 200, headers: JSON_HEADERS, body: r.body };
  };

  const seriesLike = async (ctx: RequestContext, requireMatch: boolean): Promise<{ matchers: ReturnType<typeof matchersParam>; start: number; end: number; limit: number | undefined }> => {
    const form = await ctx.form();
    const match = form.getAll('match[]');
    if (requireMatch && match.length === 0) throw new BadRequestError('no match[] parameter provided');
    const limit = limitParam(form);
    const start = timeParam(form, 'start', MIN_TIME_MS);
    const end = timeParam(form, 'end', MAX_TIME_MS);
    return { matchers: matchersParam(match), start, end, limit };
  };

  return [
    route(GET_POST, '/api/v1/query', '/api/v1/query', query),
    route(GET_POST, '/api/v1/query_range', '/api/v1/query_range', queryRange),
    route(GET_POST, '/api/v1/series', '/api/v1/series', async (ctx) => {
      const p = await seriesLike(ctx, true);
      // Ask one more than the limit to tell whether it truncated.
      const list = await runner.run<Labels[]>('promql.series', { ...p, limit: p.limit ? p.limit + 1 : undefined }, { signal: ctx.signal });
      const shown = p.limit ? list.slice(0, p.limit) : list;
      return success(`[${shown.map(labelsJson).join(',')}]`, list.length > shown.length ? [TRUNCATED] : []);
    }),
    route(GET_POST, '/api/v1/labels', '/api/v1/labels', async (ctx) => {
      const p = await seriesLike(ctx, false);
      const list = await runner.run<string[]>('promql.labels', { ...p, limit: p.limit ? p.limit + 1 : undefined }, { signal: ctx.signal });
      const shown = p.limit ? list.slice(0, p.limit) : list;
      return success(stringsJson(shown), list.length > shown.length ? [TRUNCATED] : []);
    }),
    route('GET', /^\/api\/v1\/label\/(?<name>[^/]+)\/values$/, '/api/v1/label/:name/values', async (ctx) => {
      const name = ctx.params['name'] ?? '';
      if (name === '' || !/^[\p{L}\p{N}_.:-]+$/u.test(name)) throw new BadRequestError(`invalid label name: ${JSON.stringify(name)}`);
      const p = await seriesLike(ctx, false);
      const list = await runner.run<string[]>('promql.label_values', { ...p, name, limit: p.limit ? p.limit + 1 : undefined }, { signal: ctx.signal });
      const shown = p.limit ? list.slice(0, p.limit) : list;
      return success(stringsJson(shown), list.length > shown.length ? [TRUNCATED] : []);
    }),
    route(GET_POST, '/api/v1/query_exemplars', '/api/v1/query_exemplars', async (ctx) => {
      const form = await ctx.form();
      const start = timeParam(form, 'start', MIN_TIME_MS);
      const end = timeParam(form, 'end', MAX_TIME_MS);
      if (end < start) throw new BadRequestError('end timestamp must not be before start timestamp');
      const q = form.get('query') ?? '';
      try {
        parsePromQL(q);
      } catch (error) {
        throw new BadRequestError(error instanceof Error ? error.message : String(error), { cause: error });
      }
      const list = await runner.run<SeriesExemplars[]>('promql.exemplars', { query: q, start, end }, { signal: ctx.signal });
      return success(exemplarsJson(list));
    }),
    route('GET', '/api/v1/metadata', '/api/v1/metadata', async (ctx) => {
      const form = await ctx.form();
      const limit = nonNegativeInt(form, 'limit', 'limit must be a number');
      const limitPerMetric = nonNegativeInt(form, 'limit_per_metric', 'limit_per_metric must be a number');
      const metric = form.get('metric') || undefined;
      const meta = await runner.run<Record<string, MetricMetadata[]>>('promql.metadata', { metric, limit, limitPerMetric }, { signal: ctx.signal });
      return success(metadataJson(meta));
    }),
    route(GET_POST, '/api/v1/format_query', '/api/v1/format_query', async (ctx) => {
      const form = await ctx.form();
      try {
        return success(jsonString(formatExpr(parsePromQL(form.get('query') ?? ''))));
      } catch (error) {
        throw queryParamError(error);
      }
    }),
    route('GET', '/api/v1/rules', '/api/v1/rules', async (ctx) => {
      const form = await ctx.form();
      const type = form.get('type');
      if (type !== null && type !== '' && type !== 'alert' && type !== 'record') throw invalidParam('type', new Error(`not supported value ${JSON.stringify(type)}`));
      const filter: RulesFilter = {
        ...(type === 'alert' || type === 'record' ? { type } : {}),
        ruleNames: form.getAll('rule_name[]'),
        groupNames: form.getAll('rule_group[]'),
        files: form.getAll('file[]'),
        excludeAlerts: form.get('exclude_alerts') === 'true',
      };
      return success(JSON.stringify(options.rules ? options.rules.rules(filter) : { groups: [] }));
    }),
    route('GET', '/api/v1/alerts', '/api/v1/alerts', async () => success(JSON.stringify(options.rules ? options.rules.alerts() : { alerts: [] }))),
    route('GET', '/api/v1/status/buildinfo', '/api/v1/status/buildinfo', async () =>
      success(
        JSON.stringify({
          version: '3.5.0',
          revision: `srcobs-${options.version ?? '0.1.0'}`,
          branch: 'srcobs',
          buildUser: 'srcobs',
          buildDate: '',
          goVersion: 'none (srcobs local stack, Node.js)',
        }),
      ),
    ),
    route('GET', '/api/v1/status/config', '/api/v1/status/config', async () => success(JSON.stringify({ yaml: options.configYaml ?? '' }))),
    route('GET', '/api/v1/status/flags', '/api/v1/status/flags', async () => success(JSON.stringify(options.flags ?? {}))),
  ];
}
