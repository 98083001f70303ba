import { stringify } from 'yaml';
import type { StackConfig } from '../../config/types.js';
import type { RenderedFile } from '../types.js';
import { yamlDocuments } from '../yaml-documents.js';
import { datasourceProvisioning } from './datasources.js';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCE_LABEL, SRCOBS_LABELS } from './sidecar.js';

/** The ConfigMap the data sources travel in, and the file name the sidecar writes them to. */
export const DATASOURCES_CONFIGMAP = 'srcobs-grafana-datasources';
export const DATASOURCES_KEY = 'srcobs-datasources.yaml';

/**
 * The data sources as a ConfigMap in the monitoring namespace, labelled for the Grafana sidecar
 * (it writes the file into Grafana's provisioning folder and reloads). Delivering them as a
 * ConfigMap keeps them out of the Helm values, so they can be validated as one object.
 */
export function renderGrafanaProvisioning(config: StackConfig): RenderedFile[] {
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: DATASOURCES_CONFIGMAP,
      namespace: config.namespaces.monitoring,
      labels: { ...SRCOBS_LABELS, [GRAFANA_DATASOURCE_LABEL.key]: GRAFANA_DATASOURCE_LABEL.value },
    },
    data: { [DATASOURCES_KEY]: stringify(datasourceProvisioning(config), { lineWidth: 0 }) },
  };
  return [{ path: `manifests/${config.namespaces.monitoring}/grafana-datasources.yaml`, kind: 'manifest', content: yamlDocuments([configMap]) }];
}

/** The `grafana:` values of kube-prometheus-stack that these data sources and dashboards rely on. */
export interface GrafanaChartValues {
  readonly sidecar: {
    readonly datasources: { readonly enabled: true; readonly defaultDatasourceEnabled: false; readonly label: string; readonly labelValue: string };
    readonly dashboards: { readonly enabled: true; readonly label: string; readonly labelValue: string };
  };
}

/**
 * What kube-prometheus-stack's `grafana:` values need for these data sources, to merge into its
 * values: the chart's own Prometheus data source is turned off because ours has the same UID
 * (`prometheus`) plus the exemplar link, and Grafana refuses two sources with one UID. The
 * sidecar labels are restated so the ConfigMaps and the sidecars cannot drift apart.
 */
export function grafanaChartValues(_config: StackConfig): GrafanaChartValues {
  return {
    sidecar: {
      datasources: { enabled: true, defaultDatasourceEnabled: false, label: GRAFANA_DATASOURCE_LABEL.key, labelValue: GRAFANA_DATASOURCE_LABEL.value },
      dashboards: { enabled: true, label: GRAFANA_DASHBOARD_LABEL.key, labelValue: GRAFANA_DASHBOARD_LABEL.value },
    },
  };
}
