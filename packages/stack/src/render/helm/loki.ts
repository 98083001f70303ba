import { OLA_CATEGORIES, OLA_LABEL } from '@srcobs/ola';
import type { ObjectStorageConfig, StackConfig } from '../../config/types.js';
import { alertmanagerServiceName } from '../../naming.js';
import { LOKI_RULE_LABEL } from '../rules/loki.js';
import type { RenderedFile } from '../types.js';
import { CHARTS, daysToHours, releaseLabel, valuesFile } from './charts.js';

/** The seed's schema start date: any fixed past date works, and it must never change once data exists. */
const SCHEMA_FROM = '2025-04-01';
/** With `auth_enabled: false` every stream belongs to this tenant, so rules live in its folder. */
const SINGLE_TENANT = 'fake';
/** Where the rules sidecar writes rule files, and where the ruler reads them (`<dir>/<tenant>/`). */
const RULES_DIR = '/rules';

/**
 * Values for loki 18.11.0. Everything Loki reads is under `loki:` (E8); the mode is `Monolithic`
 * with a filesystem PVC by default, not the deprecated `SingleBinary` with MinIO (E7); retention
 * is the OLA's, per category, enforced by the compactor (../shared/ola.md "Retention"); the ruler
 * runs the OLA silence alerts (the ConfigMap the rules renderer labels for the chart's rules
 * sidecar) against Alertmanager.
 */
export function renderLokiValues(config: StackConfig): RenderedFile[] {
  return [valuesFile(CHARTS.loki, config.releases.loki, config.namespaces.monitoring, lokiValues(config))];
}

/** The values object (exported for tests). */
export function lokiValues(config: StackConfig): Record<string, unknown> {
  const monolithic = config.loki.mode === 'Monolithic';
  const objectStorage = config.loki.mode === 'Monolithic' ? undefined : config.loki.objectStorage;
  return {
    deploymentMode: config.loki.mode,
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: monolithic ? 1 : 3 },
      schemaConfig: { configs: [{ from: SCHEMA_FROM, store: 'tsdb', object_store: objectStorage ? objectStoreName(objectStorage) : 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }] },
      storage: objectStorage ? bucketStorage(objectStorage) : { type: 'filesystem' },
      compactor: { retention_enabled: true, delete_request_store: objectStorage ? objectStoreName(objectStorage) : 'filesystem' },
      limits_config: limits(config),
      pattern_ingester: { enabled: true },
      rulerConfig: {
        storage: { type: 'local', local: { directory: RULES_DIR } },
        alertmanager_url: `http://${alertmanagerServiceName(config)}.${config.namespaces.monitoring}.svc:9093`,
        enable_api: true,
      },
    },
    ...credentialEnv(objectStorage),
    // Any value of the label matches (labelValue ""), so the rules ConfigMap is found whatever it sets.
    sidecar: { rules: { enabled: true, label: LOKI_RULE_LABEL, labelValue: '', folder: `${RULES_DIR}/${SINGLE_TENANT}` } },
    ...components(config),
    // The canary and the Helm test push synthetic lines into the OLA categories: not in production.
    lokiCanary: { enabled: false },
    test: { enabled: false },
    minio: { enabled: false },
    monitoring: { serviceMonitor: { enabled: true, labels: releaseLabel(config) } },
  };
}

/**
 * Retention (../shared/ola.md): one `retention_stream` per category, and the longest as the
 * fallback for any stream without the label, so nothing the OLA needs is deleted early.
 */
function limits(config: StackConfig): Record<string, unknown> {
  const days = config.retention.logsDays;
  const longest = Math.max(...OLA_CATEGORIES.map((c) => days[c]));
  return {
    retention_period: daysToHours(longest),
    retention_stream: OLA_CATEGORIES.map((c) => ({ selector: `{${OLA_LABEL}="${c}"}`, priority: 1, period: daysToHours(days[c]) })),
    allow_structured_metadata: true,
    volume_enabled: true,
  };
}

