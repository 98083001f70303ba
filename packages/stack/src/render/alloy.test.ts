import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { olaLokiProcessStages } from '@srcobs/ola';
import type { Block } from '../alloy/syntax/ast.js';
import { parseAlloy } from '../alloy/syntax/parser.js';
import { printAlloy } from '../alloy/syntax/printer.js';
import { defaultConfig, parseConfig } from '../config/parse.js';
import type { StackConfig } from '../config/types.js';
import { validateAlloy } from '../validate/alloy.js';
import { alloyDeploymentNeeds, renderAlloyConfig, renderAlloyFiles } from './alloy.js';
import { renderCollectorConfig } from './collector.js';
import { exporterEndpoints } from './endpoints.js';
import type { RenderedFile } from './types.js';

function components(config: StackConfig): Map<string, Block> {
  const out = new Map<string, Block>();
  for (const s of parseAlloy(renderAlloyConfig(config)).body) if (s.kind === 'block') out.set(`${s.name}.${s.label}`, s);
  return out;
}

function attr(block: Block | undefined, name: string): unknown {
  const found = block?.body.find((s) => s.kind === 'attribute' && s.name === name);
  if (!found || found.kind !== 'attribute') return undefined;
  const v = found.value;
  if (v.kind === 'string' || v.kind === 'bool' || v.kind === 'number') return v.value;
  if (v.kind === 'array') return v.elements.map((e) => (e.kind === 'string' ? e.value : e.kind));
  return v.kind;
}

function child(block: Block | undefined, name: string, index = 0): Block | undefined {
  return block?.body.filter((s): s is Block => s.kind === 'block' && s.name === name)[index];
}

/** The static labels a loki.process sets first, as an object. */
function staticLabels(process: Block | undefined): Record<string, string> {
  const stage = child(process, 'stage.static_labels');
  const values = stage?.body.find((s) => s.kind === 'attribute' && s.name === 'values');
  if (values?.kind !== 'attribute' || values.value.kind !== 'object') return {};
  return Object.fromEntries(values.value.fields.map((f) => [f.key, f.value.kind === 'string' ? f.value.value : '?']));
}

const OPTIONS: ReadonlyArray<{ readonly name: string; readonly input: Record<string, unknown> }> = [
  { name: 'defaults', input: {} },
  { name: 'journal on', input: { logs: { journal: true } } },
  { name: 'API server audit self-managed', input: { logs: { apiServerAudit: { mode: 'self-managed' } } } },
  { name: 'tracesPath collector', input: { tracesPath: 'collector' } },
  { name: 'no pod logs, no events', input: { logs: { podLogs: false, kubernetesEvents: false } } },
  { name: 'Loki Distributed', input: { loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'logs', region: 'eu-west-1' } } } },
];

/** The alloy chart values as far as the Alloy check reads them: the stability level. */
function alloyChart(level: string): RenderedFile {
  return {
    path: 'helm/alloy-values.yaml',
    kind: 'helm-values',
    chart: { name: 'alloy', version: '1.11.1', repository: 'https://grafana.github.io/helm-charts', release: 'alloy', namespace: 'monitoring' },
    content: `alloy:\n  stabilityLevel: ${level}\n`,
  };
}

for (const option of OPTIONS) {
  test(`renders Alloy that parses and validates clean: ${option.name}`, async () => {
    const files = renderAlloyFiles(parseConfig(option.input));
    // Printing what was parsed gives the same text: the file is in the printer's canonical layout.
    assert.equal(printAlloy(parseAlloy(files[0]!.content)), files[0]!.content);
    assert.deepEqual(await validateAlloy([...files, alloyChart('public-preview')], { vendorDir: '' }), []);
  });
}

test('loki.secretfilter is public preview: the alloy chart must lower its stability level, or Alloy refuses the config', async () => {
  const files = renderAlloyFiles(defaultConfig());
  const [error] = await validateAlloy([...files, alloyChart('generally-available')], { vendorDir: '' });
  assert.deepEqual([error?.severity, error?.file, error?.path], ['error', 'helm/alloy-values.yaml', 'alloy.stabilityLevel']);
  assert.match(error!.message, /alloy\/config\.alloy uses loki\.secretfilter, which is public-preview, but Alloy runs at generally-available/);
  const [warning] = await validateAlloy(files, { vendorDir: '' });
  assert.equal(warning?.severity, 'warning', 'without chart values the check can only warn');
});

