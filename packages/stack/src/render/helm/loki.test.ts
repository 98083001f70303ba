import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OLA_CATEGORIES } from '@srcobs/ola';
import { parseConfig } from '../../config/parse.js';
import { validateHelmValues } from '../../validate/helm-values.js';
import { DEFAULT_VENDOR_DIR } from '../../validate/vendor.js';
import { renderLokiValues } from './loki.js';
import { allPaths, assertValidValues, parsedValues } from './test-support.js';

test('defaults: Monolithic on a filesystem PVC, no MinIO (E7), everything under loki: (E8)', async () => {
  const files = renderLokiValues(parseConfig({ storage: { storageClassName: 'nfs-default' } }));
  const v = parsedValues(files);
  assert.equal(v.deploymentMode, 'Monolithic');
  assert.equal(v.minio.enabled, false);
  assert.deepEqual(v.singleBinary, { replicas: 1, persistence: { enabled: true, size: '50Gi', storageClass: 'nfs-default' } });
  for (const key of ['limits_config', 'compactor', 'schemaConfig', 'pattern_ingester', 'ruler']) {
    assert.ok(key === 'compactor' || key === 'ruler' ? (v[key] === undefined || 'replicas' in v[key]) : v[key] === undefined, `${key} is a Loki setting: it belongs under loki:`);
  }
  assert.deepEqual(v.loki.storage, { type: 'filesystem' });
  assert.deepEqual(v.loki.schemaConfig.configs, [{ from: '2025-04-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }]);
  assert.equal(v.loki.limits_config.allow_structured_metadata, true);
  assert.equal(v.loki.rulerConfig.alertmanager_url, 'http://kube-prometheus-stack-alertmanager.monitoring.svc:9093');
  assert.equal(v.sidecar.rules.label, 'loki_rule');
  await assertValidValues(files);
});

test('retention: one stream per OLA category, the longest as the fallback, compactor on', () => {
  const v = parsedValues(renderLokiValues(parseConfig({ retention: { logsDays: { system_application: 45 } } })));
  assert.equal(v.loki.compactor.retention_enabled, true);
  assert.equal(v.loki.compactor.delete_request_store, 'filesystem');
  assert.equal(v.loki.limits_config.retention_period, '8760h');
  const streams = v.loki.limits_config.retention_stream as { selector: string; period: string }[];
  assert.deepEqual(streams.map((s) => s.selector), OLA_CATEGORIES.map((c) => `{ola_category="${c}"}`));
  assert.equal(streams.find((s) => s.selector.includes('system_application'))?.period, '1080h');
  assert.equal(streams.find((s) => s.selector.includes('endpoint_user_activity'))?.period, '4320h');
});

test('Distributed on S3: bucket names, credentials only by Secret reference', async () => {
  const files = renderLokiValues(parseConfig({ loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'logs', region: 'eu-west-1', credentialsSecret: 'loki-s3' } } }));
  const v = parsedValues(files);
  assert.equal(v.deploymentMode, 'Distributed');
  assert.deepEqual(v.loki.storage, { type: 's3', bucketNames: { chunks: 'logs', ruler: 'logs', admin: 'logs' }, s3: { region: 'eu-west-1' } });
  assert.equal(v.loki.schemaConfig.configs[0].object_store, 's3');
  assert.equal(v.loki.compactor.delete_request_store, 's3');
  assert.deepEqual(v.global.extraEnvFrom, [{ secretRef: { name: 'loki-s3' } }]);
  assert.deepEqual(allPaths(v).filter((p) => /secretAccessKey|accessKeyId/.test(p)), []);
  assert.equal(v.ingester.replicas, 3);
  assert.equal(v.singleBinary.replicas, 0);
  assert.equal(v.ruler.sidecar, true, 'the rules sidecar runs where the ruler runs');
  await assertValidValues(files);
});

test('GCS and Azure buckets, and SimpleScalable, pass the chart check', async () => {
  await assertValidValues(renderLokiValues(parseConfig({ loki: { mode: 'Distributed', objectStorage: { type: 'gcs', bucket: 'logs', credentialsSecret: 'gcs-key' } } })));
  const azure = renderLokiValues(parseConfig({ loki: { mode: 'Distributed', objectStorage: { type: 'azure', container: 'logs', accountName: 'acct', credentialsSecret: 'az' } } }));
  assert.equal(parsedValues(azure).loki.storage.azure.accountKey, '${AZURE_ACCOUNT_KEY}', 'a reference expanded at start, not a key');
  await assertValidValues(azure);
  const simple = renderLokiValues(parseConfig({ loki: { mode: 'SimpleScalable', objectStorage: { type: 's3', bucket: 'b', region: 'r' } } }));
  // Asked for explicitly, SimpleScalable renders, and the chart's deprecation is passed on (E7).
  const findings = await validateHelmValues(simple, { vendorDir: DEFAULT_VENDOR_DIR });
  assert.deepEqual(findings.map((f) => [f.severity, f.path]), [['warning', 'deploymentMode']]);
  assert.match(findings[0]?.message ?? '', /deprecated/);
});
