import { applyTraceQLDefaults, type TraceQLLimits } from '../../query/traceql/eval/engine.js';
import type { SearchJobParams, TagNamesJobParams, TagValuesJobParams, TraceFormat, TraceJobParams, TraceJobResult } from '../../query/traceql/jobs.js';
import { TraceQLParseError } from '../../query/traceql/syntax/errors.js';
import { parseSearchParams, timeWindow } from '../../query/traceql/tempo/search-params.js';
import { parseTraceIdParam } from '../../query/traceql/tempo/trace-id.js';
import type { QueryRunner } from '../../query/runner/runner.js';
import type { ErrorFormatter, HttpResponse, RequestContext, Route } from '../router.js';

/** Options of {@link createTempoApiRoutes}. */
export interface TempoApiOptions {
  /** Where queries run (worker threads on the SQLite store, or inline); it must load `TRACEQL_JOB_MODULE`. */
  readonly runner: QueryRunner;
  /** The limits the jobs run with (the range check happens here, before a job is queued). */
  readonly limits?: Partial<TraceQLLimits>;
  /** The srcobs version for `/api/status/buildinfo`. */
  readonly version?: string;
}

/** The Tempo version the API answers as: the query features it implements are Tempo 2.x's. */
const TEMPO_VERSION = '2.6.0';
const JSON_HEADERS = { 'content-type': 'application/json' } as const;
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8' } as const;

/** Tempo answers errors as Go's `http.Error`: the message as plain text, parse errors prefixed `invalid TraceQL query: `. */
export const formatTempoError: ErrorFormatter = (info) => ({
  status: info.status,
  headers: TEXT_HEADERS,
  body: `${info.cause instanceof TraceQLParseError ? 'invalid TraceQL query: ' : ''}${info.message}\n`,
});

function json(body: string): HttpResponse {
  return { status: 200, headers: JSON_HEADERS, body };
}

function windowParams(w: { startNs?: bigint; endNs?: bigint }): { startNs?: string; endNs?: string } {
  return { ...(w.startNs !== undefined ? { startNs: w.startNs.toString() } : {}), ...(w.endNs !== undefined ? { endNs: w.endNs.toString() } : {}) };
}

/** Grafana's Tempo data source asks for protobuf; browsers and curl get JSON. */
function wantsProtobuf(ctx: RequestContext): boolean {
  return /application\/protobuf/i.test(String(ctx.req.headers['accept'] ?? ''));
}

/**
 * The Tempo HTTP API of the local stack, as Grafana's Tempo data source calls it:
 * `/api/traces/<id>` and `/api/v2/traces/<id>` (OTLP JSON, or protobuf when `Accept` asks),
 * `/api/search` (TraceQL `q` or `tags`), `/api/search/tags`, `/api/v2/search/tags`,
 * `/api/search/tag/<tag>/values`, `/api/v2/search/tag/<tag>/values`, `/api/echo` and
 * `/api/status/buildinfo`. Every read runs on the query runner, never on the ingest thread.
 *
 * @example
 * ```ts
 * const runner = createQueryRunner({ dataDir, modules: [{ url: PROMQL_JOB_MODULE }, { url: TRACEQL_JOB_MODULE }] });
 * router.add(...createTempoApiRoutes({ runner }));
 * ```
 */
export function createTempoApiRoutes(options: TempoApiOptions): Route[] {
  const { runner } = options;
  const limits = applyTraceQLDefaults(options.limits);
  // The job checks its own deadline; the runner's limit is the backstop for a stuck worker.
  const run = <T>(job: string, params: object, ctx: RequestContext): Promise<T> => runner.run<T>(job, params as Record<string, unknown>, { timeoutMs: limits.timeoutMs, signal: ctx.signal });
  const route = (path: string | RegExp, name: string, handler: (ctx: RequestContext) => Promise<HttpResponse>): Route => ({ method: 'GET', path, name, handler, formatError: formatTempoError });

  const traceById = (version: 1 | 2) => async (ctx: RequestContext): Promise<HttpResponse> => {
    const traceId = parseTraceIdParam(ctx.params['traceId'] ?? '');
    const proto = wantsProtobuf(ctx);
    const format = `${proto ? 'proto' : 'json'}-v${version}` as TraceFormat;
    const params: TraceJobParams = { traceId, format, ...windowParams(timeWindow(ctx.url.searchParams, 0)) };
    const r = await run<TraceJobResult>('traceql.trace', params, ctx);
    if (!r.found) return { status: 404, headers: TEXT_HEADERS, body: 'trace not found\n' };
    return { status: 200, headers: { 'content-type': proto ? 'application/protobuf' : 'application/json' }, body: r.body };
  };

  const tagValues = (version: 1 | 2) => async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = ctx.url.searchParams;
    const params: TagValuesJobParams = { version, tag: ctx.params['tag'] ?? '', q: q.get('q') ?? undefined, ...windowParams(timeWindow(q, limits.maxRangeMs)) };
    return json(await run<string>('traceql.tag_values', params, ctx));
  };

  const tagNames = (version: 1 | 2) => async (ctx: RequestContext): Promise<HttpResponse> => {
    const q = ctx.url.searchParams;
    const params: TagNamesJobParams = { version, scope: q.get('scope') ?? undefined, q: q.get('q') ?? undefined, ...windowParams(timeWindow(q, limits.maxRangeMs)) };
    return json(await run<string>('traceql.tag_names', params, ctx));
  };

  return [
    route('/api/echo', '/api/echo', async () => ({ status: 200, headers: TEXT_HEADERS, body: 'echo' })),
    route('/api/status/buildinfo', '/api/status/buildinfo', async () =>
      json(JSON.stringify({ version: TEMPO_VERSION, revision: `srcobs-${options.version ?? '0.1.0'}`, branch: 'srcobs', buildUser: 'srcobs', buildDate: '', goVersion: 'none (srcobs local stack, Node.js)' })),
    ),
    route(/^\/api\/traces\/(?<traceId>[^/]+)$/, '/api/traces/:id', traceById(1)),
    route(/^\/api\/v2\/traces\/(?<traceId>[^/]+)$/, '/api/v2/traces/:id', traceById(2)),
    route('/api/search', '/api/search', async (ctx) => {
      const req = parseSearchParams(ctx.url.searchParams, limits.maxRangeMs);
      const params: SearchJobParams = { q: req.q, tags: req.tags, limit: req.limit, spss: req.spss, minDurationNs: req.minDurationNs, maxDurationNs: req.maxDurationNs, ...windowParams(req) };
      return json(await run<string>('traceql.search', params, ctx));
    }),
    route('/api/search/tags', '/api/search/tags', tagNames(1)),
    route('/api/v2/search/tags', '/api/v2/search/tags', tagNames(2)),
    route(/^\/api\/search\/tag\/(?<tag>[^/]+)\/values$/, '/api/search/tag/:tag/values', tagValues(1)),
    route(/^\/api\/v2\/search\/tag\/(?<tag>[^/]+)\/values$/, '/api/v2/search/tag/:tag/values', tagValues(2)),
  ];
}
