import type { StackConfig } from '../config/types.js';
import { SDK_TELEMETRY } from '../dashboards/metric-names.js';
import { errorRatio, latencyQuantile } from '../dashboards/queries.js';
import { dashboardUrl } from './links.js';
import type { AlertRule, RuleFile, RuleGroup } from './types.js';

/** The window every rate in the alerts uses: four scrapes at the default 15 s and some slack. */
export const ALERT_RATE_WINDOW = '5m';

/** The `job` matcher for the monitored services (ServiceMonitor targets are named after their Service). */
export function servicesMatcher(config: StackConfig): string {
  const names = [...new Set(config.services.map((s) => s.name))];
  return `job=~"${names.map(escapeRegex).join('|')}"`;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}

/** Alerts on the monitored services' own traffic (RED), with the thresholds from the config. */
function serviceGroup(config: StackConfig): RuleGroup {
  const sel = servicesMatcher(config);
  const red = dashboardUrl(config, 'srcobs-service-red');
  const { errorRatio: maxErrors, latencyP99Seconds } = config.alerting;
  return {
    name: 'srcobs.services',
    rules: [
      {
        alert: 'ServiceHighErrorRatio',
        expr: `${errorRatio(sel, ALERT_RATE_WINDOW, ['job'])} > ${maxErrors}`,
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: `{{ $labels.job }} answers more than ${percent(maxErrors)} of requests with 5xx`,
          description: `More than ${percent(maxErrors)} of the requests {{ $labels.job }} served over the last ${ALERT_RATE_WINDOW} ended in a 5xx. The per-route split is on the dashboard.`,
          dashboard: red,
        },
      },
      {
        alert: 'ServiceHighLatencyP99',
        expr: `${latencyQuantile(0.99, sel, ALERT_RATE_WINDOW, ['job'])} > ${latencyP99Seconds}`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: `{{ $labels.job }} p99 latency is above ${latencyP99Seconds}s`,
          description: `The slowest 1 % of {{ $labels.job }}'s requests took longer than ${latencyP99Seconds}s over the last ${ALERT_RATE_WINDOW}. Exemplars on the latency panel open the slow traces.`,
          dashboard: red,
        },
      },
    ],
  };
}

/** Scrape targets that are down, and services that are not scraped at all (a ServiceMonitor nobody selects, E2). */
function targetGroup(config: StackConfig): RuleGroup {
  const red = dashboardUrl(config, 'srcobs-service-red');
  // One rule over every service (`absent() or absent()`): each `absent` yields its own
  // `{job, namespace}` series, so the alert names the silent service.
  const notScraped: AlertRule = {
    alert: 'ServiceNotScraped',
    expr: config.services.map((s) => `absent(up{job="${s.name}", namespace="${s.namespace}"})`).join(' or '),
    for: '10m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'Prometheus has no scrape target for {{ $labels.namespace }}/{{ $labels.job }}',
      description: 'No target of {{ $labels.namespace }}/{{ $labels.job }} exists: its ServiceMonitor is missing, not selected by Prometheus (check its release label) or selects no Service port.',
      dashboard: red,
    },
  };
  return {
    name: 'srcobs.targets',
    rules: [
      {
        alert: 'TargetDown',
        expr: `up{${servicesMatcher(config)}} == 0`,
        for: '5m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}',
          description: 'The target at {{ $labels.instance }} ({{ $labels.namespace }}/{{ $labels.job }}) has failed every scrape for 5 minutes: the pod is down or /metrics does not answer.',
          dashboard: red,
        },
      },
      notScraped,
    ],
  };
}

function lossRule(alert: string, expr: string, summary: string, description: string, severity: string, url: string, forDuration = '10m'): AlertRule {
  return { alert, expr, for: forDuration, labels: { severity }, annotations: { summary, description, dashboard: url } };
}

