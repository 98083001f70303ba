import type { ChartRelease } from './chart-values.js';
import { dig, isRecord, list } from './objects.js';

/** One port of a Service: the name ServiceMonitors select by, and the number clients dial. */
export interface KnownPort {
  readonly name?: string;
  readonly port: number;
}

/** A Service the rendered stack creates, either through a chart or as a rendered manifest. */
export interface KnownService {
  readonly name: string;
  readonly namespace: string;
  readonly ports: readonly KnownPort[];
  /** `chart <name> (release <release>)` or the manifest file: said in findings so a user knows where to look. */
  readonly origin: string;
  /** The chart that creates it, when a chart does. */
  readonly chart?: string;
  /** What it serves, for chart Services: what a data source or exporter of a given kind must point at. */
  readonly roles?: readonly ServiceRole[];
  /** Labels of a rendered Service (ServiceMonitors select by them); unknown for chart Services. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The pods a rendered Service sends to. */
  readonly selector?: Readonly<Record<string, string>>;
}

/** What a chart Service is for. */
export type ServiceRole = 'prometheus' | 'alertmanager' | 'grafana' | 'loki-query' | 'loki-push' | 'tempo-query' | 'otlp-receiver';

/*
 * The Services each pinned chart creates, as a function of its release name and values. Each rule
 * restates the chart's own templates (`_helpers.tpl` fullname, `service*.yaml`) at the pinned
 * version, so a values change that renames or closes a port shows up in the wiring check.
 */

/** Helm's `<chart>.fullname`: override, else the release (when it contains the name) or `<release>-<name>`, truncated. */
export function chartFullname(release: string, values: unknown, chartName: string, max = 63): string {
  const override = dig(values, 'fullnameOverride');
  const name = typeof dig(values, 'nameOverride') === 'string' && dig(values, 'nameOverride') !== '' ? String(dig(values, 'nameOverride')) : chartName;
  const full = typeof override === 'string' && override !== '' ? override : release.includes(name) ? release : `${release}-${name}`;
  return full.slice(0, max).replace(/-+$/, '');
}

function num(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return fallback;
}

function enabled(value: unknown, fallback = true): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** The port of an `0.0.0.0:4317`-style receiver endpoint, or undefined when the receiver is off. */
function endpointPort(endpoint: unknown): number | undefined {
  if (typeof endpoint !== 'string') return undefined;
  const match = /:(\d+)$/.exec(endpoint);
  return match ? Number(match[1]) : undefined;
}

function kubePrometheusStack(r: ChartRelease): KnownService[] {
  const v = r.values;
  const origin = `chart kube-prometheus-stack (release ${r.release})`;
  const fullname = chartFullname(r.release, v, 'kube-prometheus-stack', 26);
  const out: KnownService[] = [];
  const svc = (name: string, ports: KnownPort[], roles: ServiceRole[] = []): void => void out.push({ name, namespace: r.namespace, ports, origin, roles });
  if (enabled(dig(v, 'prometheus', 'enabled'))) {
    svc(`${fullname}-prometheus`, [
      { name: 'http-web', port: num(dig(v, 'prometheus', 'service', 'port'), 9090) },
      { name: 'reloader-web', port: num(dig(v, 'prometheus', 'service', 'reloaderWebPort'), 8080) },
    ], ['prometheus']);
    // The operator's governing Service for every Prometheus StatefulSet.
    svc('prometheus-operated', [{ name: 'web', port: 9090 }], ['prometheus']);
  }
  if (enabled(dig(v, 'alertmanager', 'enabled'))) {
    svc(`${fullname}-alertmanager`, [
      { name: 'http-web', port: num(dig(v, 'alertmanager', 'service', 'port'), 9093) },
      { name: 'reloader-web', port: 8080 },
    ], ['alertmanager']);
    svc('alertmanager-operated', [{ name: 'web', port: 9093 }, { name: 'tcp-mesh', port: 9094 }], ['alertmanager']);
  }
  if (enabled(dig(v, 'prometheusOperator', 'enabled'))) svc(`${fullname}-operator`, [{ name: 'https', port: 443 }]);
  if (enabled(dig(v, 'grafana', 'enabled'))) {
    const grafana = dig(v, 'grafana');
    const portName = dig(grafana, 'service', 'portName');
    svc(chartFullname(r.release, grafana, 'grafana'), [{ name: typeof portName === 'string' ? portName : 'service', port: num(dig(grafana, 'service', 'port'), 80) }], ['grafana']);
  }
  if (enabled(dig(v, 'kubeStateMetrics', 'enabled'))) svc(chartFullname(r.release, dig(v, 'kube-state-metrics'), 'kube-state-metrics'), [{ name: 'http', port: 8080 }]);
  if (enabled(dig(v, 'nodeExporter', 'enabled'))) svc(chartFullname(r.release, dig(v, 'prometheus-node-exporter'), 'prometheus-node-exporter'), [{ name: 'http-metrics', port: 9100 }]);
  return out;
}

