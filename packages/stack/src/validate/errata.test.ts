import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR } from '@srcobs/testkit';
import { parse, stringify } from 'yaml';
import { defaultConfig, parseConfig } from '../config/parse.js';
import { renderStack } from '../render/render-stack.js';
import type { RenderedFile } from '../render/types.js';
import { editFile, editValues, replaceOnce, vendorContext } from '../testing/render-s2.js';
import { validateAlloy, validateAlloyText } from './alloy.js';
import { validateExpressions } from './expressions.js';
import { validateHelmValues } from './helm-values.js';
import { validateSecrets } from './secrets.js';
import { seedAlloy } from './seed-alloy.js';
import type { Finding } from './types.js';
import { validateWiring } from './wiring.js';

/*
 * One test per row of ../shared/seed-errata.md: the rendered stack with the seed's literal choice
 * put back is rejected by the validator that owns the row, with a message that names the file,
 * the place and the fix; the rendered stack as is passes that validator.
 */

const STACK = renderStack(defaultConfig());
const SEED_DIR = join(SHARED_DIR, 'seed');
const SEED = seedAlloy(readdirSync(SEED_DIR).map((f) => readFileSync(join(SEED_DIR, f), 'utf8')).join('\n'));

const errors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');
const wiring = (files: readonly RenderedFile[]) => errors(validateWiring(files, vendorContext()));
const helmValues = async (files: readonly RenderedFile[]) => errors(await validateHelmValues(files, vendorContext()));

function one(findings: readonly Finding[], pattern: RegExp): Finding {
  const matching = findings.filter((f) => pattern.test(f.message));
  assert.equal(matching.length, 1, `one finding matching ${pattern}; got ${JSON.stringify(findings, null, 1)}`);
  return matching[0]!;
}

test('the rendered default stack passes every validator the errata rows use', async () => {
  assert.deepEqual(wiring(STACK), []);
  assert.deepEqual(await helmValues(STACK), []);
  assert.deepEqual(errors(await validateAlloy(STACK, vendorContext())), []);
  assert.deepEqual(validateExpressions(STACK), []);
  assert.deepEqual(errors(await validateSecrets(STACK, vendorContext())), []);
});

