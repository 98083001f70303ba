import { logqlString } from './logs.js';

/*
 * The RED queries the home page and the trace view's "metrics for this service" link use. They
 * are the same expressions as @srcobs/stack's dashboards (`queries.ts`), over the SDK's request
 * histogram, written here because the browser bundle does not carry the stack's renderers.
 */

/** The SDK's request histogram. */
export const HTTP_SERVER_DURATION = 'http_server_request_duration_seconds';

function selector(job?: string): string {
  return job ? `{job=${logqlString(job)}}` : '';
}

/** Requests per second by `labels`. */
export function requestRateQuery(labels: readonly string[], job?: string, window = '$__rate_interval'): string {
  return `sum by (${labels.join(', ')}) (rate(${HTTP_SERVER_DURATION}_count${selector(job)}[${window}]))`;
}

/** Share of 5xx answers by `labels` (0, not nothing, for a service with traffic and no errors). */
export function errorRatioQuery(labels: readonly string[], job?: string, window = '$__rate_interval'): string {
  const errSel = job ? `{job=${logqlString(job)}, status_code=~"5.."}` : '{status_code=~"5.."}';
  const by = `sum by (${labels.join(', ')})`;
  const all = `${by} (rate(${HTTP_SERVER_DURATION}_count${selector(job)}[${window}]))`;
  return `(${by} (rate(${HTTP_SERVER_DURATION}_count${errSel}[${window}])) or ${all} * 0) / ${all}`;
}

/** A latency quantile in seconds by `labels`. */
export function latencyQuery(quantile: number, labels: readonly string[], job?: string, window = '$__rate_interval'): string {
  return `histogram_quantile(${quantile}, sum by (${[...labels, 'le'].join(', ')}) (rate(${HTTP_SERVER_DURATION}_bucket${selector(job)}[${window}])))`;
}