function loki(r: ChartRelease): KnownService[] {
  const v = r.values;
  const origin = `chart loki (release ${r.release})`;
  const fullname = chartFullname(r.release, v, 'loki');
  const name = typeof v['nameOverride'] === 'string' && v['nameOverride'] !== '' ? v['nameOverride'] : 'loki';
  const http = num(dig(v, 'loki', 'server', 'http_listen_port'), 3100);
  const grpc = num(dig(v, 'loki', 'server', 'grpc_listen_port'), 9095);
  const ports: KnownPort[] = [{ name: 'http-metrics', port: http }, { name: 'grpc', port: grpc }];
  const mode = typeof v['deploymentMode'] === 'string' ? v['deploymentMode'] : 'Monolithic';
  const both: ServiceRole[] = ['loki-query', 'loki-push'];
  const named: [string, ServiceRole[]][] =
    mode === 'Monolithic' || mode === 'SingleBinary'
      ? [[fullname, both], [`${fullname}-headless`, both]]
      : mode === 'SimpleScalable'
        ? [[`${name}-write`, ['loki-push']], [`${name}-read`, ['loki-query']], [`${name}-backend`, []]]
        : mode === 'Distributed'
          ? [
              [`${fullname}-distributor`, ['loki-push']],
              [`${fullname}-query-frontend`, ['loki-query']],
              ...['ingester', 'querier', 'query-scheduler', 'compactor', 'index-gateway', 'ruler'].map((c): [string, ServiceRole[]] => [`${fullname}-${c}`, []]),
            ]
          : [];
  const out: KnownService[] = named.map(([n, roles]) => ({ name: n, namespace: r.namespace, ports, origin, roles }));
  if (enabled(dig(v, 'gateway', 'enabled'))) {
    out.push({ name: `${fullname}-gateway`, namespace: r.namespace, ports: [{ name: 'http-metrics', port: num(dig(v, 'gateway', 'service', 'port'), 80) }], origin, roles: both });
  }
  return out;
}

function tempoMonolithic(r: ChartRelease): KnownService[] {
  const v = r.values;
  const ports: KnownPort[] = [{ name: 'tempo-prom-metrics', port: num(dig(v, 'tempo', 'server', 'http_listen_port'), 3200) }];
  const grpc = endpointPort(dig(v, 'tempo', 'receivers', 'otlp', 'protocols', 'grpc', 'endpoint'));
  const http = endpointPort(dig(v, 'tempo', 'receivers', 'otlp', 'protocols', 'http', 'endpoint'));
  if (grpc !== undefined) ports.push({ name: 'grpc-tempo-otlp', port: grpc });
  if (http !== undefined) ports.push({ name: 'tempo-otlp-http', port: http });
  ports.push({ name: 'tempo-zipkin', port: 9411 });
  return [{ name: chartFullname(r.release, v, 'tempo'), namespace: r.namespace, ports, origin: `chart tempo (release ${r.release})`, roles: ['tempo-query', 'otlp-receiver'] }];
}

