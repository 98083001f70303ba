import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml, stringify } from 'yaml';
import { SHARED_DIR } from '@srcobs/testkit';
import { parseAlloy } from '../alloy/syntax/parser.js';
import { defaultConfig, parseConfig } from '../config/parse.js';
import { renderAlloyConfig, renderAlloyFiles } from '../render/alloy.js';
import { CONTAINER_RUNTIME_REGEX } from '../render/alloy/logs.js';
import type { RenderedFile } from '../render/types.js';
import { validateAlloy, validateAlloyText } from './alloy.js';
import { compileRe2 } from './alloy/re2.js';
import { seedAlloy } from './seed-alloy.js';

/*
 * The seed errata that belong to the Alloy and Collector configs (../shared/seed-errata.md, rows
 * E9, E10, E11): the seed's literal config, cut from the design document, fails validation, and
 * the rendered config does not.
 */

const SEED_DIR = join(SHARED_DIR, 'seed');
const SEED = seedAlloy(readdirSync(SEED_DIR).map((f) => readFileSync(join(SEED_DIR, f), 'utf8')).join('\n'));
const CTX = { vendorDir: '' };

test('the seed snippets are whole Alloy configs once the export damage is undone', () => {
  const pods = parseAlloy(SEED.podLogs).body.map((s) => (s.kind === 'block' ? `${s.name}.${s.label}` : s.name));
  assert.deepEqual(pods, ['loki.write.default', 'discovery.kubernetes.pod', 'discovery.relabel.pod_logs', 'loki.source.kubernetes.pod_logs', 'loki.process.pod_logs']);
  const traces = parseAlloy(SEED.traces).body.map((s) => (s.kind === 'block' ? `${s.name}.${s.label}` : s.name));
  assert.deepEqual(traces, ['otelcol.exporter.otlp.tempoExporter', 'otelcol.connector.servicegraph.default', 'otelcol.receiver.otlp.defaultReceiver']);
});

test('E9: the seed\'s __path__ rule for API tailing and its container_runtime regex are rejected', () => {
  const messages = validateAlloyText('seed/alloy.alloy', SEED.podLogs).map((f) => f.message);
  assert.ok(messages.some((m) => /rule 6 sets __path__, but its targets go to loki\.source\.kubernetes\.pod_logs, which tails logs through the Kubernetes API and ignores __path__ \(E9\)/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /target_label "container_runtime"\): regex "\^\(\\\\S\+\):\\\\\/\\\\\/\\\\\.\+\$" never matches/.test(m)), messages.join('\n'));
});

test('E9 corrected: no __path__ rule, and the container_runtime regex matches containerd://abc123', () => {
  const rendered = renderAlloyConfig(defaultConfig());
  assert.doesNotMatch(rendered, /target_label\s*=\s*"__path__"/);
  const compiled = compileRe2(CONTAINER_RUNTIME_REGEX, { anchored: true });
  assert.ok('regex' in compiled);
  assert.equal(compiled.regex.exec('containerd://abc123')?.[1], 'containerd');
  assert.equal(compiled.regex.exec('cri-o://9f8e')?.[1], 'cri-o');
  assert.deepEqual(validateAlloyText('alloy/config.alloy', rendered), []);
});

test('E10: the seed\'s service graph exporting metrics to Tempo is rejected', () => {
  const findings = validateAlloyText('seed/traces.alloy', SEED.traces);
  assert.equal(findings.length, 1, JSON.stringify(findings));
  assert.match(findings[0]!.message, /otelcol\.connector\.servicegraph\.default sends metrics to otelcol\.exporter\.otlp\.tempoExporter \(tempo\.monitoring\.svc\.cluster\.local\), which is Tempo.*\(E10\)/);
  assert.match(findings[0]!.fix ?? '', /otelcol\.exporter\.prometheus to prometheus\.remote_write/);
});

test('E10 corrected: span metrics and the service graph go to Prometheus; re-pointing them at Tempo is caught', () => {
  const rendered = renderAlloyConfig(defaultConfig());
  assert.deepEqual(validateAlloyText('alloy/config.alloy', rendered), []);
  const broken = rendered.replace(
    /(otelcol\.connector\.servicegraph "default" \{[\s\S]*?metrics = \[)otelcol\.exporter\.prometheus\.default\.input/,
    '$1otelcol.exporter.otlp.tempo.input',
  );
  assert.notEqual(broken, rendered);
  assert.match(validateAlloyText('alloy/config.alloy', broken)[0]?.message ?? '', /sends metrics to otelcol\.exporter\.otlp\.tempo \(tempo\.monitoring\.svc\), which is Tempo/);
});

/** The Collector the seed installs: the chart's default `config:` (it only ever exports to `debug`). */
function seedCollector(): RenderedFile {
  const values = parseYaml(readFileSync(join(SHARED_DIR, 'charts', 'opentelemetry-collector', '0.170.0', 'values.yaml'), 'utf8')) as { config: unknown };
  return { path: 'seed/collector.yaml', kind: 'collector', content: stringify(values.config) };
}

test('E11: the seed\'s two OTLP receivers (Alloy and a Collector that exports to debug) are rejected', async () => {
  const files: RenderedFile[] = [{ path: 'seed/traces.alloy', kind: 'alloy', content: SEED.traces.replace('metrics = [otelcol.exporter.otlp.tempoExporter.input]', 'metrics = []') }, seedCollector()];
  const findings = (await validateAlloy(files, CTX)).filter((f) => /E11/.test(f.message));
  assert.deepEqual(
    findings.map((f) => f.file),
    ['seed/collector.yaml', 'seed/traces.alloy'],
  );
  assert.match(findings[0]!.message, /the Collector receives the apps' traces and sends them nowhere that stores them \(exporters: debug\)/);
  assert.match(findings[1]!.message, /two receivers with no wiring between them/);
});

test('E11 corrected: tracesPath collector forwards to Alloy, tracesPath alloy has no Collector; a Collector straight to Tempo beside Alloy is caught', async () => {
  const errors = async (files: RenderedFile[]) => (await validateAlloy(files, CTX)).filter((f) => f.severity === 'error');
  assert.deepEqual(await errors(renderAlloyFiles(parseConfig({ tracesPath: 'collector' }))), []);
  assert.deepEqual(renderAlloyFiles(defaultConfig()).map((f) => f.kind), ['alloy']);
  const [alloy, collector] = renderAlloyFiles(parseConfig({ tracesPath: 'collector' }));
  const toTempo = { ...collector!, content: collector!.content.replace('alloy.monitoring.svc:4317', 'tempo.monitoring.svc:4317') };
  const findings = await errors([alloy!, toTempo]);
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /both alloy\/config\.alloy and collector\/config\.yaml receive OTLP traces, and the Collector does not forward to Alloy/);
});
