import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../config/parse.js';
import { renderTempoValues } from './tempo.js';
import { assertValidValues, parsedValues } from './test-support.js';

test('defaults: the monolithic tempo chart, retention in hours, a PVC, no metrics-generator (E10)', async () => {
  const files = renderTempoValues(parseConfig({}));
  assert.equal(files[0]?.chart?.name, 'tempo');
  assert.equal(files[0]?.chart?.version, '2.2.4');
  const v = parsedValues(files);
  assert.equal(v.tempo.retention, '336h');
  assert.equal(v.tempo.metricsGenerator, undefined);
  assert.deepEqual(v.persistence, { enabled: true, size: '20Gi' });
  assert.deepEqual(v.serviceMonitor, { enabled: true, additionalLabels: { release: 'kube-prometheus-stack' } });
  await assertValidValues(files);
});

test("Tempo's metrics-generator writes to Prometheus' remote-write receiver when asked", async () => {
  const files = renderTempoValues(parseConfig({ tempo: { metricsGenerator: true }, releases: { kubePrometheusStack: 'kps' } }));
  const v = parsedValues(files);
  assert.deepEqual(v.tempo.metricsGenerator, { enabled: true, remoteWriteUrl: 'http://kps-kube-prometheus-stack-prometheus.monitoring.svc:9090/api/v1/write' });
  assert.deepEqual(v.tempo.overrides.defaults.metrics_generator.processors, ['service-graphs', 'span-metrics']);
  await assertValidValues(files);
});

test('distributed: tempo-distributed with the bucket, Kafka and the retention', async () => {
  const files = renderTempoValues(
    parseConfig({ tempo: { mode: 'distributed', objectStorage: { type: 's3', bucket: 'traces', region: 'eu-west-1', credentialsSecret: 'tempo-s3' }, kafka: { address: 'kafka.kafka.svc:9092', partitions: 6 } } }),
  );
  assert.equal(files[0]?.chart?.name, 'tempo-distributed');
  const v = parsedValues(files);
  assert.deepEqual(v.storage.trace, { backend: 's3', s3: { bucket: 'traces', region: 'eu-west-1', endpoint: 's3.eu-west-1.amazonaws.com' } });
  assert.equal(v.ingest.kafka.address, 'kafka.kafka.svc:9092');
  assert.equal(v.blockBuilder.replicas, 6);
  assert.equal(v.liveStore.replicas, 6);
  assert.equal(v.backendScheduler.config.provider.compaction.compaction.block_retention, '336h');
  assert.deepEqual(v.global.extraEnvFrom, [{ secretRef: { name: 'tempo-s3' } }]);
  assert.equal(v.traces.otlp.grpc.enabled, true);
  await assertValidValues(files);
  await assertValidValues(renderTempoValues(parseConfig({ tempo: { mode: 'distributed', objectStorage: { type: 'gcs', bucket: 't', credentialsSecret: 'k' }, kafka: { address: 'k:9092' } } })));
  await assertValidValues(renderTempoValues(parseConfig({ tempo: { mode: 'distributed', objectStorage: { type: 'azure', container: 't', accountName: 'a' }, kafka: { address: 'k:9092' } } })));
});
