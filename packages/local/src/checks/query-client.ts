import { UnexpectedResponseError } from './errors.js';
import { createApiTransport, type ApiTransport, type ApiTransportOptions } from './http-json.js';

/*
 * A small client for the three query APIs as Grafana's data sources call them. The same calls
 * work against the local stack (one URL for all three) and against a real Prometheus, Loki and
 * Tempo, directly or through Grafana's data-source proxy
 * (`https://grafana/api/datasources/proxy/uid/<uid>`).
 */

/** A Prometheus or Loki sample: `[unix seconds, "value"]`. */
export type SamplePair = readonly [number, string];

/** One series of a vector or matrix answer. */
export interface SeriesResult {
  readonly metric: Readonly<Record<string, string>>;
  readonly value?: SamplePair;
  readonly values?: readonly SamplePair[];
}

/** Prometheus' `data` of `/api/v1/query` and `/query_range`. */
export type PromQueryData =
  | { readonly resultType: 'vector'; readonly result: readonly SeriesResult[] }
  | { readonly resultType: 'matrix'; readonly result: readonly SeriesResult[] }
  | { readonly resultType: 'scalar'; readonly result: SamplePair }
  | { readonly resultType: 'string'; readonly result: SamplePair };

/** One log stream of a Loki answer: lines as `[unix ns, line]`, newest first when backward. */
export interface LokiStream {
  readonly stream: Readonly<Record<string, string>>;
  readonly values: ReadonlyArray<readonly [string, string]>;
}

/** Loki's `data` of `/loki/api/v1/query` and `/query_range`. */
export type LokiQueryData =
  | { readonly resultType: 'streams'; readonly result: readonly LokiStream[] }
  | { readonly resultType: 'vector'; readonly result: readonly SeriesResult[] }
  | { readonly resultType: 'matrix'; readonly result: readonly SeriesResult[] }
  | { readonly resultType: 'scalar'; readonly result: SamplePair };

/** `/api/v1/query_exemplars`. */
export interface ExemplarSeries {
  readonly seriesLabels: Readonly<Record<string, string>>;
  readonly exemplars: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>>; readonly value: string; readonly timestamp: number }>;
}

/** One rule of the Prometheus-style rules API (Prometheus, and Loki's `/prometheus/api/v1/rules`). */
export interface ApiRule {
  readonly name: string;
  readonly type: 'alerting' | 'recording';
  readonly query: string;
  readonly state?: 'inactive' | 'pending' | 'firing';
  readonly health?: 'ok' | 'err' | 'unknown';
  readonly labels?: Readonly<Record<string, string>>;
  readonly lastEvaluation?: string;
}

/** `data` of the rules API. */
export interface RulesData {
  readonly groups: ReadonlyArray<{ readonly name: string; readonly file: string; readonly rules: readonly ApiRule[] }>;
}

/** A span as Tempo's `/api/traces/<id>` JSON writes it (ids base64 in Tempo, hex in some proxies). */
export interface TempoSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: string | number;
  readonly startTimeUnixNano?: string;
  readonly endTimeUnixNano?: string;
}

/** `/api/traces/<id>` (v1): resource spans in `batches`. */
export interface TempoTrace {
  readonly batches: ReadonlyArray<{
    readonly resource?: { readonly attributes?: ReadonlyArray<{ readonly key: string; readonly value: { readonly stringValue?: string } }> };
    readonly scopeSpans?: ReadonlyArray<{ readonly spans?: readonly TempoSpan[] }>;
    readonly instrumentationLibrarySpans?: ReadonlyArray<{ readonly spans?: readonly TempoSpan[] }>;
  }>;
}

/** One trace of a Tempo search. */
export interface TempoSearchTrace {
  readonly traceID: string;
  readonly rootServiceName?: string;
  readonly rootTraceName?: string;
  readonly startTimeUnixNano?: string;
  readonly durationMs?: number;
}

/** `/api/search`. */
export interface TempoSearchResponse {
  readonly traces: readonly TempoSearchTrace[];
  readonly metrics?: Readonly<Record<string, unknown>>;
}

/** The Prometheus API. Times are milliseconds since the epoch. */
export interface PrometheusClient {
  readonly url: string;
  query(expr: string, timeMs?: number): Promise<PromQueryData>;
  queryRange(expr: string, startMs: number, endMs: number, stepMs: number): Promise<PromQueryData>;
  series(match: readonly string[], startMs: number, endMs: number): Promise<ReadonlyArray<Readonly<Record<string, string>>>>;
  exemplars(expr: string, startMs: number, endMs: number): Promise<readonly ExemplarSeries[]>;
  rules(): Promise<RulesData>;
}

/** Options of a Loki query. */
export interface LokiQueryOptions {
  readonly limit?: number;
  readonly direction?: 'forward' | 'backward';
  /** Step of a metric query (ms). */
  readonly stepMs?: number;
}

/** The Loki API. Times are milliseconds since the epoch. */
export interface LokiClient {
  readonly url: string;
  query(expr: string, timeMs: number, options?: LokiQueryOptions): Promise<LokiQueryData>;
  queryRange(expr: string, startMs: number, endMs: number, options?: LokiQueryOptions): Promise<LokiQueryData>;
  series(match: readonly string[], startMs: number, endMs: number): Promise<ReadonlyArray<Readonly<Record<string, string>>>>;
  /** The ruler's rules, in Prometheus' shape (`/prometheus/api/v1/rules`). */
  rules(): Promise<RulesData>;
}