test('default pod pipeline: API discovery, relabel without __path__, Kubernetes tailing, OLA process, redaction, Loki', () => {
  const c = components(defaultConfig());
  assert.equal(attr(c.get('discovery.kubernetes.pods'), 'role'), 'pod');
  const relabel = c.get('discovery.relabel.pod_logs');
  const targets = relabel!.body.filter((s): s is Block => s.kind === 'block').map((r) => attr(r, 'target_label'));
  assert.deepEqual(targets, [undefined, 'namespace', 'pod', 'container', 'app', 'job', 'container_runtime']);
  assert.ok(!targets.includes('__path__'), 'E9: API tailing needs no __path__ rule');
  assert.deepEqual(attr(c.get('loki.source.kubernetes.pods'), 'forward_to'), ['access']);
  const process = c.get('loki.process.pods');
  assert.deepEqual(staticLabels(process), { cluster: 'kubernetes', source: 'pod' });
  // Every OLA stage from @srcobs/ola follows the static labels, in order.
  const stageNames = process!.body.filter((s): s is Block => s.kind === 'block').map((b) => b.name);
  assert.deepEqual(stageNames, ['stage.static_labels', ...olaLokiProcessStages().map((s) => s.name)]);
  assert.equal(attr(c.get('loki.secretfilter.default'), 'redact_with'), '<REDACTED:$SECRET_NAME>');
  assert.equal(attr(child(c.get('loki.write.default'), 'endpoint'), 'url'), 'http://loki.monitoring.svc:3100/loki/api/v1/push');
});

test('events get their own process with source="kubernetes-events" and the same writer', () => {
  const c = components(defaultConfig());
  assert.ok(c.has('loki.source.kubernetes_events.events'));
  assert.deepEqual(staticLabels(c.get('loki.process.events')), { cluster: 'kubernetes', source: 'kubernetes-events' });
  assert.equal([...c.keys()].filter((k) => k.startsWith('loki.write.')).length, 1);
});

test('the cluster label follows clusterName', () => {
  const c = components(parseConfig({ clusterName: 'prod-eu' }));
  assert.equal(staticLabels(c.get('loki.process.pods'))['cluster'], 'prod-eu');
});

test('journal on: journal source relabels unit and transport (the OLA rules key on them), source="journal"', () => {
  const off = components(defaultConfig());
  assert.ok(!off.has('loki.source.journal.journal'), 'off by default');
  const c = components(parseConfig({ logs: { journal: true } }));
  assert.equal(attr(c.get('loki.source.journal.journal'), 'path'), '/var/log/journal');
  const rules = c.get('loki.relabel.journal')!.body.filter((s): s is Block => s.kind === 'block');
  const mapping = Object.fromEntries(rules.map((r) => [(attr(r, 'source_labels') as string[])[0], attr(r, 'target_label')]));
  assert.equal(mapping['__journal__systemd_unit'], 'unit');
  assert.equal(mapping['__journal__transport'], 'transport');
  assert.deepEqual(staticLabels(c.get('loki.process.journal')), { cluster: 'kubernetes', source: 'journal' });
  assert.deepEqual(alloyDeploymentNeeds(parseConfig({ logs: { journal: true } })).hostPaths, ['/var/log/journal']);
});

test('API server audit (self-managed): the audit log path through local.file_match and loki.source.file, source="apiserver-audit"', () => {
  for (const mode of ['off', 'managed'] as const) assert.ok(!components(parseConfig({ logs: { apiServerAudit: { mode } } })).has('local.file_match.apiserver_audit'), mode);
  const config = parseConfig({ logs: { apiServerAudit: { mode: 'self-managed', logPath: '/var/log/kube/audit.json' } } });
  const c = components(config);
  assert.match(renderAlloyConfig(config), /__path__ = "\/var\/log\/kube\/audit\.json"/);
  assert.deepEqual(attr(c.get('loki.source.file.apiserver_audit'), 'targets'), 'access');
  assert.deepEqual(staticLabels(c.get('loki.process.apiserver_audit')), { cluster: 'kubernetes', source: 'apiserver-audit' });
  const needs = alloyDeploymentNeeds(config);
  assert.deepEqual([needs.daemonSet, needs.controlPlaneTolerations, needs.hostPaths], [true, true, ['/var/log/kube']]);
});

