import type { StackConfig } from '../config/types.js';
import { HTTP_SERVER_DURATION, SERVICE_GRAPH } from './metric-names.js';
import type { DashboardDefinition } from './types.js';

const EDGE = 'client="$client", server="$server"';
const W = '$__rate_interval';

function quantile(q: number, metric: string): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${metric}_bucket{${EDGE}}[${W}])))`;
}

function mean(metric: string): string {
  return `sum(rate(${metric}_sum{${EDGE}}[${W}])) / sum(rate(${metric}_count{${EDGE}}[${W}]))`;
}

/**
 * The playground's caller and callee: trace-app and test-app when both are monitored, otherwise
 * the first two services of the config.
 */
function defaultEdge(config: StackConfig): { client: string; server: string } {
  const names = config.services.map((s) => s.name);
  if (names.includes('trace-app') && names.includes('test-app')) return { client: 'trace-app', server: 'test-app' };
  return { client: names[0] ?? 'trace-app', server: names[1] ?? 'test-app' };
}

/**
 * One call between two services (trace-app → test-app by default) seen from both ends: the
 * client's view (including the network and connection setup) against the server's own, from the
 * service-graph metrics that Alloy's `otelcol.connector.servicegraph` writes to Prometheus (E10),
 * plus the traces that made them.
 */
export function callLatencyDashboard(config: StackConfig): DashboardDefinition {
  const edge = defaultEdge(config);
  const slowSeconds = config.alerting.latencyP99Seconds;
  return {
    uid: 'srcobs-call-latency',
    title: 'Calls between services: client vs server latency',
    description: 'Latency of the calls from one service to another, as the client and the server each measured it, with the traces behind them.',
    tags: ['srcobs', 'traces', 'service-graph'],
    from: 'now-1h',
    refresh: '30s',
    variables: [
      { kind: 'query', name: 'client', label: 'Client', datasource: 'prometheus', query: `label_values(${SERVICE_GRAPH.total}, client)`, multi: false, includeAll: false, default: edge.client },
      { kind: 'query', name: 'server', label: 'Server', datasource: 'prometheus', query: `label_values(${SERVICE_GRAPH.total}{client="$client"}, server)`, multi: false, includeAll: false, default: edge.server },
    ],
    rows: [
      {
        title: 'Calls',
        panels: [
          { title: 'Calls per second', kind: 'stat', description: 'Calls from client to server per second, from paired client and server spans.', unit: 'reqps', targets: [{ refId: 'A', datasource: 'prometheus', expr: `sum(rate(${SERVICE_GRAPH.total}{${EDGE}}[${W}]))`, instant: true }] },
          {
            title: 'Failed calls',
            kind: 'stat',
            description: 'Share of calls where either span has an error status.',
            unit: 'percentunit',
            decimals: 2,
            thresholds: [{ value: null, color: 'green' }, { value: config.alerting.errorRatio, color: 'red' }],
            targets: [{ refId: 'A', datasource: 'prometheus', expr: `(sum(rate(${SERVICE_GRAPH.failed}{${EDGE}}[${W}])) or sum(rate(${SERVICE_GRAPH.total}{${EDGE}}[${W}])) * 0) / sum(rate(${SERVICE_GRAPH.total}{${EDGE}}[${W}]))`, instant: true }],
          },
          {
            title: 'Time outside the server',
            kind: 'stat',
            description: 'Mean client-side duration minus mean server-side duration: network, DNS, connection setup and client queueing.',
            unit: 's',
            targets: [{ refId: 'A', datasource: 'prometheus', expr: `(${mean(SERVICE_GRAPH.clientSeconds)}) - (${mean(SERVICE_GRAPH.serverSeconds)})`, instant: true }],
          },
        ],
      },
      {
        title: 'Latency, client side vs server side',
        panels: [
          {
            title: 'p50 and p99: client vs server',
            kind: 'timeseries',
            description: 'The same calls timed by the client span and by the server span.',
            unit: 's',
            min: 0,
            width: 16,
            targets: [
              { refId: 'A', datasource: 'prometheus', expr: quantile(0.5, SERVICE_GRAPH.clientSeconds), legend: 'client p50' },
              { refId: 'B', datasource: 'prometheus', expr: quantile(0.99, SERVICE_GRAPH.clientSeconds), legend: 'client p99' },
              { refId: 'C', datasource: 'prometheus', expr: quantile(0.5, SERVICE_GRAPH.serverSeconds), legend: 'server p50' },
              { refId: 'D', datasource: 'prometheus', expr: quantile(0.99, SERVICE_GRAPH.serverSeconds), legend: 'server p99' },
            ],
          },
          {
            title: 'Server p99 from its own metrics',
            kind: 'timeseries',
            description: "The server's request histogram, per route: should agree with the server-side span timing.",
            unit: 's',
            min: 0,
            width: 8,
            targets: [{ refId: 'A', datasource: 'prometheus', expr: `histogram_quantile(0.99, sum by (route, le) (rate(${HTTP_SERVER_DURATION}_bucket{job="$server"}[${W}])))`, legend: '{{route}}', exemplars: true }],
          },
        ],
      },
      {
        title: 'Traces',
        panels: [
          { title: 'Service map', kind: 'nodeGraph', description: 'Services and the calls between them, from the service-graph metrics.', width: 10, height: 10, targets: [{ refId: 'A', datasource: 'tempo', tempoQueryType: 'serviceMap', expr: '{client="$client"}' }] },
          {
            title: `Slow calls (server span over ${slowSeconds} s)`,
            kind: 'table',
            description: 'Traces where the client calls the server and the server span is slower than the latency alert threshold.',
            width: 14,
            height: 10,
            targets: [{ refId: 'A', datasource: 'tempo', tempoQueryType: 'traceql', expr: `{ resource.service.name = "$client" } >> { resource.service.name = "$server" && kind = server && duration > ${Math.round(slowSeconds * 1000)}ms }`, limit: 20 }],
          },
        ],
      },
    ],
  };
}
