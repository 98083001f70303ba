import type { OlaCategory } from '@srcobs/ola';

/**
 * The resolved stack configuration: what every renderer receives, with every default applied.
 * Users write a partial of it (`srcobs.config.ts` or `srcobs.yaml`); `loadConfig` validates it
 * with the zod schema in `schema.ts` (which must produce exactly this type) and fills defaults.
 *
 * Renderers are pure functions of this object. Nothing in it is a secret: credentials are always
 * references to Kubernetes Secrets that the user creates.
 */
export interface StackConfig {
  /** A short name for the cluster, written as the `cluster` label on every log stream. */
  readonly clusterName: string;
  readonly namespaces: {
    /** Where Prometheus, Loki, Tempo, Grafana, Alloy and the Collector run. Default `monitoring`. */
    readonly monitoring: string;
    /** Where the sample services run. Default `playground`. */
    readonly playground: string;
  };
  /**
   * Helm release names. One source of truth: Service names (`<release>-grafana`), the
   * ServiceMonitor `release` label (erratum E2) and data-source URLs are derived from these.
   */
  readonly releases: {
    readonly kubePrometheusStack: string; // default 'kube-prometheus-stack'
    readonly loki: string; // default 'loki'
    readonly tempo: string; // default 'tempo'
    readonly alloy: string; // default 'alloy'
    readonly otelCollector: string; // default 'otel-collector'
  };
  readonly storage: {
    /** StorageClass for every PVC; undefined uses the cluster's default class. */
    readonly storageClassName?: string;
    readonly prometheus: VolumeConfig; // default 50Gi
    readonly alertmanager: VolumeConfig; // default 5Gi
    readonly grafana: VolumeConfig; // default 5Gi
    readonly loki: VolumeConfig; // default 50Gi (Monolithic filesystem)
    readonly tempo: VolumeConfig; // default 20Gi
  };
  readonly retention: {
    /** Prometheus TSDB retention, a Prometheus duration. Default `30d`. */
    readonly metrics: string;
    /** Optional size cap for Prometheus (`retentionSize`), e.g. `45GB`. */
    readonly metricsSize?: string;
    /** Tempo block retention. Default `336h` (14 days). */
    readonly traces: string;
    /** Days per OLA category; defaults are `DEFAULT_RETENTION_DAYS` from `@srcobs/ola`. */
    readonly logsDays: Readonly<Record<OlaCategory, number>>;
  };
  readonly loki: LokiConfig;
  readonly tempo: {
    /** `monolithic` installs the `tempo` chart (2.2.4); `distributed` installs `tempo-distributed` (3.3.0). */
    readonly mode: 'monolithic' | 'distributed';
    /** Object storage for `distributed`; `monolithic` uses a PVC. */
    readonly objectStorage?: ObjectStorageConfig;
    /**
     * The Kafka-compatible queue `tempo-distributed` 3.x requires between distributors and
     * block-builders/live-stores (Tempo 3.0 microservices). `partitions` sets the block-builder
     * and live-store replica counts, which must equal it. Only for `distributed`.
     */
    readonly kafka?: { readonly address: string; readonly partitions: number };
    /** Let Tempo's metrics-generator write span metrics and the service graph to Prometheus. */
    readonly metricsGenerator: boolean; // default false: Alloy's connectors do it (E10)
  };
  /**
   * How traces reach Tempo (erratum E11: one explicit path).
   * `collector`: app → OTel Collector → Tempo. `alloy`: app → Alloy → Tempo.
   * Either way span metrics and the service graph go to Prometheus, never to Tempo (E10).
   */
  readonly tracesPath: 'collector' | 'alloy'; // default 'alloy'
  readonly grafana: {
    /** Public host name, e.g. `grafana.e4r.internal`. */
    readonly host: string;
    /**
     * Path Grafana is served under. `/` by default; a sub-path such as `/grafana` sets
     * `server.root_url` and `serve_from_sub_path` together (E4).
     */
    readonly path: string;
    /** The admin user and password come from this existing Secret, never from values (E5). */
    readonly adminSecret: { readonly name: string; readonly userKey: string; readonly passwordKey: string };
  };
  readonly gateway: {
    readonly enabled: boolean; // default true
    /** GatewayClass to use, e.g. `envoy-gateway-class`. */
    readonly className: string;
    /** The Gateway's name and namespace (the seed puts it in `default`). */
    readonly name: string;
    readonly namespace: string;
    /** Create the Gateway (true) or attach routes to an existing one (false). */
    readonly create: boolean;
    /** Secret with the TLS certificate for `grafana.host`, in the Gateway's namespace. */
    readonly tlsSecretName: string;
  };
  readonly logs: {
    /** Tail pod logs through the Kubernetes API (the seed's choice; no DaemonSet, no hostPath). */
    readonly podLogs: boolean; // default true
    readonly kubernetesEvents: boolean; // default true
    /** Read the node journal (needs Alloy as a DaemonSet with /var/log/journal mounted). */
    readonly journal: boolean; // default false
    /**
     * Read the API server audit log on control-plane nodes (self-managed clusters only).
     * `managed` says the cloud keeps it (EKS/GKE/AKS): nothing is rendered and `srcobs audit`
     * reports the source as external.
     */
    readonly apiServerAudit: { readonly mode: 'off' | 'self-managed' | 'managed'; readonly logPath: string; readonly provider?: 'eks' | 'gke' | 'aks' | 'other' };
  };
  /** The services to monitor; the playground's test-app and trace-app by default. */
  readonly services: readonly ServiceConfig[];
  /** Per-category silence windows for the OLA alerts; defaults `DEFAULT_SILENCE_WINDOW`. */
  readonly olaAlertWindows: Readonly<Record<OlaCategory, string>>;
  readonly alerting: {
    readonly receivers: readonly AlertReceiver[];
    /** Thresholds the rendered Prometheus rules use. */
    readonly errorRatio: number; // default 0.05 (5 %)
    readonly latencyP99Seconds: number; // default 2.5 (the playground's /slow waits 3 s, on purpose)
    readonly pvcFullRatio: number; // default 0.85
  };
}