test('traces (tracesPath alloy): OTLP 4317/4318 -> memory_limiter -> k8sattributes -> batch -> Tempo, connectors -> Prometheus (E10)', () => {
  const c = components(defaultConfig());
  const receiver = c.get('otelcol.receiver.otlp.default');
  assert.equal(attr(child(receiver, 'grpc'), 'endpoint'), '0.0.0.0:4317');
  assert.equal(attr(child(receiver, 'http'), 'endpoint'), '0.0.0.0:4318');
  assert.ok(c.has('otelcol.processor.k8sattributes.default'));
  const tempo = child(c.get('otelcol.exporter.otlp.tempo'), 'client');
  assert.equal(attr(tempo, 'endpoint'), 'tempo.monitoring.svc:4317');
  assert.equal(attr(child(tempo, 'tls'), 'insecure'), true);
  assert.equal(attr(child(c.get('prometheus.remote_write.prometheus'), 'endpoint'), 'url'), 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090/api/v1/write');
  const text = renderAlloyConfig(defaultConfig());
  assert.match(text, /otelcol\.connector\.servicegraph "default" \{[\s\S]*?metrics = \[otelcol\.exporter\.prometheus\.default\.input\]/);
  assert.match(text, /otelcol\.connector\.spanmetrics "default" \{[\s\S]*?metrics = \[otelcol\.exporter\.prometheus\.default\.input\]/);
});

test('the Prometheus and Tempo addresses follow release names and modes (kube-prometheus-stack truncates to 26 characters)', () => {
  const config = parseConfig({ releases: { kubePrometheusStack: 'observability-platform-prod' }, namespaces: { monitoring: 'obs' } });
  const url = attr(child(components(config).get('prometheus.remote_write.prometheus'), 'endpoint'), 'url');
  assert.equal(url, 'http://observability-platform-pro-prometheus.obs.svc:9090/api/v1/write');
  const endpoints = exporterEndpoints(parseConfig({ loki: { mode: 'SimpleScalable', objectStorage: { type: 'gcs', bucket: 'b' } } }));
  assert.deepEqual(endpoints.find((e) => e.protocol === 'loki-push'), { file: 'alloy/config.alloy', component: 'loki.write.default', host: 'loki-write.monitoring.svc', port: 3100, protocol: 'loki-push' });
});

test('Loki push URL per mode: the single binary, or the distributors', () => {
  const url = (input: Record<string, unknown>): unknown => attr(child(components(parseConfig(input)).get('loki.write.default'), 'endpoint'), 'url');
  assert.equal(url({}), 'http://loki.monitoring.svc:3100/loki/api/v1/push');
  assert.equal(url({ loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'logs', region: 'eu-west-1' } } }), 'http://loki-distributor.monitoring.svc:3100/loki/api/v1/push');
  assert.equal(url({ releases: { loki: 'logs' } }), 'http://logs-loki.monitoring.svc:3100/loki/api/v1/push');
});

test('tracesPath collector (E11): one path, apps -> Collector -> Alloy -> Tempo, and exporterEndpoints shows it', () => {
  const config = parseConfig({ tracesPath: 'collector' });
  const files = renderAlloyFiles(config);
  assert.deepEqual(files.map((f) => [f.path, f.kind]), [['alloy/config.alloy', 'alloy'], ['collector/config.yaml', 'collector']]);
  assert.ok(!components(config).has('otelcol.processor.k8sattributes.default'), 'the Collector adds the pod attributes; Alloy only sees the Collector');
  const collector = renderCollectorConfig(config) as { service: { pipelines: Record<string, unknown> }; exporters: Record<string, unknown> };
  assert.deepEqual(collector.service.pipelines['traces'], { receivers: ['otlp'], processors: ['memory_limiter', 'k8sattributes', 'batch'], exporters: ['otlp/alloy'] });
  assert.deepEqual(collector.exporters['otlp/alloy'], { endpoint: 'alloy.monitoring.svc:4317', tls: { insecure: true } });
  assert.deepEqual(parseYaml(files[1]!.content), collector, 'the file holds the same object');
  const otlp = exporterEndpoints(config).filter((e) => e.protocol === 'otlp-grpc');
  assert.deepEqual(otlp.map((e) => `${e.file} ${e.component} -> ${e.host}:${e.port}`), [
    'alloy/config.alloy otelcol.exporter.otlp.tempo -> tempo.monitoring.svc:4317',
    'collector/config.yaml exporters.otlp/alloy -> alloy.monitoring.svc:4317',
  ]);
  assert.equal(renderAlloyFiles(defaultConfig()).length, 1, 'no Collector file when apps send to Alloy');
});

test('exporterEndpoints lists every destination of the default stack', () => {
  assert.deepEqual(
    exporterEndpoints(defaultConfig()).map((e) => `${e.protocol} ${e.host}:${e.port}`),
    ['loki-push loki.monitoring.svc:3100', 'otlp-grpc tempo.monitoring.svc:4317', 'prometheus-remote-write kube-prometheus-stack-prometheus.monitoring.svc:9090'],
  );
  assert.deepEqual(exporterEndpoints(parseConfig({ tempo: { mode: 'distributed', objectStorage: { type: 's3', bucket: 't', region: 'r' }, kafka: { address: 'kafka.kafka.svc:9092', partitions: 3 } } })).find((e) => e.protocol === 'otlp-grpc')?.host, 'tempo-distributor.monitoring.svc');
});
