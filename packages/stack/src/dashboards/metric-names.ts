/*
 * Metric names the dashboards and rules query, with who exports them. One place, so a rename in
 * a component shows up once and the metric-name check knows what exists.
 */

/** The SDK's request histogram (labels `route`, `method`, `status_code`), recorded when the response finishes (E14). */
export const HTTP_SERVER_DURATION = 'http_server_request_duration_seconds';

/** Alloy's service-graph connector (and Tempo's metrics-generator): calls between two services, seen from both sides. */
export const SERVICE_GRAPH = {
  total: 'traces_service_graph_request_total',
  failed: 'traces_service_graph_request_failed_total',
  clientSeconds: 'traces_service_graph_request_client_seconds',
  serverSeconds: 'traces_service_graph_request_server_seconds',
  unpaired: 'traces_service_graph_unpaired_spans_total',
  dropped: 'traces_service_graph_dropped_spans_total',
} as const;

/** The SDK's own counters of spans and log records it delivered or gave up on (label `signal`). */
export const SDK_TELEMETRY = { dropped: 'srcobs_sdk_dropped_total', exported: 'srcobs_sdk_exported_total' } as const;
