import type { AlertingRule, DashboardsResponse, ExemplarSeries, LokiStream, OlaReport, StackStatusResponse, TraceSearchHit } from './contracts.js';
import { ConsoleApiError } from './errors.js';
import type { QueryData } from './series.js';
import { withoutToken } from './url-state.js';

/*
 * The console's one way to the local stack: same-origin requests with the token (when the stack
 * has one) as a Bearer header, and errors as ConsoleApiError with the API's own message.
 */

const TOKEN_KEY = 'srcobs.token';

/** Keeps a token given in the page's URL (`?token=`) and removes it from the address bar. */
export function adoptTokenFromUrl(): void {
  const { href, token } = withoutToken(window.location.href);
  if (token === undefined) return;
  try {
    window.localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage refused (private mode): the token still works for this page's requests below.
  }
  memoryToken = token;
  window.history.replaceState(window.history.state, '', href);
}

let memoryToken: string | undefined;

function token(): string | undefined {
  if (memoryToken !== undefined) return memoryToken;
  try {
    return window.localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The request headers every API call sends. */
export function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { authorization: `Bearer ${t}` } : {};
}

/** A WebSocket URL on this origin; browsers cannot set headers on WebSockets, so the token rides in the query. */
export function webSocketUrl(path: string, params: URLSearchParams): string {
  const t = token();
  if (t) params.set('token', t);
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}${path}?${params.toString()}`;
}

/** fetch with the token, for libraries that take a fetch function (the PromQL completion). */
export const authFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  for (const [k, v] of Object.entries(authHeaders())) headers.set(k, v);
  return fetch(input, { ...init, headers });
};

/** GETs a JSON API; Prometheus-style `{status:"error", error}` bodies and plain-text errors become ConsoleApiError. */
export async function getJson<T>(path: string, params?: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) qs.set(k, String(v));
  const url = qs.size > 0 ? `${path}?${qs.toString()}` : path;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json', ...authHeaders() }, ...(signal ? { signal } : {}) });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ConsoleApiError(`cannot reach the local stack (${path}): is \`srcobs up\` still running?`, 0, { cause });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const fromBody = body && typeof body === 'object' ? ((body as Record<string, unknown>)['error'] ?? (body as Record<string, unknown>)['message']) : undefined;
    const message = typeof fromBody === 'string' ? fromBody : text.trim() || res.statusText;
    const hint = res.status === 401 ? ' (open the console with the ?token= the stack printed)' : res.status === 404 ? ` (${path} is not served by this stack)` : '';
    throw new ConsoleApiError(`${message}${hint}`, res.status);
  }
  if (body === undefined) throw new ConsoleApiError(`${path} answered something that is not JSON`, res.status);
  return body as T;
}

interface PromEnvelope<T> {
  readonly status: 'success' | 'error';
  readonly data: T;
  readonly warnings?: readonly string[];
}

async function prom<T>(path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  return (await getJson<PromEnvelope<T>>(path, params, signal)).data;
}

/** The APIs of port 3300, as the pages call them. Times are unix seconds unless a name says otherwise. */
export const api = {
  promRange: (query: string, start: number, end: number, step: number, signal?: AbortSignal) => prom<QueryData>('/api/v1/query_range', { query, start, end, step }, signal),
  promInstant: (query: string, time: number, signal?: AbortSignal) => prom<QueryData>('/api/v1/query', { query, time }, signal),
  promExemplars: (query: string, start: number, end: number, signal?: AbortSignal) => prom<ExemplarSeries[]>('/api/v1/query_exemplars', { query, start, end }, signal),
  promRules: (signal?: AbortSignal) => prom<{ groups: Array<{ name: string; rules: AlertingRule[] }> }>('/api/v1/rules', { type: 'alert' }, signal),
  lokiRules: (signal?: AbortSignal) => prom<{ groups: Array<{ name: string; rules: AlertingRule[] }> }>('/prometheus/api/v1/rules', { type: 'alert' }, signal),
  promLabelValues: (label: string, match: string | undefined, start: number, end: number, signal?: AbortSignal) =>
    prom<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, { ...(match ? { 'match[]': match } : {}), start, end }, signal),
  lokiRange: (query: string, start: number, end: number, opts: { step?: number; limit?: number; direction?: 'backward' | 'forward' }, signal?: AbortSignal) =>
    prom<QueryData | { resultType: 'streams'; result: LokiStream[] }>('/loki/api/v1/query_range', { query, start: `${start}000000000`, end: `${end}000000000`, step: opts.step, limit: opts.limit, direction: opts.direction }, signal),
  lokiInstant: (query: string, time: number, signal?: AbortSignal) => prom<QueryData>('/loki/api/v1/query', { query, time: `${time}000000000` }, signal),
  lokiLabels: (start: number, end: number, signal?: AbortSignal) => prom<string[]>('/loki/api/v1/labels', { start: `${start}000000000`, end: `${end}000000000` }, signal),
  lokiLabelValues: (label: string, start: number, end: number, signal?: AbortSignal) =>
    prom<string[]>(`/loki/api/v1/label/${encodeURIComponent(label)}/values`, { start: `${start}000000000`, end: `${end}000000000` }, signal),
  tempoSearch: (q: string, start: number, end: number, limit: number, signal?: AbortSignal) => getJson<{ traces?: TraceSearchHit[] }>('/api/search', { q, start, end, limit }, signal),
  tempoTrace: (id: string, signal?: AbortSignal) => getJson<unknown>(`/api/traces/${encodeURIComponent(id)}`, undefined, signal),
  tempoTags: (signal?: AbortSignal) => getJson<{ scopes?: Array<{ name: string; tags: string[] }> }>('/api/v2/search/tags', undefined, signal),
  tempoTagValues: (tag: string, signal?: AbortSignal) => getJson<{ tagValues?: Array<{ type: string; value: string }> }>(`/api/v2/search/tag/${encodeURIComponent(tag)}/values`, undefined, signal),
  status: (signal?: AbortSignal) => getJson<StackStatusResponse>('/api/srcobs/status', undefined, signal),
  dashboards: (signal?: AbortSignal) => getJson<DashboardsResponse>('/api/srcobs/dashboards', undefined, signal),
  ola: (from: number, to: number, signal?: AbortSignal) => getJson<OlaReport>('/api/srcobs/ola', { from, to }, signal),
};
