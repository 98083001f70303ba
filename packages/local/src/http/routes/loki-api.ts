import { QueryTimeoutError } from '../../model/errors.js';
import { applyLogQLDefaults, type LogQLEngineOptions } from '../../query/logql/eval/engine.js';
import { LogQLBadRequestError, LogQLTimeoutError } from '../../query/logql/eval/errors.js';
import type { LokiDetectedJobParams, LokiInstantJobParams, LokiLabelsJobParams, LokiRangeJobParams, LokiSeriesJobParams, LokiVolumeJobParams } from '../../query/logql/jobs.js';
import { CATEGORIZE_LABELS } from '../../query/logql/loki/encode.js';
import { parseLogQL } from '../../query/logql/syntax/parser.js';
import { formatLogQL } from '../../query/logql/syntax/printer.js';
import { jsonString } from '../../query/promql/result-json.js';
import type { QueryRunner } from '../../query/runner/runner.js';
import type { LokiRuler } from '../../rules/loki/loki-ruler.js';
import type { ErrorFormatter, HttpMethod, HttpResponse, RequestContext, Route } from '../router.js';
import { MAX_POINTS, boundsParams, instantQueryParams, limitParam, parseSecondsOrDuration, queryParam, rangeQueryParams } from './loki-params.js';
import { createLokiTail, type LokiTail } from './loki-tail.js';

/** Options of {@link createLokiApi}. */
export interface LokiApiOptions {
  /** Where queries run; it must load `LOGQL_JOB_MODULE` with the same engine options. */
  readonly runner: QueryRunner;
  /** The engine limits the jobs use (the timeout also bounds each job on the runner). */
  readonly engine?: Omit<LogQLEngineOptions, 'reader'>;
  /** The Loki ruler, when rule files are loaded. */
  readonly ruler?: LokiRuler;
  /** The clock for default times (tests pin it). */
  readonly now?: () => number;
  /** How often a live tail polls for new lines (ms). */
  readonly tailPollMs?: number;
}

/** The routes and the live tails to close when the server stops. */
export interface LokiApi {
  readonly routes: Route[];
  readonly tail: LokiTail;
}

/** The Loki version the API answers as (Grafana picks features by it). */
export const LOKI_VERSION = '3.4.2';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8' } as const;
const GET_POST: readonly HttpMethod[] = ['GET', 'POST'];

/** Loki writes errors as plain text with the status of its error table (`serverutil.WriteError`). */
export const formatLokiError: ErrorFormatter = (info) => ({ status: info.status, headers: TEXT_HEADERS, body: info.message });

function json(body: string): HttpResponse {
  return { status: 200, headers: JSON_HEADERS, body };
}

function categorize(ctx: RequestContext): boolean {
  return String(ctx.req.headers['x-loki-response-encoding-flags'] ?? '')
    .split(',')
    .map((f) => f.trim())
    .includes(CATEGORIZE_LABELS);
}

/** Runs a job, turning the runner's own timeout (queue wait, a stuck worker) into Loki's 504. */
async function runJob<T>(runner: QueryRunner, job: string, params: object, timeoutMs: number, ctx: RequestContext): Promise<T> {
  try {
    return await runner.run<T>(job, params as Record<string, unknown>, { timeoutMs, signal: ctx.signal });
  } catch (error) {
    if (error instanceof QueryTimeoutError) throw new LogQLTimeoutError(undefined, { cause: error });
    throw error;
  }
}

/**
 * The Loki HTTP API of the local stack, as Grafana's Loki data source and logcli call it:
 * `/loki/api/v1/query` and `/query_range` (GET, or POST with a form), `/labels`,
 * `/label/<name>/values`, `/series`, `/index/stats`, `/index/volume`, `/index/volume_range`,
 * `/detected_fields`, `/detected_labels`, `/tail` (WebSocket), `/status/buildinfo`, `/format_query`, and the ruler's `/loki/api/v1/rules`,
 * `/prometheus/api/v1/rules` and `/prometheus/api/v1/alerts`. Queries run on the query runner.
 *
 * @example
 * ```ts
 * const runner = createQueryRunner({ dataDir, modules: [{ url: PROMQL_JOB_MODULE }, { url: LOGQL_JOB_MODULE }] });
 * const loki = createLokiApi({ runner });
 * router.add(...loki.routes);
 * ```
 */
