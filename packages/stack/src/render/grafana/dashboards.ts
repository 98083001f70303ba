import type { StackConfig } from '../../config/types.js';
import { dashboardDefinitions } from '../../dashboards/index.js';
import type { RenderedFile } from '../types.js';
import { yamlDocuments } from '../yaml-documents.js';
import { dashboardJson } from './dashboard-json.js';
import { GRAFANA_DASHBOARD_LABEL, SRCOBS_LABELS } from './sidecar.js';

/** Where the dashboard files go in the output folder. */
export const DASHBOARDS_DIR = 'grafana/dashboards';

/**
 * Every dashboard as Grafana JSON (one file each, for import by hand or review) and as ConfigMaps
 * in the monitoring namespace labelled for the Grafana sidecar, which loads them live.
 */
export function renderDashboards(config: StackConfig): RenderedFile[] {
  const dashboards = dashboardDefinitions(config).map((d) => ({ uid: d.uid, json: `${JSON.stringify(dashboardJson(d), null, 2)}\n` }));
  const files: RenderedFile[] = dashboards.map((d) => ({ path: `${DASHBOARDS_DIR}/${d.uid}.json`, kind: 'dashboard', content: d.json }));
  const configMaps = dashboards.map((d) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${d.uid}-dashboard`,
      namespace: config.namespaces.monitoring,
      labels: { ...SRCOBS_LABELS, [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value },
    },
    data: { [`${d.uid}.json`]: d.json },
  }));
  files.push({ path: `manifests/${config.namespaces.monitoring}/grafana-dashboards.yaml`, kind: 'manifest', content: yamlDocuments(configMaps) });
  return files;
}