test('E1: storageClassName inside resources.requests and retention inside the PVC spec are rejected', async () => {
  const files = editValues(STACK, 'kube-prometheus-stack', (v) => {
    const spec = v['prometheus'].prometheusSpec;
    delete spec.retention;
    spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storageClassName = 'nfs-default';
    spec.storageSpec.volumeClaimTemplate.spec.retention = '720h';
  });
  const found = await helmValues(files);
  const sc = found.find((f) => f.path === 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storageClassName');
  const retention = found.find((f) => f.path === 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.retention');
  assert.ok(sc && retention, JSON.stringify(found));
  assert.equal(sc.file, 'helm/kube-prometheus-stack.values.yaml');
  assert.match(retention.fix ?? '', /prometheus\.prometheusSpec\.retention/);
});

test('E2: a ServiceMonitor labelled release: prometheus-stack is never loaded by the kube-prometheus-stack release', () => {
  const files = editFile(STACK, 'manifests/playground/test-app.yaml', (c) => replaceOnce(c, 'release: kube-prometheus-stack', 'release: prometheus-stack'));
  const f = one(wiring(files), /never loaded/);
  assert.equal(f.file, 'manifests/playground/test-app.yaml');
  assert.equal(f.path, 'ServiceMonitor/playground/test-app:metadata.labels');
  assert.match(f.message, /selects ServiceMonitors labelled release=kube-prometheus-stack/);
  assert.match(f.fix ?? '', /release=kube-prometheus-stack/);
});

test('E3: an HTTPRoute to prometheus-stack-grafana is rejected, naming kube-prometheus-stack-grafana', () => {
  const files = editFile(STACK, 'manifests/monitoring/grafana-routes.yaml', (c) => replaceOnce(c, 'name: kube-prometheus-stack-grafana', 'name: prometheus-stack-grafana'));
  const f = one(wiring(files), /no Service "prometheus-stack-grafana" in namespace "monitoring"/);
  assert.equal(f.path, 'HTTPRoute/monitoring/grafana:spec.rules[0].backendRefs[0]');
  assert.match(f.fix ?? '', /did you mean "kube-prometheus-stack-grafana"\?/);
});

test('E4: Grafana routed under /grafana without root_url and serve_from_sub_path is rejected', () => {
  const subPath = renderStack(parseConfig({ grafana: { path: '/grafana' } }));
  assert.deepEqual(wiring(subPath), []);
  const files = editValues(subPath, 'kube-prometheus-stack', (v) => {
    delete v['grafana']['grafana.ini'].server.root_url;
    delete v['grafana']['grafana.ini'].server.serve_from_sub_path;
  });
  const f = one(wiring(files), /serves Grafana under "\/grafana" but Grafana's root_url \(unset/);
  assert.equal(f.path, 'HTTPRoute/monitoring/grafana:spec.rules[0].matches');
  const noSubPath = editValues(subPath, 'kube-prometheus-stack', (v) => delete v['grafana']['grafana.ini'].server.serve_from_sub_path);
  one(wiring(noSubPath), /serve_from_sub_path is not true/);
});

test('E5: the admin password prom-operator in values is rejected', async () => {
  const files = editValues(STACK, 'kube-prometheus-stack', (v) => {
    delete v['grafana'].admin;
    v['grafana'].adminUser = 'admin';
    v['grafana'].adminPassword = 'prom-operator';
  });
  const found = await helmValues(files);
  const f = found.find((x) => x.path === 'grafana.adminPassword');
  assert.ok(f, JSON.stringify(found));
  assert.match(f.fix ?? '', /admin\.existingSecret/);
  assert.ok(errors(await validateSecrets(files, vendorContext())).some((x) => x.file === 'helm/kube-prometheus-stack.values.yaml'));
});

test('E6: listeners with from: All and a route serving Grafana on plain HTTP are rejected', () => {
  const open = editFile(STACK, 'manifests/default/gateway.yaml', (c) => c.replace(/from: Selector\n(\s+)selector:\n\s+matchLabels:\n\s+kubernetes.io\/metadata.name: monitoring/g, 'from: All'));
  const found = wiring(open).filter((f) => /from: All/.test(f.message));
  assert.deepEqual(found.map((f) => f.path), ['Gateway/default/envoy-grafana-gateway:spec.listeners[0].allowedRoutes.namespaces.from', 'Gateway/default/envoy-grafana-gateway:spec.listeners[1].allowedRoutes.namespaces.from']);
  // The seed's route names no listener, so it attaches to port 80 as well and serves Grafana in clear text.
  const plain = editFile(STACK, 'manifests/monitoring/grafana-routes.yaml', (c) => replaceOnce(c, /\n\s+sectionName: https/, ''));
  const f = one(wiring(plain), /serves plain HTTP on listener "http"/);
  assert.match(f.fix ?? '', /redirect-only route/);
});

test('E7: Loki SingleBinary with the MinIO subchart is rejected', async () => {
  const files = editValues(STACK, 'loki', (v) => {
    v['deploymentMode'] = 'SingleBinary';
    v['minio'] = { enabled: true };
  });
  const found = await helmValues(files);
  assert.match(found.find((f) => f.path === 'deploymentMode')?.fix ?? '', /Monolithic/);
  assert.ok(found.some((f) => f.path === 'minio.enabled'), JSON.stringify(found));
});

test('E8: limits_config at the Loki chart top level is rejected', async () => {
  const files = editValues(STACK, 'loki', (v) => {
    v['limits_config'] = v['loki'].limits_config;
    delete v['loki'].limits_config;
  });
  const found = await helmValues(files);
  assert.match(found.find((f) => f.path === 'limits_config')?.fix ?? '', /move it to loki\.limits_config/);
});

test("E9: the seed's __path__ rule for API tailing and its container_runtime regex are rejected", () => {
  const messages = validateAlloyText('seed/alloy.alloy', SEED.podLogs).map((f) => f.message);
  assert.ok(messages.some((m) => /sets __path__.*ignores __path__ \(E9\)/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /container_runtime.*never matches/.test(m)), messages.join('\n'));
});

test('E10: service-graph metrics sent to Tempo, or remote write into a Prometheus without the receiver, are rejected', () => {
  const toTempo = validateAlloyText('seed/traces.alloy', SEED.traces);
  assert.ok(toTempo.some((f) => /servicegraph.*which is Tempo.*\(E10\)/.test(f.message)), JSON.stringify(toTempo));
  const files = editValues(STACK, 'kube-prometheus-stack', (v) => (v['prometheus'].prometheusSpec.enableRemoteWriteReceiver = false));
  const f = one(wiring(files), /does not accept remote write/);
  assert.equal(f.file, 'alloy/config.alloy');
  assert.match(f.fix ?? '', /enableRemoteWriteReceiver: true/);
});

test("E11: the trace app sending to a Collector the stack does not install is rejected", () => {
  const seedEndpoint = 'http://otel-collector-opentelemetry-collector.monitoring.svc.cluster.local:4317';
  const files = editFile(STACK, 'manifests/playground/trace-app.yaml', (c) => replaceOnce(c, 'value: http://alloy.monitoring.svc:4318', `value: ${seedEndpoint}`));
  const f = one(wiring(files), /no Service "otel-collector-opentelemetry-collector" in namespace "monitoring"/);
  assert.equal(f.path, 'Deployment/playground/trace-app:spec.template.spec.containers[0].env.OTEL_EXPORTER_OTLP_ENDPOINT');
  // With the Collector path chosen it exists, but the SDK speaks OTLP/HTTP and 4317 is gRPC.
  const collector = renderStack(parseConfig({ tracesPath: 'collector' }));
  const wrongPort = editFile(collector, 'manifests/playground/trace-app.yaml', (c) => replaceOnce(c, 'opentelemetry-collector.monitoring.svc:4318', 'opentelemetry-collector.monitoring.svc:4317'));
  one(wiring(wrongPort), /port 4317 of monitoring\/otel-collector-opentelemetry-collector is not its OTLP HTTP \(4318\) port/);
});

test('E12: a Tempo data source on port 3100 is rejected', () => {
  const files = editFile(STACK, 'manifests/monitoring/grafana-datasources.yaml', (c) => replaceOnce(c, 'url: http://tempo.monitoring.svc:3200', 'url: http://tempo.monitoring.svc.cluster.local:3100'));
  const f = one(wiring(files), /Tempo data source "Tempo"/);
  assert.match(f.message, /has no port 3100/);
  assert.match(f.fix ?? '', /Tempo's HTTP API listens on 3200; 3100 is Loki's port \(E12\)/);
  assert.equal(f.path, 'ConfigMap/monitoring/srcobs-grafana-datasources:data.srcobs-datasources.yaml.datasources[2].url');
});

test('E13: data sources without the trace/log/metric links are rejected', () => {
  // The seed's data sources: URLs and nothing else ("add the trace to logs ... data sources" with no settings).
  const files = editFile(STACK, 'manifests/monitoring/grafana-datasources.yaml', (c) => {
    const configMap = parse(c) as { data: Record<string, string> };
    const provisioning = parse(configMap.data['srcobs-datasources.yaml'] ?? '') as { datasources: { jsonData: unknown }[] };
    for (const ds of provisioning.datasources) ds.jsonData = {};
    configMap.data['srcobs-datasources.yaml'] = stringify(provisioning);
    return stringify(configMap);
  });
  const messages = wiring(files).map((f) => f.message);
  for (const missing of [/no trace-to-logs link/, /no trace-to-metrics link/, /no service map/, /no derived field linking trace ids to Tempo/, /does not link exemplars to Tempo/]) {
    assert.ok(messages.some((m) => missing.test(m)), `${missing} in ${messages.join('\n')}`);
  }
  assert.equal(messages.length, 5, messages.join('\n'));
});

test("E14: a rule on the seed's `http_requests` counter is rejected; the rules use the SDK's histogram", () => {
  const files = editFile(STACK, 'prometheus/srcobs.rules.yaml', (c) => c.replaceAll('http_server_request_duration_seconds_count', 'http_requests'));
  const found = validateExpressions(files).filter((f) => /unknown metric "http_requests"/.test(f.message));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]!.path ?? '', /\(ServiceHighErrorRatio\)$/);
  assert.match(found[0]!.fix ?? '', /histogram http_server_request_duration_seconds/);
});

test("E15: the trace app reporting as the seed's test-api-service, not its Service name, is rejected", () => {
  const files = editFile(STACK, 'manifests/playground/trace-app.yaml', (c) => replaceOnce(c, 'value: trace-app', 'value: test-api-service'));
  const f = one(wiring(files), /reports traces as "test-api-service" but is scraped as job "trace-app"/);
  assert.equal(f.fix, 'set OTEL_SERVICE_NAME=trace-app');
});

test('E16: a ServiceMonitor scraping http-metrics from a Service whose port has another name is rejected', () => {
  const files = editFile(STACK, 'manifests/playground/test-app.yaml', (c) => replaceOnce(c, /- name: http-metrics\n(\s+)port: 3000/, '- name: http\n$1port: 3000'));
  const f = one(wiring(files), /scrapes port "http-metrics", which no selected Service names/);
  assert.equal(f.path, 'ServiceMonitor/playground/test-app:spec.endpoints[0].port');
  assert.match(f.message, /playground\/test-app: http \(3000\)/);
});

test('E17: an OLA category without its silence alert, or kept shorter than the OLA requires, is rejected', () => {
  const strip = (c: string) => c.replace(/\n\s+- alert: OlaCategorySilent\n\s+expr: absent_over_time\(\{ola_category="auth_access"\}\[6h\]\)(\n\s{8,}.*)+/, '');
  const files = editFile(editFile(STACK, 'manifests/monitoring/loki-rules.yaml', strip), 'loki/rules/srcobs-ola.yaml', strip);
  const f = one(wiring(files), /no Loki rule alerts when OLA category "auth_access" falls silent/);
  assert.match(f.fix ?? '', /absent_over_time\(\{ola_category="auth_access"\}/);
  const short = editValues(STACK, 'loki', (v) => (v['loki'].limits_config.retention_stream[0].period = '720h'));
  one(wiring(short), /OLA category "auth_access" is kept 30 days; the OLA requires 365/);
});
