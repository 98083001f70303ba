import { HTTP_SERVER_DURATION } from './metric-names.js';

/*
 * The RED queries over the SDK's request histogram, shared by the dashboards and the alert rules
 * so that a panel and the alert about it compute the same number.
 */

/** A label matcher list without braces, e.g. `job=~"$service"`. */
export type Matchers = string;

function sel(metric: string, matchers: Matchers, extra?: string): string {
  const all = [matchers, extra].filter((m) => m !== undefined && m !== '').join(', ');
  return `${metric}{${all}}`;
}

function by(labels: readonly string[]): string {
  return labels.length > 0 ? `sum by (${labels.join(', ')}) ` : 'sum ';
}

/** Requests per second. */
export function requestRate(matchers: Matchers, window: string, labels: readonly string[]): string {
  return `${by(labels)}(rate(${sel(`${HTTP_SERVER_DURATION}_count`, matchers)}[${window}]))`;
}

/**
 * Share of requests answered with a 5xx. The `or … * 0` keeps the ratio at 0 (instead of no
 * data) for a service that has traffic and no errors, so "no errors" and "no traffic" differ.
 */
export function errorRatio(matchers: Matchers, window: string, labels: readonly string[]): string {
  const errors = `${by(labels)}(rate(${sel(`${HTTP_SERVER_DURATION}_count`, matchers, 'status_code=~"5.."')}[${window}]))`;
  const all = requestRate(matchers, window, labels);
  return `(${errors} or ${all} * 0) / ${all}`;
}

/** A latency quantile (0.5, 0.9, 0.99) from the histogram buckets, in seconds. */
export function latencyQuantile(quantile: number, matchers: Matchers, window: string, labels: readonly string[]): string {
  return `histogram_quantile(${quantile}, ${by([...labels, 'le'])}(rate(${sel(`${HTTP_SERVER_DURATION}_bucket`, matchers)}[${window}])))`;
}