/** The Tempo API. Times are milliseconds since the epoch. */
export interface TempoClient {
  readonly url: string;
  /** The trace, or undefined when Tempo does not have it (yet). */
  trace(traceId: string): Promise<TempoTrace | undefined>;
  search(q: string, startMs: number, endMs: number, limit: number): Promise<TempoSearchResponse>;
}

/** The three APIs: one client per data source. */
export interface QueryClient {
  readonly prometheus: PrometheusClient;
  readonly loki: LokiClient;
  readonly tempo: TempoClient;
}

/** Where each API answers. On the local stack all three are the one URL (`http://127.0.0.1:3300`). */
export interface QueryEndpoints {
  readonly prometheus: string;
  readonly loki: string;
  readonly tempo: string;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
/** A Loki time parameter. Loki reads up to 10 digits as seconds, so times that close to 1970 go as RFC 3339 instead. */
const nanos = (ms: number): string => {
  const ns = (BigInt(Math.round(ms)) * 1_000_000n).toString();
  return ns.replace('-', '').length > 10 ? ns : new Date(ms).toISOString();
};

interface Envelope<T> {
  readonly status?: string;
  readonly data?: T;
}

function dataOf<T>(body: Envelope<T> | undefined, api: 'prometheus' | 'loki', url: string): T {
  if (!body || body.status !== 'success' || body.data === undefined) throw new UnexpectedResponseError(api, url, 'no "status": "success" envelope');
  return body.data;
}

function prometheusClient(t: ApiTransport, url: string): PrometheusClient {
  const get = async <T>(path: string, params: Record<string, string | readonly string[] | undefined>): Promise<T> => dataOf(await t.getJson<Envelope<T>>({ api: 'prometheus', base: url, path, params }), 'prometheus', url);
  return {
    url,
    query: (expr, timeMs) => get('/api/v1/query', { query: expr, time: timeMs === undefined ? undefined : seconds(timeMs) }),
    queryRange: (expr, startMs, endMs, stepMs) => get('/api/v1/query_range', { query: expr, start: seconds(startMs), end: seconds(endMs), step: seconds(stepMs) }),
    series: (match, startMs, endMs) => get('/api/v1/series', { 'match[]': match, start: seconds(startMs), end: seconds(endMs) }),
    exemplars: (expr, startMs, endMs) => get('/api/v1/query_exemplars', { query: expr, start: seconds(startMs), end: seconds(endMs) }),
    rules: () => get('/api/v1/rules', {}),
  };
}

function lokiClient(t: ApiTransport, url: string): LokiClient {
  const get = async <T>(path: string, params: Record<string, string | readonly string[] | undefined>): Promise<T> => dataOf(await t.getJson<Envelope<T>>({ api: 'loki', base: url, path, params }), 'loki', url);
  const common = (o: LokiQueryOptions = {}): Record<string, string | undefined> => ({
    limit: o.limit === undefined ? undefined : String(o.limit),
    direction: o.direction,
    step: o.stepMs === undefined ? undefined : String(o.stepMs / 1000),
  });
  return {
    url,
    query: (expr, timeMs, o) => get('/loki/api/v1/query', { query: expr, time: nanos(timeMs), ...common(o) }),
    queryRange: (expr, startMs, endMs, o) => get('/loki/api/v1/query_range', { query: expr, start: nanos(startMs), end: nanos(endMs), ...common(o) }),
    series: (match, startMs, endMs) => get('/loki/api/v1/series', { 'match[]': match, start: nanos(startMs), end: nanos(endMs) }),
    rules: () => get('/prometheus/api/v1/rules', {}),
  };
}

function tempoClient(t: ApiTransport, url: string): TempoClient {
  return {
    url,
    trace: (traceId) => t.getJson<TempoTrace>({ api: 'tempo', base: url, path: `/api/traces/${encodeURIComponent(traceId)}` }, { allowNotFound: true }),
    search: async (q, startMs, endMs, limit) => {
      const params = { q, start: String(Math.floor(startMs / 1000)), end: String(Math.ceil(endMs / 1000)), limit: String(limit) };
      const body = await t.getJson<TempoSearchResponse>({ api: 'tempo', base: url, path: '/api/search', params });
      if (!body || !Array.isArray(body.traces)) throw new UnexpectedResponseError('tempo', url, 'no "traces" list');
      return body;
    },
  };
}

/**
 * A client for the Prometheus, Loki and Tempo query APIs.
 *
 * @example
 * ```ts
 * const client = createQueryClient({ prometheus: url, loki: url, tempo: url });
 * const up = await client.prometheus.query('up');
 * ```
 */
export function createQueryClient(endpoints: QueryEndpoints, options: ApiTransportOptions = {}): QueryClient {
  const t = createApiTransport(options);
  return { prometheus: prometheusClient(t, endpoints.prometheus), loki: lokiClient(t, endpoints.loki), tempo: tempoClient(t, endpoints.tempo) };
}
