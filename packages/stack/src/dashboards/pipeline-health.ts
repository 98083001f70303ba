import type { StackConfig } from '../config/types.js';
import { SDK_TELEMETRY, SERVICE_GRAPH } from './metric-names.js';
import type { DashboardDefinition, PanelDefinition, RowDefinition } from './types.js';

const W = '$__rate_interval';

function rate(title: string, description: string, expr: string, legend: string, unit: PanelDefinition['unit'] = 'cps', bad = false): PanelDefinition {
  return {
    title,
    kind: 'timeseries',
    description,
    unit,
    min: 0,
    // A panel of losses is red as soon as it shows anything.
    ...(bad ? { thresholds: [{ value: null, color: 'green' }, { value: 0.000001, color: 'red' }] as const } : {}),
    targets: [{ refId: 'A', datasource: 'prometheus', expr, legend }],
  };
}

/**
 * Is telemetry arriving, and is any of it lost? Ingest and drops at each hop, with the metric
 * names each component really exports: Alloy's `loki.write` and `otelcol.*` components, the
 * Collector (same `otelcol_*` names), Loki's distributor and Tempo's distributor.
 */
export function pipelineHealthDashboard(config: StackConfig): DashboardDefinition {
  const rows: RowDefinition[] = [
    {
      title: 'Services: what the SDK sent',
      panels: [
        rate('Delivered by the SDK', 'Spans and log records the services handed to the OTLP receiver, by service and signal.', `sum by (job, signal) (rate(${SDK_TELEMETRY.exported}[${W}]))`, '{{job}} {{signal}}'),
        rate('Dropped by the SDK', 'Spans and log records a service gave up on: the receiver was down, slow or refusing. The service itself kept working.', `sum by (job, signal) (rate(${SDK_TELEMETRY.dropped}[${W}]))`, '{{job}} {{signal}}', 'cps', true),
      ],
    },
    {
      title: 'Logs: Alloy → Loki',
      panels: [
        rate('Alloy: log lines sent', 'Entries loki.write delivered to Loki.', `sum by (job) (rate(loki_write_sent_entries_total[${W}]))`, '{{job}}'),
        rate('Alloy: log lines dropped', 'Entries loki.write gave up on after its retries, by reason. Any value here is lost log data.', `sum by (job, reason) (rate(loki_write_dropped_entries_total[${W}]))`, '{{job}} {{reason}}', 'cps', true),
        rate('Alloy: lines dropped by processing', 'Lines a loki.process stage dropped on purpose (drop, limit, sampling).', `sum by (job) (rate(loki_process_dropped_lines_total[${W}]))`, '{{job}}'),
        rate('Loki: lines received', 'Lines accepted by the Loki distributor, per tenant.', `sum by (tenant) (rate(loki_distributor_lines_received_total[${W}]))`, '{{tenant}}'),
        rate('Loki: lines discarded', 'Samples Loki refused, by reason (rate limit, too old, stream limit, line too long).', `sum by (reason) (rate(loki_discarded_samples_total[${W}]))`, '{{reason}}', 'cps', true),
        rate('Loki: failed pushes', 'Push requests Loki answered with an error status.', `sum by (status_code) (rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push", status_code!~"2.."}[${W}]))`, '{{status_code}}', 'reqps', true),
      ],
    },
    {
      title: 'Traces: receivers → Tempo',
      panels: [
        rate('OTLP spans accepted', 'Spans the OTLP receivers (Alloy, and the Collector when it is the path) accepted.', `sum by (job) (rate(otelcol_receiver_accepted_spans_total[${W}]))`, '{{job}}'),
        rate('OTLP spans refused', 'Spans a receiver refused (back-pressure from a full pipeline).', `sum by (job) (rate(otelcol_receiver_refused_spans_total[${W}]))`, '{{job}}', 'cps', true),
        rate('Spans exported', 'Spans the otelcol exporters delivered downstream.', `sum by (job) (rate(otelcol_exporter_sent_spans_total[${W}]))`, '{{job}}'),
        rate('Spans failed to export', 'Spans in failed send attempts to the next hop (Tempo, or Alloy).', `sum by (job) (rate(otelcol_exporter_send_failed_spans_total[${W}]))`, '{{job}}', 'cps', true),
        {
          title: 'Exporter queue fill',
          kind: 'timeseries',
          description: 'Sending queue size against its capacity: at 100 % new spans are dropped.',
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholds: [{ value: null, color: 'green' }, { value: 0.8, color: 'red' }],
          targets: [{ refId: 'A', datasource: 'prometheus', expr: 'max by (job) (otelcol_exporter_queue_size / otelcol_exporter_queue_capacity)', legend: '{{job}}' }],
        },
        rate('Tempo: spans received', 'Spans the Tempo distributor received, per tenant.', `sum by (tenant) (rate(tempo_distributor_spans_received_total[${W}]))`, '{{tenant}}'),
        rate('Tempo: spans discarded', 'Spans Tempo refused, by reason (rate limit, trace too large, live traces limit).', `sum by (reason) (rate(tempo_discarded_spans_total[${W}]))`, '{{reason}}', 'cps', true),
      ],
    },
    {
      title: 'Span and service-graph metrics → Prometheus',
      panels: [
        rate('Samples remote-written', 'Samples prometheus.remote_write sent to Prometheus (span metrics and the service graph, E10).', `sum by (job) (rate(prometheus_remote_storage_samples_total[${W}]))`, '{{job}}'),
        rate('Samples failed', 'Samples that failed to reach Prometheus for good.', `sum by (job) (rate(prometheus_remote_storage_samples_failed_total[${W}]))`, '{{job}}', 'cps', true),
        rate('Unpaired spans', 'Client or server spans the service graph could not pair: calls missing from the graph.', `sum by (client, server) (rate(${SERVICE_GRAPH.unpaired}[${W}]))`, '{{client}} → {{server}}'),
      ],
    },
  ];
  return {
    uid: 'srcobs-pipeline-health',
    title: 'Telemetry pipeline health',
    description: `Ingest and losses at every hop: Alloy and Loki for logs, ${config.tracesPath === 'collector' ? 'the OpenTelemetry Collector, ' : ''}Alloy and Tempo for traces, remote write for span metrics.`,
    tags: ['srcobs', 'pipeline'],
    from: 'now-3h',
    refresh: '1m',
    variables: [],
    rows,
  };
}
