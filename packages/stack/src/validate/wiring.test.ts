import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../config/parse.js';
import { renderStack } from '../render/render-stack.js';
import { testConfig } from '../testing/config-fixture.js';
import { editFile, editValues, replaceOnce, vendorContext } from '../testing/render-s2.js';
import { validateWiring } from './wiring.js';

const wiring = (files: Parameters<typeof validateWiring>[0]) => validateWiring(files, vendorContext());

test('the default stack, the Collector trace path and Distributed Loki are wired without a finding', () => {
  assert.deepEqual(wiring(renderStack(testConfig())), []);
  assert.deepEqual(wiring(renderStack(testConfig({ tracesPath: 'collector' }))), []);
  assert.deepEqual(wiring(renderStack(parseConfig({ loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'logs', region: 'eu-west-1' } } }))), []);
  assert.deepEqual(wiring(renderStack(parseConfig({ grafana: { path: '/grafana' }, releases: { kubePrometheusStack: 'monitoring-stack-with-a-long-release-name' } }))), []);
});

test('a ServiceMonitor whose selector matches no Service is an error', () => {
  const files = editFile(renderStack(testConfig()), 'manifests/playground/test-app.yaml', (c) => replaceOnce(c, /matchLabels:\n      app.kubernetes.io\/name: test-app\n  namespaceSelector/, 'matchLabels:\n      app.kubernetes.io/name: test-api\n  namespaceSelector'));
  const found = wiring(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.path, 'ServiceMonitor/playground/test-app:spec.selector');
  assert.match(found[0]?.message ?? '', /selects no Service/);
});

test('a Service forwarding to a container port name the Deployment does not declare is an error', () => {
  const files = editFile(renderStack(testConfig()), 'manifests/playground/trace-app.yaml', (c) => replaceOnce(c, 'targetPort: http-metrics', 'targetPort: http'));
  const found = wiring(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]?.message ?? '', /forwards to container port "http", which Deployment\/playground\/trace-app does not declare/);
});

test('a route attached to a listener that does not admit its namespace is an error', () => {
  const files = editFile(renderStack(testConfig()), 'manifests/default/gateway.yaml', (c) => c.replaceAll('kubernetes.io/metadata.name: monitoring', 'kubernetes.io/metadata.name: grafana'));
  const found = wiring(files).filter((f) => f.severity === 'error');
  assert.equal(found.length, 2, JSON.stringify(found));
  assert.ok(found.every((f) => /does not admit routes from namespace "monitoring"/.test(f.message)));
});

test('a dashboard querying a data source UID that is not provisioned is an error on its panel', () => {
  const files = editFile(renderStack(testConfig()), 'grafana/dashboards/srcobs-ola-compliance.json', (c) => c.replaceAll('"uid": "loki"', '"uid": "loki-logs"'));
  const found = wiring(files);
  assert.ok(found.length > 0);
  assert.ok(found.every((f) => f.file === 'grafana/dashboards/srcobs-ola-compliance.json' && /UID "loki-logs", which is not provisioned/.test(f.message)), JSON.stringify(found));
});

test('an unescaped ${…} in a provisioned data source is an error (Grafana would expand it from its environment)', () => {
  const files = editFile(renderStack(testConfig()), 'manifests/monitoring/grafana-datasources.yaml', (c) => c.replaceAll('$${__value.raw}', '${__value.raw}'));
  const found = wiring(files);
  assert.equal(found.length, 2, JSON.stringify(found));
  assert.ok(found.every((f) => /jsonData\.derivedFields\[\d\]\.url$/.test(f.path ?? '')));
});

test("the chart's own Prometheus data source left on duplicates the UID and the default", () => {
  const files = editValues(renderStack(testConfig()), 'kube-prometheus-stack', (v) => delete v['grafana'].sidecar.datasources.defaultDatasourceEnabled);
  const found = wiring(files);
  assert.ok(found.some((f) => /UID "prometheus" is provisioned twice/.test(f.message) && /defaultDatasourceEnabled: false/.test(f.fix ?? '')), JSON.stringify(found));
  assert.ok(found.some((f) => /2 data sources are marked isDefault/.test(f.message)), JSON.stringify(found));
});

test('an OTLP exporter dialling a port that is not OTLP, or a component that does not receive it, is an error', () => {
  let files = editFile(renderStack(testConfig()), 'alloy/config.alloy', (c) => replaceOnce(c, 'tempo.monitoring.svc:4317', 'tempo.monitoring.svc:3200'));
  let found = wiring(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]?.message ?? '', /otelcol\.exporter\.otlp\.tempo sends otlp-grpc to tempo\.monitoring\.svc:3200: port 3200 of monitoring\/tempo is not its OTLP gRPC \(4317\) port/);
  files = editFile(renderStack(testConfig()), 'alloy/config.alloy', (c) => replaceOnce(c, 'loki.monitoring.svc:3100', 'tempo.monitoring.svc:3200'));
  found = wiring(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]?.message ?? '', /does not accept loki-push/);
});

test('Loki rules outside Loki\'s namespace, or written where the ruler does not read, never run', () => {
  let files = editFile(renderStack(testConfig()), 'manifests/monitoring/loki-rules.yaml', (c) => replaceOnce(c, 'namespace: monitoring', 'namespace: playground'));
  assert.ok(wiring(files).some((f) => /is not in Loki's namespace "monitoring"/.test(f.message)));
  files = editValues(renderStack(testConfig()), 'loki', (v) => (v['loki'].rulerConfig.storage.local.directory = '/etc/loki/rules'));
  const found = wiring(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]?.message ?? '', /the rules sidecar writes to \/rules\/fake but the ruler reads \/etc\/loki\/rules/);
});
