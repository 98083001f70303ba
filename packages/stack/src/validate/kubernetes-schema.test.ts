import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editFile, renderS2, replaceOnce, vendorContext } from '../testing/render-s2.js';
import { testConfig } from '../testing/config-fixture.js';
import { validateKubernetesSchemas } from './kubernetes-schema.js';

const errors = (findings: Awaited<ReturnType<typeof validateKubernetesSchemas>>) => findings.filter((f) => f.severity === 'error');

test('every rendered object of the default stack passes its schema', async () => {
  const config = testConfig({ logs: { ...testConfig().logs, apiServerAudit: { mode: 'self-managed', logPath: '/var/log/kubernetes/audit/audit.log' } } });
  const findings = await validateKubernetesSchemas(renderS2(config), vendorContext());
  assert.deepEqual(errors(findings), []);
  assert.equal(findings.length, 0, JSON.stringify(findings));
});

test('a wrong type in a core object is an error naming the object and the field path', async () => {
  const files = editFile(renderS2(testConfig()), 'manifests/playground/test-app.yaml', (c) => replaceOnce(c, 'containerPort: 3000', 'containerPort: "3000"'));
  const found = errors(await validateKubernetesSchemas(files, vendorContext()));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.file, 'manifests/playground/test-app.yaml');
  assert.equal(found[0]?.path, 'Deployment/playground/test-app:spec.template.spec.containers[0].ports[0].containerPort');
  assert.match(found[0]?.message ?? '', /Deployment\/playground\/test-app: .*containerPort must be integer/);
});

test("the seed's ServiceMonitor with `endpoints` outside `spec` is an unknown-field error from the CRD schema", async () => {
  const files = editFile(renderS2(testConfig()), 'manifests/playground/test-app.yaml', (c) =>
    replaceOnce(c, /  endpoints:\n    - port: http-metrics\n      path: \/metrics\n      interval: 15s\n      scheme: http\n/, '') + 'endpoints:\n  - port: http-metrics\n',
  );
  const found = errors(await validateKubernetesSchemas(files, vendorContext()));
  const unknown = found.find((f) => f.path === 'ServiceMonitor/playground/test-app:endpoints');
  assert.ok(unknown, JSON.stringify(found));
  assert.match(unknown.message, /unknown field "endpoints"/);
});

test('a misspelt field inside a custom resource names the nearest real field', async () => {
  const files = editFile(renderS2(testConfig()), 'manifests/playground/test-app.yaml', (c) => replaceOnce(c, '      interval: 15s', '      intervall: 15s'));
  const found = errors(await validateKubernetesSchemas(files, vendorContext()));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.path, 'ServiceMonitor/playground/test-app:spec.endpoints[0].intervall');
  assert.match(found[0]?.fix ?? '', /did you mean "interval"/);
});

test('an invalid Gateway TLS mode and an unknown kind are both reported', async () => {
  let files = editFile(renderS2(testConfig()), 'manifests/default/gateway.yaml', (c) => replaceOnce(c, 'mode: Terminate', 'mode: Terminated'));
  files = editFile(files, 'manifests/namespaces.yaml', (c) => `${c}---\napiVersion: v1\nkind: Namespacee\nmetadata:\n  name: extra\n`);
  const found = errors(await validateKubernetesSchemas(files, vendorContext()));
  assert.ok(found.some((f) => f.path === 'Gateway/default/envoy-grafana-gateway:spec.listeners[1].tls.mode'), JSON.stringify(found));
  assert.ok(found.some((f) => f.message.includes('no schema is known for v1 Namespacee')), JSON.stringify(found));
});

test('names, namespaces and labels are checked against Kubernetes syntax', async () => {
  const files = editFile(renderS2(testConfig()), 'manifests/playground/test-app.yaml', (c) =>
    replaceOnce(replaceOnce(c, 'kind: Service\nmetadata:\n  name: test-app\n  namespace: playground', 'kind: Service\nmetadata:\n  name: Test_App'), 'release: kube-prometheus-stack', 'release: "kube prometheus"'),
  );
  const found = errors(await validateKubernetesSchemas(files, vendorContext()));
  assert.ok(found.some((f) => f.path === 'Service/Test_App:metadata.name'), JSON.stringify(found));
  assert.ok(found.some((f) => f.path === 'Service/Test_App:metadata.namespace'), JSON.stringify(found));
  assert.ok(found.some((f) => f.path === 'ServiceMonitor/playground/test-app:metadata.labels.release'), JSON.stringify(found));
});

test('the audit Policy is checked against its schema', async () => {
  const config = testConfig({ logs: { ...testConfig().logs, apiServerAudit: { mode: 'self-managed', logPath: '/var/log/audit.log' } } });
  const files = editFile(renderS2(config), 'control-plane/audit-policy.yaml', (c) => replaceOnce(c, 'level: Request\n', 'level: Everything\n'));
  const found = errors(await validateKubernetesSchemas(files, vendorContext()));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]?.message ?? '', /must be one of "None", "Metadata", "Request", "RequestResponse"/);
});