export function createLokiApi(options: LokiApiOptions): LokiApi {
  const { runner } = options;
  const limits = applyLogQLDefaults(options.engine);
  const now = options.now ?? Date.now;
  const nowNs = (): bigint => BigInt(now()) * 1_000_000n;
  const run = <T>(job: string, params: object, ctx: RequestContext): Promise<T> => runJob<T>(runner, job, params, limits.timeoutMs, ctx);
  const route = (method: HttpMethod | readonly HttpMethod[], path: string | RegExp, name: string, handler: (ctx: RequestContext) => Promise<HttpResponse>): Route => ({ method, path, name, handler, formatError: formatLokiError });
  const window = (q: URLSearchParams): { startNs: string; endNs: string } => {
    const b = boundsParams(q, nowNs());
    return { startNs: b.startNs.toString(), endNs: b.endNs.toString() };
  };

  const queryRange = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const p = rangeQueryParams(q, nowNs());
    const params: LokiRangeJobParams = {
      query: queryParam(q),
      startNs: p.startNs.toString(),
      endNs: p.endNs.toString(),
      stepNs: p.stepNs.toString(),
      intervalNs: p.intervalNs.toString(),
      limit: p.limit,
      direction: p.direction,
      categorize: categorize(ctx),
    };
    return json(await run<string>('logql.query_range', params, ctx));
  };

  const query = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const p = instantQueryParams(q, nowNs());
    const params: LokiInstantJobParams = { query: queryParam(q), timeNs: p.timeNs.toString(), limit: p.limit, direction: p.direction, categorize: categorize(ctx) };
    return json(await run<string>('logql.query', params, ctx));
  };

  const labels = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const name = ctx.params['name'];
    const params: LokiLabelsJobParams = { ...window(q), ...(q.get('query') ? { query: q.get('query')! } : {}), ...(name !== undefined ? { name } : {}) };
    return json(await run<string>('logql.labels', params, ctx));
  };

  const series = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const match = [...q.getAll('match[]'), ...q.getAll('match')].filter((m) => m !== '');
    const params: LokiSeriesJobParams = { ...window(q), match };
    return json(await run<string>('logql.series', params, ctx));
  };

  const indexStats = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const params: LokiLabelsJobParams = { ...window(q), query: queryParam(q) };
    return json(await run<string>('logql.index_stats', params, ctx));
  };

  const volume = (ranged: boolean) => async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const w = boundsParams(q, nowNs());
    const aggregateBy = q.get('aggregateBy') ?? 'series';
    if (aggregateBy !== 'series' && aggregateBy !== 'labels') throw new LogQLBadRequestError(`invalid aggregateBy ${JSON.stringify(aggregateBy)}: use series or labels`);
    const targetLabels = (q.get('targetLabels') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    let stepNs: bigint | undefined;
    if (ranged) {
      const stepText = q.get('step');
      stepNs = stepText ? parseSecondsOrDuration(stepText, 'step') : BigInt(Math.max(Math.floor(Number((w.endNs - w.startNs) / 1_000_000n) / 1000 / 250), 1)) * 1_000_000_000n;
      if (stepNs <= 0n) throw new LogQLBadRequestError('zero or negative query resolution step widths are not accepted. Try a positive integer');
      // As for query_range: one point per step, so the step bounds the answer's size.
      if ((w.endNs - w.startNs) / stepNs > BigInt(MAX_POINTS)) throw new LogQLBadRequestError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    const params: LokiVolumeJobParams = { startNs: w.startNs.toString(), endNs: w.endNs.toString(), query: queryParam(q), limit: limitParam(q), targetLabels, ...(stepNs !== undefined ? { stepNs: stepNs.toString() } : {}) };
    return json(await run<string>('logql.volume', params, ctx));
  };

  const detectedFields = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const positive = (name: string, def: number): number => {
      const text = q.get(name);
      if (text === null || text === '') return def;
      const n = Number(text);
      if (!Number.isInteger(n) || n <= 0) throw new LogQLBadRequestError(`${name} must be a positive integer`);
      return n;
    };
    const params: LokiDetectedJobParams = { ...window(q), query: queryParam(q), lineLimit: positive('line_limit', 1000), limit: positive('limit', 1000) };
    return json(await run<string>('logql.detected_fields', params, ctx));
  };

  const detectedLabels = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    const params: LokiLabelsJobParams = { ...window(q), query: queryParam(q) };
    return json(await run<string>('logql.detected_labels', params, ctx));
  };

  const formatQuery = async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = await ctx.form();
    return json(`{"status":"success","data":${jsonString(formatLogQL(parseLogQL(queryParam(q))))}}`);
  };

  const buildinfo = async (): Promise<HttpResponse> =>
    json(JSON.stringify({ version: LOKI_VERSION, revision: 'srcobs', branch: 'srcobs', buildUser: 'srcobs', buildDate: '', goVersion: `node${process.versions.node}` }));

  const rulesFilter = (q: URLSearchParams) => {
    const type = q.get('type');
    if (type !== null && type !== '' && type !== 'alert' && type !== 'record') throw new LogQLBadRequestError(`unsupported rule type ${JSON.stringify(type)}: use alert or record`);
    return {
      ...(type ? { type: type as 'alert' | 'record' } : {}),
      ruleNames: q.getAll('rule_name[]'),
      groupNames: q.getAll('rule_group[]'),
      files: q.getAll('file[]'),
      excludeAlerts: q.get('exclude_alerts') === 'true',
    };
  };
  const noRuler = (): HttpResponse => ({ status: 404, headers: TEXT_HEADERS, body: 'no rule groups found' });
  const lokiRules = async (ctx: RequestContext): Promise<HttpResponse> => {
    const yaml = options.ruler?.rulesYaml(ctx.params['namespace'], ctx.params['group']);
    if (yaml === undefined) return noRuler();
    return { status: 200, headers: { 'content-type': 'application/yaml' }, body: yaml };
  };
  const promRules = async (ctx: RequestContext): Promise<HttpResponse> => json(JSON.stringify({ status: 'success', data: options.ruler ? options.ruler.rules(rulesFilter(ctx.url.searchParams)) : { groups: [] } }));
  const promAlerts = async (): Promise<HttpResponse> => json(JSON.stringify({ status: 'success', data: options.ruler ? options.ruler.alerts() : { alerts: [] } }));

  const tail = createLokiTail({ runner, timeoutMs: limits.timeoutMs, now, ...(options.tailPollMs !== undefined ? { pollIntervalMs: options.tailPollMs } : {}) });
  const routes: Route[] = [
    route(GET_POST, '/loki/api/v1/query_range', '/loki/api/v1/query_range', queryRange),
    route(GET_POST, '/loki/api/v1/query', '/loki/api/v1/query', query),
    route(GET_POST, '/loki/api/v1/labels', '/loki/api/v1/labels', labels),
    route(GET_POST, '/loki/api/v1/label', '/loki/api/v1/labels', labels),
    route('GET', /^\/loki\/api\/v1\/label\/(?<name>[^/]+)\/values$/, '/loki/api/v1/label/:name/values', labels),
    route(GET_POST, '/loki/api/v1/series', '/loki/api/v1/series', series),
    route(GET_POST, '/loki/api/v1/index/stats', '/loki/api/v1/index/stats', indexStats),
    route(GET_POST, '/loki/api/v1/index/volume', '/loki/api/v1/index/volume', volume(false)),
    route(GET_POST, '/loki/api/v1/index/volume_range', '/loki/api/v1/index/volume_range', volume(true)),
    route(GET_POST, '/loki/api/v1/detected_fields', '/loki/api/v1/detected_fields', detectedFields),
    route(GET_POST, '/loki/api/v1/detected_labels', '/loki/api/v1/detected_labels', detectedLabels),
    route(GET_POST, '/loki/api/v1/format_query', '/loki/api/v1/format_query', formatQuery),
    route('GET', '/loki/api/v1/status/buildinfo', '/loki/api/v1/status/buildinfo', buildinfo),
    route('GET', '/loki/api/v1/rules', '/loki/api/v1/rules', lokiRules),
    route('GET', /^\/loki\/api\/v1\/rules\/(?<namespace>[^/]+)$/, '/loki/api/v1/rules/:namespace', lokiRules),
    route('GET', /^\/loki\/api\/v1\/rules\/(?<namespace>[^/]+)\/(?<group>[^/]+)$/, '/loki/api/v1/rules/:namespace/:group', lokiRules),
    route('GET', '/prometheus/api/v1/rules', '/prometheus/api/v1/rules', promRules),
    route('GET', '/prometheus/api/v1/alerts', '/prometheus/api/v1/alerts', promAlerts),
    { ...tail.route, formatError: formatLokiError },
  ];
  return { routes, tail };
}