/** A PersistentVolumeClaim size, e.g. `50Gi`. */
export interface VolumeConfig {
  readonly size: string;
  /**
   * false renders an emptyDir instead of a PVC (throwaway clusters only). Always set in a
   * resolved config (default true); a config that keeps logs longer than a day on an emptyDir is
   * rejected (../shared/ola.md "Retention").
   */
  readonly persistent?: boolean;
}

export type LokiConfig =
  | { readonly mode: 'Monolithic'; readonly replicas: 1 }
  | { readonly mode: 'SimpleScalable'; readonly objectStorage: ObjectStorageConfig }
  | { readonly mode: 'Distributed'; readonly objectStorage: ObjectStorageConfig };

/** The user's bucket. Credentials come from a Secret (env vars) or workload identity, never values. */
export type ObjectStorageConfig =
  | { readonly type: 's3'; readonly bucket: string; readonly region: string; readonly endpoint?: string; readonly credentialsSecret?: string }
  | { readonly type: 'gcs'; readonly bucket: string; readonly credentialsSecret?: string }
  | { readonly type: 'azure'; readonly container: string; readonly accountName: string; readonly credentialsSecret?: string };

/** One service to monitor: its Service and ServiceMonitor are rendered together from this (E16). */
export interface ServiceConfig {
  readonly name: string;
  readonly namespace: string;
  /** The container port serving HTTP; the Service names it `http-metrics` when it serves metrics. */
  readonly port: number;
  readonly metricsPath: string; // default '/metrics'
  readonly scrapeInterval: string; // default '15s'
  /** Rendered as a Deployment too (the playground's apps); false for services the user deploys. */
  readonly deploy?: { readonly image: string; readonly replicas: number; readonly env?: Readonly<Record<string, string>> };
}

export type AlertReceiver =
  | { readonly type: 'slack'; readonly name: string; readonly channel: string; readonly webhookSecret: SecretKeyRef }
  | { readonly type: 'email'; readonly name: string; readonly to: string; readonly smarthost: string; readonly from: string; readonly passwordSecret?: SecretKeyRef }
  | { readonly type: 'webhook'; readonly name: string; readonly urlSecret: SecretKeyRef }
  | { readonly type: 'pagerduty'; readonly name: string; readonly routingKeySecret: SecretKeyRef };

/** A key in a Kubernetes Secret: how the config names a credential without holding it. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}