function objectStoreName(storage: ObjectStorageConfig): string {
  return storage.type;
}

/** The chart's `loki.storage` for a bucket; credentials never appear here (see credentialEnv). */
function bucketStorage(storage: ObjectStorageConfig): Record<string, unknown> {
  switch (storage.type) {
    case 's3':
      return { type: 's3', bucketNames: { chunks: storage.bucket, ruler: storage.bucket, admin: storage.bucket }, s3: { region: storage.region, ...(storage.endpoint ? { endpoint: storage.endpoint } : {}) } };
    case 'gcs':
      return { type: 'gcs', bucketNames: { chunks: storage.bucket, ruler: storage.bucket, admin: storage.bucket } };
    case 'azure':
      return {
        type: 'azure',
        bucketNames: { chunks: storage.container, ruler: storage.container, admin: storage.container },
        // A reference Loki expands at start (-config.expand-env), never the key itself.
        azure: { accountName: storage.accountName, ...(storage.credentialsSecret ? { accountKey: '${AZURE_ACCOUNT_KEY}' } : { useManagedIdentity: true }) },
      };
  }
}

/**
 * Credentials reach Loki as environment variables from the user's Secret: the AWS SDK reads
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY itself, GCS reads the key file that
 * GOOGLE_APPLICATION_CREDENTIALS names, and Azure's AZURE_ACCOUNT_KEY is expanded into the config
 * by `-config.expand-env`. Without a Secret, workload identity (IRSA, GKE, Azure) is used.
 */
function credentialEnv(storage: ObjectStorageConfig | undefined): Record<string, unknown> {
  if (!storage?.credentialsSecret) return {};
  const secret = storage.credentialsSecret;
  if (storage.type === 'gcs') {
    return {
      global: {
        extraEnv: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/loki/gcs/key.json' }],
        extraVolumes: [{ name: 'gcs-credentials', secret: { secretName: secret } }],
        extraVolumeMounts: [{ name: 'gcs-credentials', mountPath: '/etc/loki/gcs', readOnly: true }],
      },
    };
  }
  return { global: { extraEnvFrom: [{ secretRef: { name: secret } }], ...(storage.type === 'azure' ? { extraArgs: ['-config.expand-env=true'] } : {}) } };
}

/** Replica counts per mode: the chart renders only the components of the chosen mode. */
function components(config: StackConfig): Record<string, unknown> {
  const storage = config.storage.loki;
  switch (config.loki.mode) {
    case 'Monolithic':
      return {
        singleBinary: {
          replicas: 1,
          persistence: { enabled: storage.persistent !== false, size: storage.size, ...(config.storage.storageClassName ? { storageClass: config.storage.storageClassName } : {}) },
        },
        // The caches are sized for clusters that ingest TBs a day (chunksCache asks 8 GiB).
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        ...zero(['backend', 'read', 'write', 'ingester', 'querier', 'queryFrontend', 'queryScheduler', 'distributor', 'compactor', 'indexGateway', 'ruler']),
      };
    case 'SimpleScalable':
      return { backend: { replicas: 3 }, read: { replicas: 3 }, write: { replicas: 3 }, singleBinary: { replicas: 0 } };
    case 'Distributed':
      return {
        ingester: { replicas: 3, zoneAwareReplication: { enabled: false } },
        distributor: { replicas: 3 },
        querier: { replicas: 3 },
        queryFrontend: { replicas: 2 },
        queryScheduler: { replicas: 2 },
        indexGateway: { replicas: 2 },
        compactor: { replicas: 1 },
        ruler: { replicas: 1, sidecar: true },
        ...zero(['singleBinary', 'backend', 'read', 'write']),
      };
  }
}

function zero(names: readonly string[]): Record<string, { replicas: 0 }> {
  return Object.fromEntries(names.map((n) => [n, { replicas: 0 }]));
}
