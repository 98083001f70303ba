import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../config/parse.js';
import { renderStack } from '../render/render-stack.js';
import { commandLine, planDown, planStatus, planUp } from './plan.js';
import type { KubernetesPlan } from './plan.js';

const DIR = '/out';

function lines(plan: KubernetesPlan): string[] {
  return plan.steps.map((s) => commandLine(s.tool, s.args));
}

test('up: namespaces, then releases in dependency order, then manifests, then rollouts', () => {
  const config = parseConfig({});
  const files = renderStack(config);
  const manifests = files.filter((f) => f.kind === 'manifest' && f.path !== 'manifests/namespaces.yaml').map((f) => `-f /out/${f.path}`).sort();
  assert.deepEqual(lines(planUp(config, files, { dir: DIR })), [
    'kubectl apply -f /out/manifests/namespaces.yaml',
    'kubectl get secret grafana-gateway-tls --namespace default -o name',
    'kubectl get secret grafana-admin --namespace monitoring -o name',
    'helm upgrade --install kube-prometheus-stack kube-prometheus-stack --repo https://prometheus-community.github.io/helm-charts --version 88.5.3 --namespace monitoring --values /out/helm/kube-prometheus-stack.values.yaml --wait --timeout 15m',
    'helm upgrade --install loki loki --repo https://grafana-community.github.io/helm-charts --version 18.11.0 --namespace monitoring --values /out/helm/loki.values.yaml --wait --timeout 15m',
    'helm upgrade --install tempo tempo --repo https://grafana-community.github.io/helm-charts --version 2.2.4 --namespace monitoring --values /out/helm/tempo.values.yaml --wait --timeout 15m',
    'helm upgrade --install alloy alloy --repo https://grafana.github.io/helm-charts --version 1.11.1 --namespace monitoring --values /out/helm/alloy.values.yaml --wait --timeout 15m',
    `kubectl apply ${manifests.join(' ')}`,
    'kubectl rollout status deployment/test-app --namespace playground --timeout=5m',
    'kubectl rollout status deployment/trace-app --namespace playground --timeout=5m',
  ]);
});

test('up: CRD users come after kube-prometheus-stack, which installs the CRDs', () => {
  const config = parseConfig({ tracesPath: 'collector' });
  const plan = planUp(config, renderStack(config), { dir: DIR });
  const index = (needle: string) => lines(plan).findIndex((l) => l.includes(needle));
  const kps = index('upgrade --install kube-prometheus-stack');
  const serviceMonitors = index('manifests/playground/test-app.yaml'); // Service + ServiceMonitor together (E16)
  assert.ok(kps >= 0 && serviceMonitors > kps);
  assert.ok(index('prometheus-rules.yaml') > kps);
  assert.deepEqual(plan.steps.filter((s) => s.tool === 'helm').map((s) => s.args[2]), ['kube-prometheus-stack', 'loki', 'tempo', 'otel-collector', 'alloy']);
});

test('every file a step reads is a rendered file', () => {
  for (const input of [{}, { tracesPath: 'collector', tempo: { mode: 'distributed', objectStorage: { type: 'gcs', bucket: 'b' }, kafka: { address: 'k:9092' } } }]) {
    const config = parseConfig(input);
    const files = renderStack(config);
    const rendered = new Set(files.map((f) => f.path));
    for (const s of planUp(config, files, { dir: DIR }).steps) for (const f of s.files) assert.ok(rendered.has(f), `${f} is rendered`);
  }
});

test('a named kube context is passed to every command', () => {
  const config = parseConfig({});
  const plan = planUp(config, renderStack(config), { dir: DIR, context: 'prod' });
  for (const s of plan.steps) assert.deepEqual(s.args.slice(-2), s.tool === 'helm' ? ['--kube-context', 'prod'] : ['--context', 'prod']);
});

test('down: manifests first, releases in reverse, data kept and said so', () => {
  const config = parseConfig({});
  const plan = planDown(config, renderStack(config), { dir: DIR });
  const l = lines(plan);
  assert.match(l[0] ?? '', /^kubectl delete --ignore-not-found -f /);
  assert.ok(!(l[0] ?? '').includes('namespaces.yaml'), 'namespaces (and the PVCs in them) are kept');
  assert.deepEqual(l.slice(1), ['alloy', 'tempo', 'loki', 'kube-prometheus-stack'].map((r) => `helm uninstall ${r} --namespace monitoring --ignore-not-found --wait`));
  assert.match(plan.notes.join('\n'), /kubectl delete namespace monitoring playground/);
});

test('status: read-only commands only', () => {
  const plan = planStatus(parseConfig({}), { dir: DIR });
  assert.deepEqual(lines(plan), ['helm list --namespace monitoring', 'kubectl get pods --namespace monitoring -o wide', 'kubectl get pods --namespace playground -o wide']);
  assert.ok(plan.steps.every((s) => !s.mutates));
});

test('commandLine quotes what a shell would split', () => {
  assert.equal(commandLine('kubectl', ['get', 'pods', '-l', 'app in (a, b)']), "kubectl get pods -l 'app in (a, b)'");
});
