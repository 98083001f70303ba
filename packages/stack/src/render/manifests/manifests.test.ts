import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments, parse } from 'yaml';
import { parseConfig } from '../../config/parse.js';
import type { StackConfig } from '../../config/types.js';
import { testConfig } from '../../testing/config-fixture.js';
import { renderManifests } from './index.js';

type Obj = Record<string, any>;

function objects(config: StackConfig): Obj[] {
  return renderManifests(config)
    .filter((f) => f.kind === 'manifest')
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Obj));
}

function find(all: Obj[], kind: string, name: string): Obj {
  const found = all.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind}/${name} rendered`);
  return found;
}

test('each service gets a Service and a ServiceMonitor that agree on the port name (E16)', () => {
  const all = objects(testConfig());
  for (const name of ['test-app', 'trace-app']) {
    const service = find(all, 'Service', name);
    const monitor = find(all, 'ServiceMonitor', name);
    assert.deepEqual(monitor.spec.endpoints.map((e: Obj) => e.port), service.spec.ports.map((p: Obj) => p.name));
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) assert.equal(service.metadata.labels[key], value);
    const podLabels = find(all, 'Deployment', name).spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(podLabels[key], value);
    assert.equal(find(all, 'Deployment', name).spec.template.spec.containers[0].ports[0].name, service.spec.ports[0].targetPort);
  }
});

test('the ServiceMonitor and PrometheusRule labels follow the kube-prometheus-stack release name (E2)', () => {
  const config = parseConfig({ releases: { kubePrometheusStack: 'prom' } });
  assert.equal(find(objects(config), 'ServiceMonitor', 'test-app').metadata.labels.release, 'prom');
});

test('the Gateway admits routes only from the monitoring namespace, terminates TLS with the configured Secret, and HTTP only redirects (E6)', () => {
  const all = objects(parseConfig({ namespaces: { monitoring: 'observability' }, gateway: { tlsSecretName: 'grafana-cert' } }));
  const gateway = find(all, 'Gateway', 'envoy-grafana-gateway');
  for (const listener of gateway.spec.listeners) {
    assert.deepEqual(listener.allowedRoutes.namespaces, { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } });
  }
  const https = gateway.spec.listeners.find((l: Obj) => l.protocol === 'HTTPS');
  assert.deepEqual(https.tls.certificateRefs, [{ group: '', kind: 'Secret', name: 'grafana-cert' }]);
  const redirect = find(all, 'HTTPRoute', 'grafana-https-redirect');
  assert.equal(redirect.spec.parentRefs[0].sectionName, 'http');
  assert.deepEqual(redirect.spec.rules, [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
});

test('the Grafana route goes to the Service named after the release, under the configured path (E3, E4)', () => {
  const route = find(objects(parseConfig({ releases: { kubePrometheusStack: 'obs' }, grafana: { path: '/grafana' } })), 'HTTPRoute', 'grafana');
  assert.equal(route.spec.parentRefs[0].sectionName, 'https');
  assert.deepEqual(route.spec.rules[0].backendRefs, [{ group: '', kind: 'Service', name: 'obs-grafana', port: 80 }]);
  assert.deepEqual(route.spec.rules[0].matches, [{ path: { type: 'PathPrefix', value: '/grafana' } }]);
});

test('with gateway.create false the routes attach to the existing Gateway and none is rendered', () => {
  const all = objects(parseConfig({ gateway: { create: false, name: 'shared', namespace: 'infra' } }));
  assert.equal(all.filter((o) => o.kind === 'Gateway').length, 0);
  assert.equal(find(all, 'HTTPRoute', 'grafana').spec.parentRefs[0].namespace, 'infra');
});

test('services learn the OTLP endpoint of the one trace path, their service name, a reachable listen address and their peers (E11)', () => {
  const env = (config: StackConfig, name: string): Record<string, string> =>
    Object.fromEntries(find(objects(config), 'Deployment', name).spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e.value]));
  const viaAlloy = env(testConfig(), 'trace-app');
  assert.equal(viaAlloy['OTEL_EXPORTER_OTLP_ENDPOINT'], 'http://alloy.monitoring.svc:4318');
  assert.equal(viaAlloy['OTEL_SERVICE_NAME'], 'trace-app');
  assert.equal(viaAlloy['HOST'], '0.0.0.0');
  assert.equal(viaAlloy['TEST_APP_URL'], 'http://test-app.playground.svc:3000');
  assert.equal(env(testConfig({ tracesPath: 'collector' }), 'trace-app')['OTEL_EXPORTER_OTLP_ENDPOINT'], 'http://otel-collector-opentelemetry-collector.monitoring.svc:4318');
});

test('the monitoring namespace denies ingress except from itself, OTLP from service namespaces to the receiver in use, Grafana and the webhook', () => {
  const policies = objects(testConfig({ tracesPath: 'collector' })).filter((o) => o.kind === 'NetworkPolicy');
  assert.ok(policies.every((p) => p.metadata.namespace === 'monitoring'));
  assert.deepEqual(find(policies, 'NetworkPolicy', 'srcobs-default-deny-ingress').spec, { podSelector: {}, policyTypes: ['Ingress'] });
  const otlp = find(policies, 'NetworkPolicy', 'srcobs-allow-otlp-from-services');
  assert.equal(otlp.spec.podSelector.matchLabels['app.kubernetes.io/name'], 'opentelemetry-collector');
  assert.deepEqual(otlp.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values, ['playground']);
  assert.deepEqual(otlp.spec.ingress[0].ports.map((p: Obj) => p.port), [4317, 4318]);
});

test('the audit Policy is rendered only for self-managed control planes: Secrets read at request level, written at metadata level', () => {
  assert.equal(renderManifests(testConfig()).filter((f) => f.kind === 'audit-policy').length, 0);
  const file = renderManifests(parseConfig({ logs: { apiServerAudit: { mode: 'self-managed' } } })).find((f) => f.kind === 'audit-policy');
  assert.ok(file);
  const policy = parse(file.content) as Obj;
  const secretRules = policy.rules.filter((r: Obj) => r.resources?.some((g: Obj) => g.resources?.includes('secrets')));
  assert.deepEqual(secretRules.map((r: Obj) => [r.level, r.verbs ?? 'any']), [['Request', ['get', 'list', 'watch']], ['Metadata', 'any']]);
  // No rule may record request bodies of Secret writes.
  assert.ok(!policy.rules.some((r: Obj) => r.level === 'RequestResponse'));
  assert.equal(policy.rules.at(-1).level, 'Metadata');
});
