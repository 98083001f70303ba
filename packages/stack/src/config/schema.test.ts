import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RETENTION_DAYS, DEFAULT_SILENCE_WINDOW } from '@srcobs/ola';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import { configWarnings } from './checks.js';
import { configIssues, defaultConfig, parseConfig } from './parse.js';

function issueAt(issues: readonly ConfigIssue[], path: string): ConfigIssue {
  const found = issues.find((i) => i.path === path);
  assert.ok(found, `expected an issue at ${path}, got: ${issues.map((i) => i.path).join(', ')}`);
  return found;
}

test('the default config is the seed architecture, corrected', () => {
  const c = defaultConfig();
  assert.deepEqual(c.namespaces, { monitoring: 'monitoring', playground: 'playground' });
  assert.deepEqual(c.releases, { kubePrometheusStack: 'kube-prometheus-stack', loki: 'loki', tempo: 'tempo', alloy: 'alloy', otelCollector: 'otel-collector' });
  assert.equal(c.grafana.host, 'grafana.e4r.internal');
  assert.equal(c.grafana.path, '/', 'E4: served at / so no sub-path settings are needed');
  assert.equal(c.grafana.adminSecret.name, 'grafana-admin', 'E5: admin from an existing Secret');
  assert.equal(c.gateway.className, 'envoy-gateway-class');
  assert.equal(c.gateway.namespace, 'default');
  assert.equal(c.gateway.tlsSecretName, 'grafana-gateway-tls');
  assert.deepEqual(c.loki, { mode: 'Monolithic', replicas: 1 }, 'E7: Monolithic, not SingleBinary');
  assert.equal(c.storage.loki.persistent, true, 'filesystem Loki on a PVC');
  assert.equal(c.tempo.mode, 'monolithic');
  assert.equal(c.tracesPath, 'alloy');
  assert.equal(c.storage.storageClassName, undefined, 'the cluster default class unless asked');
  assert.equal(c.retention.metrics, '30d', 'the seed meant 720h of retention (E1)');
  assert.deepEqual(c.retention.logsDays, DEFAULT_RETENTION_DAYS);
  assert.deepEqual(c.olaAlertWindows, DEFAULT_SILENCE_WINDOW);
  assert.deepEqual(
    c.services.map((s) => [s.name, s.namespace, s.port, s.metricsPath, s.scrapeInterval]),
    [
      ['test-app', 'playground', 3000, '/metrics', '15s'],
      ['trace-app', 'playground', 8000, '/metrics', '15s'],
    ],
  );
  assert.deepEqual(configWarnings(c), [], 'the defaults deserve no warning');
});

test('the seed storage class is an option', () => {
  assert.equal(parseConfig({ storage: { storageClassName: 'nfs-default' } }).storage.storageClassName, 'nfs-default');
});

test('a service without a namespace runs in the configured playground namespace', () => {
  const c = parseConfig({ namespaces: { playground: 'demo' }, services: [{ name: 'api', port: 8080 }] });
  assert.deepEqual(c.services, [{ name: 'api', namespace: 'demo', port: 8080, metricsPath: '/metrics', scrapeInterval: '15s' }]);
  assert.deepEqual(
    parseConfig({ namespaces: { playground: 'demo' } }).services.map((s) => s.namespace),
    ['demo', 'demo'],
  );
});

test('SingleBinary gets the message that names the new mode (E7)', () => {
  const issue = issueAt(configIssues({ loki: { mode: 'SingleBinary' } }), 'loki.mode');
  assert.equal(`${issue.path}: ${issue.problem}: ${issue.fix}`, 'loki.mode: "SingleBinary" is the deprecated name of "Monolithic" in chart 18.11.0: write "Monolithic"');
});

