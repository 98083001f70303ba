/**
 * Labels the Grafana sidecars of kube-prometheus-stack 88.5.3 watch for (its defaults:
 * `grafana.sidecar.dashboards.label: grafana_dashboard`, `labelValue: "1"`, and the same for
 * data sources). ConfigMaps carrying these are loaded without a Grafana restart.
 */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;
export const GRAFANA_DATASOURCE_LABEL = { key: 'grafana_datasource', value: '1' } as const;

/** Labels every object srcobs renders carries, so `kubectl get -l` finds them all. */
export const SRCOBS_LABELS = { 'app.kubernetes.io/managed-by': 'srcobs', 'app.kubernetes.io/part-of': 'srcobs' } as const;
