import type { AlertReceiver, StackConfig } from '../../config/types.js';
import { grafanaChartValues } from '../grafana/provisioning.js';
import type { RenderedFile } from '../types.js';
import { CHARTS, pvcSpec, valuesFile } from './charts.js';

/** Where Alertmanager mounts the Secrets named in `alertmanagerSpec.secrets` (prometheus-operator). */
const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/**
 * Values for kube-prometheus-stack 88.5.3: Prometheus with its retention and storage where the
 * chart reads them (E1) and the remote-write receiver on (E10), Alertmanager with receivers whose
 * credentials are files from Secrets, and Grafana with the admin login from a Secret (E5), its
 * root URL matching the route (E4), and sidecars that load the rendered dashboards and data sources.
 */
export function renderKubePrometheusStackValues(config: StackConfig): RenderedFile[] {
  const release = config.releases.kubePrometheusStack;
  return [valuesFile(CHARTS.kubePrometheusStack, release, config.namespaces.monitoring, kubePrometheusStackValues(config))];
}

/** The values object (exported for tests). */
export function kubePrometheusStackValues(config: StackConfig): Record<string, unknown> {
  return {
    prometheus: { prometheusSpec: prometheusSpec(config) },
    alertmanager: alertmanager(config),
    grafana: grafana(config),
  };
}

function prometheusSpec(config: StackConfig): Record<string, unknown> {
  return {
    retention: config.retention.metrics,
    ...(config.retention.metricsSize ? { retentionSize: config.retention.metricsSize } : {}),
    // Span metrics and the service graph arrive by remote write from Alloy (E10).
    enableRemoteWriteReceiver: true,
    // Exemplars carry trace ids from histograms to Tempo (the Prometheus data source links them, E13).
    enableFeatures: ['exemplar-storage'],
    externalLabels: { cluster: config.clusterName },
    ...(config.storage.prometheus.persistent === false ? {} : { storageSpec: { volumeClaimTemplate: { spec: pvcSpec(config, config.storage.prometheus) } } }),
  };
}

function alertmanager(config: StackConfig): Record<string, unknown> {
  const receivers = config.alerting.receivers;
  const secrets = [...new Set(receivers.flatMap(receiverSecrets))].sort();
  return {
    alertmanagerSpec: {
      ...(secrets.length > 0 ? { secrets } : {}),
      ...(config.storage.alertmanager.persistent === false ? {} : { storage: { volumeClaimTemplate: { spec: pvcSpec(config, config.storage.alertmanager) } } }),
    },
    ...(receivers.length > 0 ? { config: alertmanagerConfig(receivers) } : {}),
  };
}

function receiverSecrets(r: AlertReceiver): string[] {
  switch (r.type) {
    case 'slack':
      return [r.webhookSecret.name];
    case 'email':
      return r.passwordSecret ? [r.passwordSecret.name] : [];
    case 'webhook':
      return [r.urlSecret.name];
    case 'pagerduty':
      return [r.routingKeySecret.name];
  }
}

function secretFile(ref: { name: string; key: string }): string {
  return `${ALERTMANAGER_SECRETS_DIR}/${ref.name}/${ref.key}`;
}

/**
 * Alertmanager's routing: critical and warning alerts go to every receiver (`continue`), the
 * chart's Watchdog keeps its `null` receiver, and credentials are read from mounted Secret files
 * (`*_file`), so the generated Secret never holds a webhook URL or key.
 */
function alertmanagerConfig(receivers: readonly AlertReceiver[]): Record<string, unknown> {
  return {
    route: {
      receiver: 'null',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        ...receivers.map((r) => ({ receiver: r.name, matchers: ['severity =~ "critical|warning"'], continue: true })),
      ],
    },
    receivers: [{ name: 'null' }, ...receivers.map(receiverConfig)],
  };
}

function receiverConfig(r: AlertReceiver): Record<string, unknown> {
  switch (r.type) {
    case 'slack':
      return { name: r.name, slack_configs: [{ channel: r.channel, api_url_file: secretFile(r.webhookSecret), send_resolved: true }] };
    case 'email':
      return {
        name: r.name,
        email_configs: [{ to: r.to, from: r.from, smarthost: r.smarthost, send_resolved: true, ...(r.passwordSecret ? { auth_username: r.from, auth_password_file: secretFile(r.passwordSecret) } : {}) }],
      };
    case 'webhook':
      return { name: r.name, webhook_configs: [{ url_file: secretFile(r.urlSecret), send_resolved: true }] };
    case 'pagerduty':
      return { name: r.name, pagerduty_configs: [{ routing_key_file: secretFile(r.routingKeySecret), send_resolved: true }] };
  }
}

/** Grafana's public URL: `https://<host>/` or `https://<host>/<sub-path>/` (E4). */
export function grafanaRootUrl(config: StackConfig): string {
  const sub = config.grafana.path === '/' ? '/' : `${config.grafana.path}/`;
  return `https://${config.grafana.host}${sub}`;
}

function grafana(config: StackConfig): Record<string, unknown> {
  const subPath = config.grafana.path !== '/';
  // The data sources and dashboards arrive as ConfigMaps for the sidecars; their renderer says how
  // the sidecars must be set (its Prometheus source replaces the chart's default one, same UID).
  const provisioning = grafanaChartValues(config);
  return {
    admin: { existingSecret: config.grafana.adminSecret.name, userKey: config.grafana.adminSecret.userKey, passwordKey: config.grafana.adminSecret.passwordKey },
    'grafana.ini': {
      server: { domain: config.grafana.host, root_url: grafanaRootUrl(config), ...(subPath ? { serve_from_sub_path: true } : {}) },
      analytics: { reporting_enabled: false, check_for_updates: false },
    },
    persistence:
      config.storage.grafana.persistent === false
        ? { enabled: false }
        : { enabled: true, size: config.storage.grafana.size, ...(config.storage.storageClassName ? { storageClassName: config.storage.storageClassName } : {}) },
    sidecar: {
      dashboards: { ...provisioning.sidecar.dashboards, searchNamespace: 'ALL' },
      datasources: { ...provisioning.sidecar.datasources },
    },
  };
}
