/**
 * The fixed queries a soak times, one or two per language, over the playground's data as Grafana's
 * dashboards and Explore ask for it. Each covers the last minute only, so once the first minute is
 * over the data each one reads stays the same size: a latency that still rises is the stack's.
 */

/** One query the soak times. */
export interface SoakQuery {
  readonly name: string;
  /** Path and query string for a query ending at `nowMs`. */
  path(nowMs: number): string;
}

const WINDOW_S = 60;
const STEP_S = 10;

function prometheusRange(query: string, nowMs: number): string {
  const end = nowMs / 1000;
  return `/api/v1/query_range?${new URLSearchParams({ query, start: String(end - WINDOW_S), end: String(end), step: String(STEP_S) })}`;
}

function lokiRange(query: string, nowMs: number, extra: Record<string, string> = {}): string {
  const endNs = BigInt(nowMs) * 1_000_000n;
  return `/loki/api/v1/query_range?${new URLSearchParams({ query, start: String(endNs - BigInt(WINDOW_S) * 1_000_000_000n), end: String(endNs), step: String(STEP_S), ...extra })}`;
}

export const SOAK_QUERIES: readonly SoakQuery[] = [
  { name: 'PromQL p99 latency by job', path: (now) => prometheusRange('histogram_quantile(0.99, sum by (le, job) (rate(http_server_request_duration_seconds_bucket[1m])))', now) },
  { name: 'PromQL request rate by job', path: (now) => `/api/v1/query?${new URLSearchParams({ query: 'sum by (job) (rate(http_server_request_duration_seconds_count[1m]))', time: String(now / 1000) })}` },
  { name: 'LogQL lines per app', path: (now) => lokiRange('sum by (app) (count_over_time({namespace="playground"}[1m]))', now) },
  { name: 'LogQL test-app lines', path: (now) => lokiRange('{app="test-app"} |= "GET"', now, { limit: '100', direction: 'backward' }) },
  {
    name: 'TraceQL trace-app spans',
    path: (now) => `/api/search?${new URLSearchParams({ q: '{ resource.service.name = "trace-app" }', start: String(Math.floor(now / 1000) - WINDOW_S), end: String(Math.ceil(now / 1000)), limit: '20' })}`,
  },
];