function tempoDistributed(r: ChartRelease): KnownService[] {
  const v = r.values;
  const origin = `chart tempo-distributed (release ${r.release})`;
  // tempo-distributed names itself `tempo` (its `tempo.name` default), not after the chart.
  const fullname = chartFullname(r.release, v, 'tempo');
  const httpPort = num(dig(v, 'tempo', 'structuredConfig', 'server', 'http_listen_port'), 3200);
  const distributorPorts: KnownPort[] = [{ name: 'http-metrics', port: httpPort }];
  if (enabled(dig(v, 'traces', 'otlp', 'grpc', 'enabled'), false)) distributorPorts.push({ name: 'otlp-grpc', port: num(dig(v, 'traces', 'otlp', 'grpc', 'port'), 4317) });
  if (enabled(dig(v, 'traces', 'otlp', 'http', 'enabled'), false)) distributorPorts.push({ name: 'otlp-http', port: 4318 });
  const out: KnownService[] = [
    { name: `${fullname}-distributor`, namespace: r.namespace, ports: distributorPorts, origin, roles: ['otlp-receiver'] },
    { name: `${fullname}-query-frontend`, namespace: r.namespace, ports: [{ name: 'http-metrics', port: num(dig(v, 'queryFrontend', 'service', 'httpMetricsPort'), httpPort) }, { name: 'grpc', port: 9095 }], origin, roles: ['tempo-query'] },
    { name: `${fullname}-querier`, namespace: r.namespace, ports: [{ name: 'http-metrics', port: httpPort }], origin },
  ];
  if (enabled(dig(v, 'gateway', 'enabled'), false)) out.push({ name: `${fullname}-gateway`, namespace: r.namespace, ports: [{ name: 'http-metrics', port: num(dig(v, 'gateway', 'service', 'port'), 80) }], origin, roles: ['tempo-query'] });
  return out;
}

function alloy(r: ChartRelease): KnownService[] {
  const v = r.values;
  if (!enabled(dig(v, 'service', 'enabled'))) return [];
  const ports: KnownPort[] = [{ name: 'http-metrics', port: num(dig(v, 'alloy', 'listenPort'), 12345) }];
  for (const extra of list(dig(v, 'alloy', 'extraPorts'))) {
    if (!isRecord(extra)) continue;
    ports.push({ ...(typeof extra['name'] === 'string' ? { name: extra['name'] } : {}), port: num(extra['port'], 0) });
  }
  return [{ name: chartFullname(r.release, v, 'alloy'), namespace: r.namespace, ports, origin: `chart alloy (release ${r.release})`, roles: ['otlp-receiver'] }];
}

function otelCollector(r: ChartRelease): KnownService[] {
  const v = r.values;
  const mode = dig(v, 'mode');
  const serviceEnabled = dig(v, 'service', 'enabled');
  // The chart creates the Service for deployment/statefulset modes unless disabled; a DaemonSet only on request.
  const created = mode === 'daemonset' ? serviceEnabled === true : (mode === 'deployment' || mode === 'statefulset') && serviceEnabled !== false;
  if (!created) return [];
  const ports: KnownPort[] = [];
  const declared = dig(v, 'ports');
  if (isRecord(declared)) {
    for (const [name, port] of Object.entries(declared)) {
      if (isRecord(port) && port['enabled'] === true) ports.push({ name, port: num(port['servicePort'], 0) });
    }
  }
  return [{ name: chartFullname(r.release, v, 'opentelemetry-collector'), namespace: r.namespace, ports, origin: `chart opentelemetry-collector (release ${r.release})`, roles: ['otlp-receiver'] }];
}

const BY_CHART: Readonly<Record<string, (r: ChartRelease) => KnownService[]>> = {
  'kube-prometheus-stack': kubePrometheusStack,
  loki,
  tempo: tempoMonolithic,
  'tempo-distributed': tempoDistributed,
  alloy,
  'opentelemetry-collector': otelCollector,
};

/** Every Service the rendered Helm releases create, derived from their release names and values. */
export function chartServices(releases: readonly ChartRelease[]): KnownService[] {
  return releases.flatMap((r) => (BY_CHART[r.chart]?.(r) ?? []).map((s) => ({ ...s, chart: r.chart })));
}
