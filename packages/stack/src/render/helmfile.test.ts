import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../config/parse.js';
import { renderHelmfile } from './helmfile.js';

function helmfile(input: Record<string, unknown>): { repositories: { name: string; url: string }[]; releases: { name: string; chart: string; version: string; namespace: string; values: string[]; needs?: string[] }[] } {
  const [file] = renderHelmfile(parseConfig(input));
  assert.equal(file?.kind, 'helmfile');
  return parse(file?.content ?? '');
}

test('every release in dependency order, pinned, with its values file', () => {
  const h = helmfile({});
  assert.deepEqual(
    h.releases.map((r) => [r.name, r.chart, r.version, r.values[0], r.needs ?? []]),
    [
      ['kube-prometheus-stack', 'prometheus-community/kube-prometheus-stack', '88.5.3', 'helm/kube-prometheus-stack.values.yaml', []],
      ['loki', 'grafana-community/loki', '18.11.0', 'helm/loki.values.yaml', ['monitoring/kube-prometheus-stack']],
      ['tempo', 'grafana-community/tempo', '2.2.4', 'helm/tempo.values.yaml', ['monitoring/kube-prometheus-stack']],
      ['alloy', 'grafana/alloy', '1.11.1', 'helm/alloy.values.yaml', ['monitoring/kube-prometheus-stack', 'monitoring/loki', 'monitoring/tempo']],
    ],
  );
  assert.deepEqual(h.repositories.map((r) => r.name), ['prometheus-community', 'grafana-community', 'grafana']);
  assert.ok(h.releases.every((r) => r.namespace === 'monitoring'));
});

test('the Collector joins only on the collector path, tempo-distributed only when distributed', () => {
  const h = helmfile({ tracesPath: 'collector', tempo: { mode: 'distributed', objectStorage: { type: 'gcs', bucket: 'b' }, kafka: { address: 'k:9092' } }, releases: { tempo: 'traces' } });
  assert.deepEqual(h.releases.map((r) => r.name), ['kube-prometheus-stack', 'loki', 'traces', 'otel-collector', 'alloy']);
  assert.equal(h.releases[2]?.chart, 'grafana-community/tempo-distributed');
  assert.equal(h.releases[2]?.version, '3.3.0');
  assert.deepEqual(h.releases[3]?.needs, ['monitoring/kube-prometheus-stack', 'monitoring/traces']);
  assert.ok(h.repositories.some((r) => r.url === 'https://open-telemetry.github.io/opentelemetry-helm-charts'));
});
