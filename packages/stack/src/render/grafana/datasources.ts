import type { StackConfig } from '../../config/types.js';
import { DATASOURCE_UIDS } from '../../dashboards/datasources.js';
import { errorRatio, latencyQuantile, requestRate } from '../../dashboards/queries.js';
import { LOKI_HTTP_PORT, lokiFullname, lokiGatewayServiceName, PROMETHEUS_PORT, prometheusServiceName, serviceHost, TEMPO_HTTP_PORT, tempoQueryServiceName } from '../../naming.js';

/** One provisioned data source, as Grafana's provisioning file (`apiVersion: 1`) lists it. */
export interface GrafanaDatasource {
  readonly name: string;
  readonly type: 'prometheus' | 'loki' | 'tempo';
  readonly uid: string;
  readonly access: 'proxy';
  readonly url: string;
  readonly isDefault: boolean;
  readonly editable: boolean;
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/*
 * Grafana expands `$VAR` and `${VAR}` from its environment in provisioning files, so every
 * template variable meant for the data source itself (`${__value.raw}`, `$__tags`) is written
 * with `$$`, which the provisioning loader turns back into one `$`.
 */

/** Where Grafana reaches each backend: Service names derived from the release names (E3, E12). */
export function datasourceUrls(config: StackConfig): { prometheus: string; loki: string; tempo: string } {
  const ns = config.namespaces.monitoring;
  // Monolithic Loki answers queries itself on 3100; the other modes spread reads over several
  // Services, which the chart's gateway (port 80) routes between.
  const loki = config.loki.mode === 'Monolithic' ? `http://${serviceHost(lokiFullname(config), ns)}:${LOKI_HTTP_PORT}` : `http://${serviceHost(lokiGatewayServiceName(config), ns)}`;
  return {
    prometheus: `http://${serviceHost(prometheusServiceName(config), ns)}:${PROMETHEUS_PORT}`,
    loki,
    tempo: `http://${serviceHost(tempoQueryServiceName(config), ns)}:${TEMPO_HTTP_PORT}`,
  };
}

/**
 * The three data sources with fixed UIDs and the links between them (E13): exemplars open traces,
 * trace ids in log lines open traces, a span opens its logs and its service's RED metrics, and
 * Tempo draws the service map from the service-graph metrics in Prometheus.
 */
export function grafanaDatasources(config: StackConfig): GrafanaDatasource[] {
  const urls = datasourceUrls(config);
  const tags = '$$__tags';
  const window = '5m';
  return [
    {
      name: 'Prometheus',
      type: 'prometheus',
      uid: DATASOURCE_UIDS.prometheus,
      access: 'proxy',
      url: urls.prometheus,
      isDefault: true,
      editable: false,
      jsonData: {
        httpMethod: 'POST',
        prometheusType: 'Prometheus',
        timeInterval: '15s',
        // The SDK attaches `trace_id` to histogram exemplars.
        exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo, urlDisplayLabel: 'View trace' }],
      },
    },
    {
      name: 'Loki',
      type: 'loki',
      uid: DATASOURCE_UIDS.loki,
      access: 'proxy',
      url: urls.loki,
      isDefault: false,
      editable: false,
      jsonData: {
        maxLines: 1000,
        derivedFields: [
          // The SDK's JSON log lines carry `"trace_id":"<32 hex>"`.
          { name: 'TraceID', matcherType: 'regex', matcherRegex: '"trace_id"\\s*:\\s*"([0-9a-fA-F]{32})"', url: '$${__value.raw}', datasourceUid: DATASOURCE_UIDS.tempo, urlDisplayLabel: 'View trace' },
          // Pipelines that lift the trace id into structured metadata or a label.
          { name: 'trace_id', matcherType: 'label', matcherRegex: 'trace_id', url: '$${__value.raw}', datasourceUid: DATASOURCE_UIDS.tempo, urlDisplayLabel: 'View trace' },
        ],
      },
    },
    {
      name: 'Tempo',
      type: 'tempo',
      uid: DATASOURCE_UIDS.tempo,
      access: 'proxy',
      url: urls.tempo,
      isDefault: false,
      editable: false,
      jsonData: {
        tracesToLogsV2: {
          datasourceUid: DATASOURCE_UIDS.loki,
          spanStartTimeShift: '-5m',
          spanEndTimeShift: '5m',
          // Loki 3 derives `service_name` for every stream; the namespace comes from k8sattributes.
          tags: [
            { key: 'service.name', value: 'service_name' },
            { key: 'k8s.namespace.name', value: 'namespace' },
          ],
          filterByTraceID: true,
          filterBySpanID: false,
          customQuery: true,
          query: `{${tags}} |= "$\${__trace.traceId}"`,
        },
        tracesToMetrics: {
          datasourceUid: DATASOURCE_UIDS.prometheus,
          spanStartTimeShift: '-15m',
          spanEndTimeShift: '15m',
          // ServiceMonitor targets carry the Service name as `job`, which is the span's service.name.
          tags: [{ key: 'service.name', value: 'job' }],
          queries: [
            { name: 'Request rate', query: requestRate(tags, window, []) },
            { name: 'Error ratio', query: errorRatio(tags, window, []) },
            { name: 'p99 latency', query: latencyQuantile(0.99, tags, window, []) },
          ],
        },
        serviceMap: { datasourceUid: DATASOURCE_UIDS.prometheus },
        nodeGraph: { enabled: true },
        lokiSearch: { datasourceUid: DATASOURCE_UIDS.loki },
        search: { hide: false },
        traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '-30m', spanEndTimeShift: '30m' },
      },
    },
  ];
}

/** The Grafana provisioning file (`apiVersion: 1`) with the data sources. */
export function datasourceProvisioning(config: StackConfig): { apiVersion: 1; datasources: GrafanaDatasource[] } {
  return { apiVersion: 1, datasources: grafanaDatasources(config) };
}
