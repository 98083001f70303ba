import { DEFAULT_RETENTION_DAYS, DEFAULT_SILENCE_WINDOW } from '@srcobs/ola';

/*
 * Every default of the config, in one place. They reproduce the seed's architecture with its
 * errata corrected (../shared/seed-errata.md): the schema applies them, and the comments say
 * where each one comes from.
 */

/** The `cluster` label the seed's Alloy config puts on every stream. */
export const DEFAULT_CLUSTER_NAME = 'kubernetes';

/** The seed's two namespaces. */
export const DEFAULT_NAMESPACES = { monitoring: 'monitoring', playground: 'playground' } as const;

/** The seed's `helm install <release>` names (E2, E3: one source of truth for derived names). */
export const DEFAULT_RELEASES = {
  kubePrometheusStack: 'kube-prometheus-stack',
  loki: 'loki',
  tempo: 'tempo',
  alloy: 'alloy',
  otelCollector: 'otel-collector',
} as const;

/**
 * Volume sizes. The seed asks for 10Gi for Prometheus with 30 days of retention, which a busy
 * cluster outgrows in days; 50Gi is the kube-prometheus-stack docs' own example size.
 */
export const DEFAULT_VOLUME_SIZES = {
  prometheus: '50Gi',
  alertmanager: '5Gi',
  grafana: '5Gi',
  loki: '50Gi',
  tempo: '20Gi',
} as const;

/** The StorageClass the seed names. Not a default (most clusters have no such class): an option. */
export const SEED_STORAGE_CLASS = 'nfs-default';

/** The seed's `retention: "720h"` (30 days), written where Prometheus reads it (E1). */
export const DEFAULT_METRICS_RETENTION = '30d';
/** Tempo keeps traces two weeks by default: a Go duration, hence hours. */
export const DEFAULT_TRACES_RETENTION = '336h';
export { DEFAULT_RETENTION_DAYS, DEFAULT_SILENCE_WINDOW };

/** The seed's host, served at `/` so links need no sub-path settings (E4). */
export const DEFAULT_GRAFANA = { host: 'grafana.e4r.internal', path: '/' } as const;

/**
 * The Secret Grafana's admin login comes from (E5: never `prom-operator` in values). The key
 * names are the Grafana chart's own defaults for `admin.existingSecret`.
 */
export const DEFAULT_GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

/** The seed's Gateway: class, name, namespace and TLS Secret. */
export const DEFAULT_GATEWAY = {
  enabled: true,
  className: 'envoy-gateway-class',
  name: 'envoy-grafana-gateway',
  namespace: 'default',
  create: true,
  tlsSecretName: 'grafana-gateway-tls',
} as const;

/** Where kubeadm-style control planes write the audit log (`--audit-log-path`). */
export const DEFAULT_AUDIT_LOG_PATH = '/var/log/kubernetes/audit/audit.log';

/** The playground's services: the seed's test-app (metrics, port 3000) and trace app (port 8000). */
export const DEFAULT_SERVICES = [
  { name: 'test-app', port: 3000, metricsPath: '/metrics', scrapeInterval: '15s', deploy: { image: 'srcobs/test-app:0.1.0', replicas: 1 } },
  { name: 'trace-app', port: 8000, metricsPath: '/metrics', scrapeInterval: '15s', deploy: { image: 'srcobs/trace-app:0.1.0', replicas: 1 } },
] as const;

export const DEFAULT_METRICS_PATH = '/metrics';
export const DEFAULT_SCRAPE_INTERVAL = '15s';

/** Alert thresholds: 5 % errors, p99 above 2.5 s (the playground's /slow waits 3 s on purpose), PVCs 85 % full. */
export const DEFAULT_ALERTING = { errorRatio: 0.05, latencyP99Seconds: 2.5, pvcFullRatio: 0.85 } as const;