/** Telemetry lost on the way: Alloy, the Collector, Loki and Tempo dropping or failing writes. */
function pipelineGroup(config: StackConfig): RuleGroup {
  const url = dashboardUrl(config, 'srcobs-pipeline-health');
  const w = ALERT_RATE_WINDOW;
  return {
    name: 'srcobs.pipeline',
    rules: [
      lossRule(
        'ServiceTelemetryDropped',
        `sum by (job, signal) (rate(${SDK_TELEMETRY.dropped}{${servicesMatcher(config)}}[${w}])) > 0`,
        '{{ $labels.job }} is dropping {{ $labels.signal }}',
        'The SDK in {{ $labels.job }} could not deliver {{ $labels.signal }} to the OTLP receiver (down, slow or refusing); the service keeps working without them.',
        'warning',
        url,
      ),
      lossRule(
        'LogWritesDropped',
        `sum by (job, reason) (rate(loki_write_dropped_entries_total[${w}])) > 0`,
        '{{ $labels.job }} is dropping log lines on the way to Loki ({{ $labels.reason }})',
        'loki.write gave up on entries after its retries: those lines, OLA categories included, are lost.',
        'critical',
        url,
        '5m',
      ),
      lossRule(
        'LokiDiscardingLines',
        `sum by (tenant, reason) (rate(loki_discarded_samples_total[${w}])) > 0`,
        'Loki is discarding log lines ({{ $labels.reason }})',
        'Loki refused lines for tenant {{ $labels.tenant }}: raise the limit named by the reason or fix the sender.',
        'warning',
        url,
      ),
      lossRule(
        'LokiPushFailing',
        `sum(rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push", status_code=~"5.."}[${w}])) > 0`,
        'Loki answers pushes with 5xx',
        'The Loki write path is failing; senders retry, then drop.',
        'critical',
        url,
        '5m',
      ),
      lossRule(
        'SpanExportFailing',
        `sum by (job) (rate(otelcol_exporter_send_failed_spans_total[${w}])) > 0`,
        '{{ $labels.job }} fails to export spans',
        'An otelcol exporter in {{ $labels.job }} fails to send spans to the next hop (Tempo, or Alloy behind the Collector).',
        'warning',
        url,
      ),
      lossRule(
        'SpanReceiverRefusing',
        `sum by (job) (rate(otelcol_receiver_refused_spans_total[${w}])) > 0`,
        '{{ $labels.job }} refuses incoming spans',
        'The OTLP receiver of {{ $labels.job }} pushes back: its pipeline is full, and applications drop spans.',
        'warning',
        url,
      ),
      lossRule(
        'MetricsRemoteWriteFailing',
        `sum by (job) (rate(prometheus_remote_storage_samples_failed_total[${w}])) > 0`,
        '{{ $labels.job }} fails to remote-write span metrics to Prometheus',
        'Span and service-graph metrics are lost: check that Prometheus has the remote-write receiver enabled (E10).',
        'warning',
        url,
      ),
      lossRule(
        'TempoDiscardingSpans',
        `sum by (tenant, reason) (rate(tempo_discarded_spans_total[${w}])) > 0`,
        'Tempo is discarding spans ({{ $labels.reason }})',
        'Tempo refused spans for tenant {{ $labels.tenant }}: raise the limit named by the reason.',
        'warning',
        url,
      ),
    ],
  };
}

/** Volumes of the monitoring namespace running out of space, now or soon. */
function storageGroup(config: StackConfig): RuleGroup {
  const ns = `namespace="${config.namespaces.monitoring}"`;
  const ratio = config.alerting.pvcFullRatio;
  return {
    name: 'srcobs.storage',
    rules: [
      {
        alert: 'PersistentVolumeFillingUp',
        expr: `kubelet_volume_stats_used_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}} > ${ratio}`,
        for: '15m',
        labels: { severity: 'warning' },
        annotations: {
          summary: `Volume {{ $labels.persistentvolumeclaim }} is more than ${percent(ratio)} full`,
          description: 'When it is full, the component writing to it stops ingesting: grow the PVC or shorten retention.',
        },
      },
      {
        alert: 'PersistentVolumeFullInFourDays',
        expr: `predict_linear(kubelet_volume_stats_available_bytes{${ns}}[6h], 4 * 24 * 3600) < 0 and kubelet_volume_stats_used_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}} > 0.5`,
        for: '1h',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'Volume {{ $labels.persistentvolumeclaim }} will be full within four days',
          description: 'At the growth rate of the last 6 hours the volume fills up in under four days.',
        },
      },
    ],
  };
}

/** Every Prometheus rule group of the stack. */
export function prometheusRuleFile(config: StackConfig): RuleFile {
  return { groups: [serviceGroup(config), targetGroup(config), pipelineGroup(config), storageGroup(config)] };
}
