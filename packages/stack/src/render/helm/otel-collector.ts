import type { StackConfig } from '../../config/types.js';
import type { RenderedFile } from '../types.js';
import { CHARTS, releaseLabel, valuesFile } from './charts.js';

/** The Collector distribution with the Kubernetes components (k8sattributes), as the chart's docs use. */
export const COLLECTOR_IMAGE = 'otel/opentelemetry-collector-k8s';

/**
 * The components chart 0.170.0 puts in its default `config`. Helm merges maps, so any of these
 * the rendered config does not use is set to null, or the chart's Jaeger, Zipkin and debug
 * pipelines would run beside ours. A test re-reads the vendored defaults to keep this list true.
 */
export const CHART_DEFAULT_COMPONENTS = {
  receivers: ['jaeger', 'otlp', 'prometheus', 'zipkin'],
  processors: ['batch', 'memory_limiter'],
  exporters: ['debug'],
  extensions: ['health_check'],
  pipelines: ['logs', 'metrics', 'traces'],
} as const;

/** The chart's Service ports that only the default Jaeger and Zipkin receivers use. */
const UNUSED_PORTS = ['jaeger-compact', 'jaeger-thrift', 'jaeger-grpc', 'zipkin'];

/** The chart's liveness/readiness probes call this extension: it must stay in the config. */
const HEALTH_CHECK = 'health_check';

type CollectorConfig = Readonly<Record<string, unknown>>;

/**
 * Values for opentelemetry-collector 0.170.0, only when `tracesPath` is `collector` (E11: one
 * path): a Deployment running the Collector configuration the collector renderer produced.
 *
 * @param collectorConfig the Collector configuration object.
 */
export function renderOtelCollectorValues(config: StackConfig, collectorConfig: CollectorConfig): RenderedFile[] {
  if (config.tracesPath !== 'collector') return [];
  return [valuesFile(CHARTS.otelCollector, config.releases.otelCollector, config.namespaces.monitoring, otelCollectorValues(config, collectorConfig))];
}

/** The values object (exported for tests). */
export function otelCollectorValues(config: StackConfig, collectorConfig: CollectorConfig): Record<string, unknown> {
  return {
    mode: 'deployment',
    image: { repository: COLLECTOR_IMAGE },
    config: replacingChartDefaults(collectorConfig),
    ports: { ...Object.fromEntries(UNUSED_PORTS.map((p) => [p, { enabled: false }])), metrics: { enabled: true } },
    // k8sattributes reads pods, namespaces and replica sets to tag spans with their workload.
    clusterRole: {
      create: true,
      rules: [
        { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets', 'deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    serviceMonitor: { enabled: true, extraLabels: releaseLabel(config) },
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The rendered config with every chart default it does not use nulled out, and the health_check
 * extension kept (the chart's probes need it).
 */
export function replacingChartDefaults(collectorConfig: CollectorConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...collectorConfig };
  for (const section of ['receivers', 'processors', 'exporters', 'extensions'] as const) {
    const ours = record(collectorConfig[section]);
    const nulls = Object.fromEntries(CHART_DEFAULT_COMPONENTS[section].filter((c) => !(c in ours) && c !== HEALTH_CHECK).map((c) => [c, null]));
    out[section] = { ...nulls, ...ours };
  }
  const service = record(collectorConfig['service']);
  const pipelines = record(service['pipelines']);
  const extensions = Array.isArray(service['extensions']) ? (service['extensions'] as unknown[]) : [];
  out['service'] = {
    ...service,
    extensions: extensions.includes(HEALTH_CHECK) ? extensions : [HEALTH_CHECK, ...extensions],
    pipelines: { ...Object.fromEntries(CHART_DEFAULT_COMPONENTS.pipelines.filter((p) => !(p in pipelines)).map((p) => [p, null])), ...pipelines },
  };
  return out;
}
