import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../config/parse.js';
import { renderAlloyValues } from './alloy.js';
import type { AlloyChartNeeds } from './alloy.js';
import { assertValidValues, parsedValues } from './test-support.js';

const CONTENT = 'loki.secretfilter "redact" {\n  forward_to = [loki.write.default.receiver]\n}\n';
const OTLP_PORTS = [
  { name: 'otlp-grpc', port: 4317, targetPort: 4317, protocol: 'TCP' as const },
  { name: 'otlp-http', port: 4318, targetPort: 4318, protocol: 'TCP' as const },
];
const API_TAILING: AlloyChartNeeds = { daemonSet: false, hostPaths: [], controlPlaneTolerations: false, clustering: true, extraPorts: OTLP_PORTS };

test('API tailing: a Deployment with the config text, the OTLP ports and public-preview stability', async () => {
  const files = renderAlloyValues(parseConfig({}), { content: CONTENT, needs: API_TAILING });
  const v = parsedValues(files);
  assert.equal(v.alloy.configMap.content, CONTENT);
  assert.equal(v.alloy.stabilityLevel, 'public-preview', 'loki.secretfilter is public preview in Alloy 1.18');
  assert.deepEqual(v.alloy.extraPorts, OTLP_PORTS);
  assert.deepEqual(v.controller, { type: 'deployment', replicas: 1 });
  assert.equal(v.alloy.mounts, undefined, 'no hostPath when everything comes through the API');
  await assertValidValues(files);
});

test('journal and audit log: a DaemonSet with the host folders and the control-plane toleration', async () => {
  const needs: AlloyChartNeeds = { daemonSet: true, hostPaths: ['/var/log/journal', '/var/log/kubernetes/audit'], controlPlaneTolerations: true, clustering: true, extraPorts: OTLP_PORTS };
  const files = renderAlloyValues(parseConfig({ logs: { journal: true, apiServerAudit: { mode: 'self-managed' } } }), { content: 'logging {}\n', needs });
  const v = parsedValues(files);
  assert.equal(v.controller.type, 'daemonset');
  assert.deepEqual(v.alloy.mounts.extra.map((m: { mountPath: string; readOnly: boolean }) => [m.mountPath, m.readOnly]), [['/var/log/journal', true], ['/var/log/kubernetes/audit', true]]);
  assert.deepEqual(v.controller.volumes.extra.map((x: { hostPath: { path: string } }) => x.hostPath.path), ['/var/log/journal', '/var/log/kubernetes/audit']);
  assert.equal(v.controller.tolerations[0].key, 'node-role.kubernetes.io/control-plane');
  assert.equal(v.alloy.stabilityLevel, undefined, 'no preview component, no preview flag');
  await assertValidValues(files);
});
