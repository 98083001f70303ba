import type { ObjectStorageConfig, StackConfig } from '../../config/types.js';
import { PROMETHEUS_PORT, prometheusServiceName } from '../../naming.js';
import type { RenderedFile } from '../types.js';
import { CHARTS, releaseLabel, valuesFile } from './charts.js';

/** Span metrics and the service graph, when Tempo (not Alloy) produces them (E10). */
const GENERATOR_PROCESSORS = ['service-graphs', 'span-metrics'];

/**
 * Values for Tempo: the monolithic `tempo` chart 2.2.4 on a PVC by default, or `tempo-distributed`
 * 3.3.0 with the user's bucket and Kafka. Retention is `retention.traces`; Tempo's own
 * metrics-generator writes to Prometheus only when the config asks (Alloy's connectors do it
 * otherwise, E10).
 */
export function renderTempoValues(config: StackConfig): RenderedFile[] {
  const monolithic = config.tempo.mode === 'monolithic';
  const chart = monolithic ? CHARTS.tempo : CHARTS.tempoDistributed;
  return [valuesFile(chart, config.releases.tempo, config.namespaces.monitoring, monolithic ? tempoValues(config) : tempoDistributedValues(config))];
}

function remoteWriteUrl(config: StackConfig): string {
  return `http://${prometheusServiceName(config)}.${config.namespaces.monitoring}.svc:${PROMETHEUS_PORT}/api/v1/write`;
}

/** Values for the monolithic `tempo` chart (exported for tests). */
export function tempoValues(config: StackConfig): Record<string, unknown> {
  const volume = config.storage.tempo;
  const generator = config.tempo.metricsGenerator;
  return {
    tempo: {
      retention: config.retention.traces,
      reportingEnabled: false,
      ...(generator
        ? {
            metricsGenerator: { enabled: true, remoteWriteUrl: remoteWriteUrl(config) },
            overrides: { defaults: { metrics_generator: { processors: GENERATOR_PROCESSORS } } },
          }
        : {}),
    },
    persistence: { enabled: volume.persistent !== false, size: volume.size, ...(config.storage.storageClassName ? { storageClassName: config.storage.storageClassName } : {}) },
    serviceMonitor: { enabled: true, additionalLabels: releaseLabel(config) },
  };
}

/** Values for `tempo-distributed` (exported for tests). */
export function tempoDistributedValues(config: StackConfig): Record<string, unknown> {
  const storage = config.tempo.objectStorage;
  const kafka = config.tempo.kafka;
  // The config checks guarantee both for distributed mode; say so if a caller skipped them.
  if (!storage || !kafka) throw new TypeError('tempo-distributed needs tempo.objectStorage and tempo.kafka: validate the config with parseConfig first');
  const generator = config.tempo.metricsGenerator;
  return {
    reportingEnabled: false,
    global: {
      ...(config.storage.storageClassName ? { storageClass: config.storage.storageClassName } : {}),
      ...(storage.credentialsSecret && storage.type !== 'gcs' ? { extraEnvFrom: [{ secretRef: { name: storage.credentialsSecret } }] } : {}),
    },
    ...credentialDefaults(storage),
    traces: { otlp: { grpc: { enabled: true }, http: { enabled: true } } },
    ingest: { kafka: { address: kafka.address, auto_create_topic_default_partitions: kafka.partitions } },
    // One block-builder and one live-store per partition (the chart's rule).
    blockBuilder: { replicas: kafka.partitions },
    liveStore: { replicas: kafka.partitions },
    storage: { trace: traceStorage(storage) },
    backendScheduler: { config: { provider: { compaction: { compaction: { block_retention: config.retention.traces } } } } },
    ...(generator
      ? {
          metricsGenerator: { enabled: true, config: { storage: { remote_write: [{ url: remoteWriteUrl(config), send_exemplars: true }] } } },
          overrides: { defaults: { metrics_generator: { processors: GENERATOR_PROCESSORS } } },
        }
      : {}),
    metaMonitoring: { serviceMonitor: { enabled: true, labels: releaseLabel(config) } },
  };
}

/** Tempo's `storage.trace` for a bucket; keys come from env (AWS SDK) or workload identity. */
function traceStorage(storage: ObjectStorageConfig): Record<string, unknown> {
  switch (storage.type) {
    case 's3':
      return { backend: 's3', s3: { bucket: storage.bucket, region: storage.region, endpoint: storage.endpoint ?? `s3.${storage.region}.amazonaws.com` } };
    case 'gcs':
      return { backend: 'gcs', gcs: { bucket_name: storage.bucket } };
    case 'azure':
      return {
        backend: 'azure',
        // A reference Tempo expands at start (-config.expand-env), never the key itself.
        azure: { container_name: storage.container, storage_account_name: storage.accountName, ...(storage.credentialsSecret ? { storage_account_key: '${AZURE_ACCOUNT_KEY}' } : { use_federated_token: true }) },
      };
  }
}

/**
 * Credentials from the user's Secret, for every Tempo component (`defaults`): S3 keys arrive as
 * AWS_* variables (global.extraEnvFrom above), a GCS key file is mounted, and Azure's key is
 * expanded into the config from AZURE_ACCOUNT_KEY.
 */
function credentialDefaults(storage: ObjectStorageConfig): Record<string, unknown> {
  if (!storage.credentialsSecret) return {};
  if (storage.type === 'gcs') {
    return {
      defaults: {
        extraEnv: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/tempo/gcs/key.json' }],
        extraVolumes: [{ name: 'gcs-credentials', secret: { secretName: storage.credentialsSecret } }],
        extraVolumeMounts: [{ name: 'gcs-credentials', mountPath: '/etc/tempo/gcs', readOnly: true }],
      },
    };
  }
  return storage.type === 'azure' ? { defaults: { extraArgs: ['-config.expand-env=true'] } } : {};
}
