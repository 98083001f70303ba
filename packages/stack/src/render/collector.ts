import type { StackConfig } from '../config/types.js';
import { alloyServiceName, OTLP_GRPC_PORT, OTLP_HTTP_PORT, serviceHost } from '../naming.js';

/** The Collector exporter that forwards to Alloy. */
export const COLLECTOR_ALLOY_EXPORTER = 'otlp/alloy';

/**
 * The OpenTelemetry Collector's `config:` for the opentelemetry-collector chart (0.170.0) when
 * `tracesPath` is `collector`: OTLP from the apps → memory_limiter → k8sattributes → batch →
 * OTLP to Alloy. The design (E11) picks one path, apps → Collector → Alloy → Tempo, because the
 * seed says the Collector "would then send to Grafana Alloy", and because it keeps span metrics
 * and the service graph in one place (Alloy) whichever path is chosen.
 *
 * The chart deep-merges this over its own defaults, so `null` removes a default the stack does not
 * want: the jaeger/zipkin/prometheus receivers, the debug exporter, and the logs and metrics
 * pipelines (apps send metrics to Prometheus and logs to stdout; a Collector that accepted them
 * here would drop them).
 *
 * The chart's `presets.kubernetesAttributes` gives the Collector the RBAC k8sattributes needs.
 */
export function renderCollectorConfig(config: StackConfig): Record<string, unknown> {
  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` },
          http: { endpoint: `\${env:MY_POD_IP}:${OTLP_HTTP_PORT}` },
        },
      },
      jaeger: null,
      zipkin: null,
      prometheus: null,
    },
    processors: {
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
      k8sattributes: {
        auth_type: 'serviceAccount',
        passthrough: false,
        extract: { metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'] },
        pod_association: [{ sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] }, { sources: [{ from: 'connection' }] }],
      },
      batch: {},
    },
    exporters: {
      debug: null,
      [COLLECTOR_ALLOY_EXPORTER]: {
        endpoint: `${serviceHost(alloyServiceName(config), config.namespaces.monitoring)}:${OTLP_GRPC_PORT}`,
        // In-cluster hop between two of the stack's own pods, like the seed's Alloy → Tempo.
        tls: { insecure: true },
      },
    },
    service: {
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['memory_limiter', 'k8sattributes', 'batch'], exporters: [COLLECTOR_ALLOY_EXPORTER] },
        logs: null,
        metrics: null,
      },
    },
  };
}