const cases: { name: string; input: Record<string, unknown>; path: string; fix: RegExp }[] = [
  { name: 'a typo in a key names the nearest key', input: { storage: { storagClassName: 'x' } }, path: 'storage.storagClassName', fix: /did you mean "storageClassName"/ },
  { name: 'a typo in an OLA category', input: { retention: { logsDays: { auth_acess: 400 } } }, path: 'retention.logsDays.auth_acess', fix: /did you mean "auth_access"/ },
  { name: 'GB where Kubernetes wants Gi', input: { storage: { loki: { size: '50GB' } } }, path: 'storage.loki.size', fix: /"50Gi"/ },
  { name: 'Gi where Prometheus wants GB', input: { retention: { metricsSize: '45Gi' } }, path: 'retention.metricsSize', fix: /"45GB"/ },
  { name: 'days in a Go duration', input: { retention: { traces: '14d' } }, path: 'retention.traces', fix: /write "336h"/ },
  { name: 'words in a Prometheus duration', input: { retention: { metrics: '30 days' } }, path: 'retention.metrics', fix: /"30d"/ },
  { name: 'a namespace that is not a DNS label', input: { namespaces: { monitoring: 'Monitoring_NS' } }, path: 'namespaces.monitoring', fix: /"monitoring-ns"/ },
  { name: 'a release name too long for Helm', input: { releases: { loki: 'l'.repeat(60) } }, path: 'releases.loki', fix: /at most 53/ },
  { name: 'the case of an enum value', input: { tempo: { mode: 'Monolithic' } }, path: 'tempo.mode', fix: /write "monolithic"/ },
  { name: 'an unknown traces path', input: { tracesPath: 'otel' }, path: 'tracesPath', fix: /"alloy", "collector"/ },
  { name: 'a sub-path with a trailing slash', input: { grafana: { path: '/grafana/' } }, path: 'grafana.path', fix: /"\/grafana"/ },
  { name: 'a password in values (E5)', input: { grafana: { adminPassword: 'prom-operator' } }, path: 'grafana.adminPassword', fix: /Secret/ },
  { name: 'bucket keys in the config', input: { loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'b', region: 'r', secretAccessKey: 'x' } } }, path: 'loki.objectStorage.secretAccessKey', fix: /credentialsSecret/ },
  { name: 'Distributed Loki without a bucket', input: { loki: { mode: 'Distributed' } }, path: 'loki.objectStorage', fix: /type: "s3"/ },
  { name: 'an unknown object storage type', input: { loki: { mode: 'Distributed', objectStorage: { type: 'S3', bucket: 'b', region: 'r' } } }, path: 'loki.objectStorage.type', fix: /write "s3"/ },
  { name: 'a port out of range', input: { services: [{ name: 'a', port: 0 }] }, path: 'services[0].port', fix: /container port/ },
  { name: 'a slack webhook URL in the config', input: { alerting: { receivers: [{ type: 'slack', name: 'a', channel: '#a', webhookUrl: 'https://hooks' }] } }, path: 'alerting.receivers[0].webhookUrl', fix: /webhookSecret/ },
  { name: 'a ratio above 1', input: { alerting: { errorRatio: 5 } }, path: 'alerting.errorRatio', fix: /0.05/ },
  { name: 'a string where a boolean belongs', input: { logs: { journal: 'yes' } }, path: 'logs.journal', fix: /write true/ },
  { name: 'an unknown top-level key', input: { lokii: {} }, path: 'lokii', fix: /did you mean "loki"/ },
];
for (const c of cases) {
  test(`error: ${c.name}`, () => {
    const issue = issueAt(configIssues(c.input), c.path);
    assert.match(issue.fix, c.fix);
    assert.ok(issue.problem.length > 0);
  });
}

test('OLA retention above one day on an emptyDir is an error, not a warning', () => {
  const issue = issueAt(configIssues({ storage: { loki: { persistent: false } } }), 'storage.loki.persistent');
  assert.match(issue.problem, /auth_access 365d/);
  assert.match(issue.fix, /persistent: true/);
  // One day everywhere is allowed: nothing outlives a restart that the OLA needed.
  const oneDay = Object.fromEntries(Object.keys(DEFAULT_RETENTION_DAYS).map((k) => [k, 1]));
  assert.deepEqual(configIssues({ storage: { loki: { persistent: false } }, retention: { logsDays: oneDay } }), []);
  // Object storage is persistent: the emptyDir setting of the unused volume does not matter.
  assert.deepEqual(configIssues({ storage: { loki: { persistent: false } }, loki: { mode: 'Distributed', objectStorage: { type: 'gcs', bucket: 'b' } } }), []);
});

test('tempo-distributed needs a bucket, monolithic Tempo takes none', () => {
  const both = configIssues({ tempo: { mode: 'distributed' } });
  assert.match(issueAt(both, 'tempo.objectStorage').problem, /required/);
  assert.match(issueAt(both, 'tempo.kafka').problem, /Kafka/);
  assert.deepEqual(configIssues({ tempo: { mode: 'distributed', objectStorage: { type: 'gcs', bucket: 'b' }, kafka: { address: 'k:9092' } } }), []);
  assert.match(issueAt(configIssues({ tempo: { objectStorage: { type: 'gcs', bucket: 'b' } } }), 'tempo.objectStorage').fix, /remove/);
});

test('duplicates and a shared namespace are errors', () => {
  const issues = configIssues({ namespaces: { playground: 'monitoring' }, services: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] });
  issueAt(issues, 'namespaces.playground');
  issueAt(issues, 'services[1].name');
});

test('every error comes at once, field errors and cross-field errors together', () => {
  const input = {
    loki: { mode: 'SingleBinary' },
    storage: { storagClassName: 'nfs-default' },
    retention: { traces: '14d' },
    grafana: { path: 'grafana' },
    tempo: { mode: 'distributed' }, // cross-field, in a section that is valid on its own
  };
  let error: unknown;
  try {
    parseConfig(input, 'srcobs.yaml');
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ConfigError);
  assert.equal(error.code, 'config_invalid');
  assert.deepEqual(error.issues.map((i) => i.path).sort(), ['grafana.path', 'loki.mode', 'retention.traces', 'storage.storagClassName', 'tempo.kafka', 'tempo.objectStorage']);
  assert.match(error.message, /^6 problems in the srcobs config in srcobs\.yaml:/);
  for (const issue of error.issues) assert.ok(error.message.includes(`${issue.path}: ${issue.problem}: ${issue.fix}`));
});

test('a config that is not an object is one clear error', () => {
  const [issue] = configIssues(['loki']);
  assert.equal(issue?.path, '');
  assert.match(issue?.fix ?? '', /\{\} gives the default stack/);
});

test('warnings: SimpleScalable is deprecated, retention below the OLA minimum is out of compliance', () => {
  const c = parseConfig({ loki: { mode: 'SimpleScalable', objectStorage: { type: 'gcs', bucket: 'b' } }, retention: { logsDays: { auth_access: 90 } } });
  assert.deepEqual(configWarnings(c).map((w) => w.path), ['loki.mode', 'retention.logsDays.auth_access']);
});
