import { HTTP_SERVER_DURATION, SDK_TELEMETRY, SERVICE_GRAPH } from '../dashboards/metric-names.js';

/*
 * The metrics the stack's rules and dashboards may query, with who exports them. A selector of
 * any other name matches nothing on the cluster: a panel stays empty and an alert never fires
 * (the seed's `http_requests` counter, E14, is one). Names come from the SDK and from each
 * component's reference (Alloy's "Debug metrics" sections in ../shared/reference/alloy, Loki's and
 * Tempo's distributors, the kubelet).
 */

function histogram(name: string): string[] {
  return [`${name}_bucket`, `${name}_count`, `${name}_sum`];
}

const SOURCES: Readonly<Record<string, readonly string[]>> = {
  'the srcobs SDK (every instrumented service)': [...histogram(HTTP_SERVER_DURATION), SDK_TELEMETRY.dropped, SDK_TELEMETRY.exported],
  Prometheus: ['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds', 'scrape_samples_scraped'],
  'the kubelet': ['kubelet_volume_stats_used_bytes', 'kubelet_volume_stats_capacity_bytes', 'kubelet_volume_stats_available_bytes'],
  "Alloy's loki.write": ['loki_write_sent_entries_total', 'loki_write_dropped_entries_total', 'loki_write_sent_bytes_total', 'loki_write_dropped_bytes_total', 'loki_write_batch_retries_total', ...histogram('loki_write_request_duration_seconds')],
  "Alloy's loki.process": ['loki_process_dropped_lines_total'],
  'otelcol components (Alloy and the Collector)': [
    'otelcol_receiver_accepted_spans_total',
    'otelcol_receiver_refused_spans_total',
    'otelcol_exporter_sent_spans_total',
    'otelcol_exporter_send_failed_spans_total',
    'otelcol_exporter_queue_size',
    'otelcol_exporter_queue_capacity',
  ],
  "Alloy's prometheus.remote_write": ['prometheus_remote_storage_samples_total', 'prometheus_remote_storage_samples_failed_total', 'prometheus_remote_storage_samples_dropped_total', 'prometheus_remote_storage_samples_pending'],
  "Alloy's otelcol.connector.servicegraph (or Tempo's metrics-generator)": [
    SERVICE_GRAPH.total,
    SERVICE_GRAPH.failed,
    ...histogram(SERVICE_GRAPH.clientSeconds),
    ...histogram(SERVICE_GRAPH.serverSeconds),
    'traces_service_graph_unpaired_spans_total',
    'traces_service_graph_dropped_spans_total',
  ],
  "Loki's distributor and server": [
    'loki_distributor_lines_received_total',
    'loki_distributor_bytes_received_total',
    'loki_discarded_samples_total',
    'loki_discarded_bytes_total',
    ...histogram('loki_request_duration_seconds'),
  ],
  "Tempo's distributor": ['tempo_distributor_spans_received_total', 'tempo_distributor_bytes_received_total', 'tempo_discarded_spans_total'],
};

/** Every known metric name, with its exporter. */
export const METRIC_CATALOG: ReadonlyMap<string, string> = new Map(Object.entries(SOURCES).flatMap(([source, names]) => names.map((n) => [n, source] as const)));
