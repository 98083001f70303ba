import type { StackConfig } from './config/types.js';

/**
 * The names of the Services the pinned Helm charts create, derived from the release names in the
 * config: the one place that knows how each chart builds its `fullname`. Renderers that point at a
 * Service (Alloy's writers, data-source URLs, HTTPRoute backends, ServiceMonitor labels) and the
 * wiring validator all call these, so a renamed release moves every reference at once (E2, E3).
 *
 * Each rule below is the chart's own `_helpers.tpl` `fullname` template, read at the pinned version.
 */

/**
 * Helm's usual `<chart>.fullname`: the release name when it already contains the chart name,
 * otherwise `<release>-<chart>`; truncated to `max` characters without a trailing `-`.
 */
export function helmFullname(release: string, chartName: string, max = 63): string {
  const full = release.includes(chartName) ? release : `${release}-${chartName}`;
  return full.slice(0, max).replace(/-+$/, '');
}

/** A Service's in-cluster DNS name (`<service>.<namespace>.svc`), the form every rendered URL uses. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc`;
}

/**
 * kube-prometheus-stack truncates its fullname to 26 characters (its components append up to 37
 * more), so a long release name shortens every Service name.
 */
export function kubePrometheusStackFullname(config: StackConfig): string {
  return helmFullname(config.releases.kubePrometheusStack, 'kube-prometheus-stack', 26);
}

/** The Prometheus Service of kube-prometheus-stack (`<fullname>-prometheus`, port 9090). */
export function prometheusServiceName(config: StackConfig): string {
  return `${kubePrometheusStackFullname(config)}-prometheus`;
}

/** Port of the Prometheus Service (`prometheus.service.port` in kube-prometheus-stack 88.5.3). */
export const PROMETHEUS_PORT = 9090;

/** The Alertmanager Service of kube-prometheus-stack (`<fullname>-alertmanager`, port 9093). */
export function alertmanagerServiceName(config: StackConfig): string {
  return `${kubePrometheusStackFullname(config)}-alertmanager`;
}

/** The Grafana subchart's Service: `grafana.fullname` of the kube-prometheus-stack release (E3). */
export function grafanaServiceName(config: StackConfig): string {
  return helmFullname(config.releases.kubePrometheusStack, 'grafana');
}

/** The Loki chart's fullname (`loki.fullname`). */
export function lokiFullname(config: StackConfig): string {
  return helmFullname(config.releases.loki, 'loki');
}

/** Loki's HTTP port (`loki.server.http_listen_port` in loki 18.11.0). */
export const LOKI_HTTP_PORT = 3100;

/**
 * The Service that accepts Loki pushes, per deployment mode: the single binary itself
 * (`<fullname>`) for Monolithic, the distributors (`<fullname>-distributor`) for Distributed, and
 * the write path (`loki-write`: the chart names it from `loki.name`, not the fullname) for
 * SimpleScalable. Writers go to these directly rather than through the nginx gateway, so logs keep
 * flowing when the gateway is disabled or restarting.
 */
export function lokiPushService(config: StackConfig): { service: string; port: number } {
  switch (config.loki.mode) {
    case 'Monolithic':
      return { service: lokiFullname(config), port: LOKI_HTTP_PORT };
    case 'Distributed':
      return { service: `${lokiFullname(config)}-distributor`, port: LOKI_HTTP_PORT };
    case 'SimpleScalable':
      return { service: 'loki-write', port: LOKI_HTTP_PORT };
  }
}

/** The Service Grafana and the ruler query Loki through: the gateway in every mode (loki 18.11.0 enables it). */
export function lokiGatewayServiceName(config: StackConfig): string {
  return `${lokiFullname(config)}-gateway`;
}

/** The Tempo fullname: both the `tempo` and `tempo-distributed` charts name themselves `tempo`. */
export function tempoFullname(config: StackConfig): string {
  return helmFullname(config.releases.tempo, 'tempo');
}

/** Tempo's HTTP API port (query, `/api/traces`): 3200, not Loki's 3100 (E12). */
export const TEMPO_HTTP_PORT = 3200;

/** OTLP ports, as every receiver in the stack opens them. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/**
 * The Service that ingests OTLP traces into Tempo: the monolithic `tempo` Service, or the
 * distributors (`<fullname>-distributor`) of `tempo-distributed`.
 */
export function tempoOtlpServiceName(config: StackConfig): string {
  return config.tempo.mode === 'monolithic' ? tempoFullname(config) : `${tempoFullname(config)}-distributor`;
}

/**
 * The Service Grafana queries Tempo through: the monolithic Service, or the query-frontend of
 * `tempo-distributed`.
 */
export function tempoQueryServiceName(config: StackConfig): string {
  return config.tempo.mode === 'monolithic' ? tempoFullname(config) : `${tempoFullname(config)}-query-frontend`;
}

/** The Alloy chart's Service (`alloy.fullname`); its OTLP ports come from `alloy.extraPorts`. */
export function alloyServiceName(config: StackConfig): string {
  return helmFullname(config.releases.alloy, 'alloy');
}

/** The OpenTelemetry Collector chart's Service (`opentelemetry-collector.fullname`). */
export function otelCollectorServiceName(config: StackConfig): string {
  return helmFullname(config.releases.otelCollector, 'opentelemetry-collector');
}

/**
 * Where instrumented apps send OTLP (E11: one path): the Collector when `tracesPath` is
 * `collector`, Alloy otherwise. The SDK's `OTEL_EXPORTER_OTLP_ENDPOINT` is this.
 */
export function appOtlpEndpoint(config: StackConfig): { service: string; namespace: string; grpcPort: number; httpPort: number } {
  const service = config.tracesPath === 'collector' ? otelCollectorServiceName(config) : alloyServiceName(config);
  return { service, namespace: config.namespaces.monitoring, grpcPort: OTLP_GRPC_PORT, httpPort: OTLP_HTTP_PORT };
}
