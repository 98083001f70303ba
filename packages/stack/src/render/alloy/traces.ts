import { attr, block, list, ref } from '../../alloy/build.js';
import type { Block } from '../../alloy/syntax/ast.js';
import type { StackConfig } from '../../config/types.js';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT, PROMETHEUS_PORT, prometheusServiceName, serviceHost, tempoOtlpServiceName } from '../../naming.js';

/**
 * Span-duration buckets: fine below a second for the fast paths, and 2.5 s / 5 s around the
 * latency alert (2.5 s) and the playground's deliberately slow `/slow` (3 s). The local stack's
 * service graph uses the same ones, so its histograms match the cluster's.
 */
export const TRACE_LATENCY_BUCKETS = ['5ms', '10ms', '25ms', '50ms', '100ms', '250ms', '500ms', '1s', '2.5s', '5s', '10s'];

/** Where Alloy sends traces: Tempo's OTLP gRPC port (monolithic Service or distributors). */
export function tempoOtlpEndpoint(config: StackConfig): string {
  return `${serviceHost(tempoOtlpServiceName(config), config.namespaces.monitoring)}:${OTLP_GRPC_PORT}`;
}

/** Prometheus's remote-write receiver (kube-prometheus-stack enables it: `enableRemoteWriteReceiver`). */
export function prometheusRemoteWriteUrl(config: StackConfig): string {
  return `http://${serviceHost(prometheusServiceName(config), config.namespaces.monitoring)}:${PROMETHEUS_PORT}/api/v1/write`;
}

/**
 * OTLP in, Tempo out, and span metrics plus the service graph to Prometheus (E10: Tempo stores
 * no metrics, so the seed's servicegraph → Tempo wiring lost them). With `tracesPath: 'collector'`
 * the OpenTelemetry Collector faces the apps, adds the Kubernetes attributes itself (it sees the
 * app's connection; Alloy would only see the Collector's) and forwards here.
 */
export function tracePipeline(config: StackConfig): Block[] {
  const viaCollector = config.tracesPath === 'collector';
  const afterLimiter = viaCollector ? 'otelcol.processor.batch.default.input' : 'otelcol.processor.k8sattributes.default.input';
  const metricsOutput = block('output', undefined, [attr('metrics', list([ref('otelcol.exporter.prometheus.default.input')]))]);
  return [
    block(
      'otelcol.receiver.otlp',
      'default',
      [
        block('grpc', undefined, [attr('endpoint', `0.0.0.0:${OTLP_GRPC_PORT}`)]),
        block('http', undefined, [attr('endpoint', `0.0.0.0:${OTLP_HTTP_PORT}`)]),
        block('output', undefined, [attr('traces', list([ref('otelcol.processor.memory_limiter.default.input')]))]),
      ],
      viaCollector
        ? 'Traces from the OpenTelemetry Collector (tracesPath: collector): apps -> Collector -> Alloy -> Tempo.'
        : 'Traces straight from the apps (tracesPath: alloy): apps -> Alloy -> Tempo.',
    ),
    block('otelcol.processor.memory_limiter', 'default', [
      attr('check_interval', '1s'),
      attr('limit_percentage', 80),
      attr('spike_limit_percentage', 20),
      block('output', undefined, [attr('traces', list([ref(afterLimiter)]))]),
    ]),
    !viaCollector &&
      block(
        'otelcol.processor.k8sattributes',
        'default',
        [
          block('extract', undefined, [
            attr('metadata', list(['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'])),
          ]),
          block('pod_association', undefined, [block('source', undefined, [attr('from', 'resource_attribute'), attr('name', 'k8s.pod.ip')])]),
          block('pod_association', undefined, [block('source', undefined, [attr('from', 'connection')])]),
          block('output', undefined, [attr('traces', list([ref('otelcol.processor.batch.default.input')]))]),
        ],
        'Pod and namespace on every span, so traces link to the pod\'s logs and metrics.',
      ),
    block('otelcol.processor.batch', 'default', [
      block('output', undefined, [
        attr(
          'traces',
          list([ref('otelcol.exporter.otlp.tempo.input'), ref('otelcol.connector.spanmetrics.default.input'), ref('otelcol.connector.servicegraph.default.input')]),
        ),
      ]),
    ]),
    block('otelcol.exporter.otlp', 'tempo', [
      block('client', undefined, [attr('endpoint', tempoOtlpEndpoint(config)), block('tls', undefined, [attr('insecure', true)])]),
    ]),
    block(
      'otelcol.connector.spanmetrics',
      'default',
      [
        // Alloy runs one instance per node: a per-instance id keeps their series apart (single writer).
        attr('include_collector_instance_id', true),
        block('histogram', undefined, [attr('unit', 's'), block('explicit', undefined, [attr('buckets', list(TRACE_LATENCY_BUCKETS))])]),
        block('exemplars', undefined, [attr('enabled', true)]),
        metricsOutput,
      ],
      'RED metrics per service and span (traces_span_metrics_*), to Prometheus, not Tempo (E10).',
    ),
    block(
      'otelcol.connector.servicegraph',
      'default',
      [attr('dimensions', list(['http.request.method'])), attr('latency_histogram_buckets', list(TRACE_LATENCY_BUCKETS)), metricsOutput],
      'Service-graph edges (traces_service_graph_*), for Grafana\'s service map: to Prometheus (E10).',
    ),
    block('otelcol.exporter.prometheus', 'default', [attr('forward_to', list([ref('prometheus.remote_write.prometheus.receiver')]))]),
    block('prometheus.remote_write', 'prometheus', [
      block('endpoint', undefined, [attr('url', prometheusRemoteWriteUrl(config)), attr('send_exemplars', true)]),
    ]),
  ].filter((b): b is Block => b !== false);
}
