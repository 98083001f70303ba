import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../../config/parse.js';
import { DEFAULT_VENDOR_DIR } from '../../validate/vendor.js';
import { CHART_DEFAULT_COMPONENTS, renderOtelCollectorValues } from './otel-collector.js';
import { assertValidValues, parsedValues } from './test-support.js';

const COLLECTOR = {
  receivers: { otlp: { protocols: { grpc: { endpoint: '${env:MY_POD_IP}:4317' } } } },
  processors: { batch: {} },
  exporters: { 'otlp/alloy': { endpoint: 'alloy.monitoring.svc:4317', tls: { insecure: true } } },
  service: { pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlp/alloy'] } } },
};

test('rendered only when traces go through the Collector (E11)', () => {
  assert.deepEqual(renderOtelCollectorValues(parseConfig({}), COLLECTOR), []);
  assert.equal(renderOtelCollectorValues(parseConfig({ tracesPath: 'collector' }), COLLECTOR).length, 1);
});

test('a Deployment with an image, our config, and the chart defaults we do not use removed', async () => {
  const files = renderOtelCollectorValues(parseConfig({ tracesPath: 'collector' }), COLLECTOR);
  const v = parsedValues(files);
  assert.equal(v.mode, 'deployment');
  assert.equal(v.image.repository, 'otel/opentelemetry-collector-k8s');
  assert.deepEqual(v.config.exporters, { debug: null, 'otlp/alloy': COLLECTOR.exporters['otlp/alloy'] });
  assert.deepEqual(v.config.receivers, { jaeger: null, prometheus: null, zipkin: null, otlp: COLLECTOR.receivers.otlp });
  assert.deepEqual(v.config.service.pipelines, { logs: null, metrics: null, traces: COLLECTOR.service.pipelines.traces });
  assert.deepEqual(v.config.service.extensions, ['health_check'], "the chart's probes call health_check");
  assert.equal(v.ports.zipkin.enabled, false);
  assert.equal(v.clusterRole.create, true);
  await assertValidValues(files);
});

test("the list of the chart's default components matches the vendored values.yaml", () => {
  const defaults = parse(readFileSync(join(DEFAULT_VENDOR_DIR, 'charts', 'opentelemetry-collector', '0.170.0', 'values.yaml'), 'utf8')) as { config: Record<string, Record<string, unknown>> & { service: { pipelines: Record<string, unknown> } } };
  for (const section of ['receivers', 'processors', 'exporters', 'extensions'] as const) {
    assert.deepEqual(Object.keys(defaults.config[section] ?? {}).sort(), [...CHART_DEFAULT_COMPONENTS[section]].sort(), section);
  }
  assert.deepEqual(Object.keys(defaults.config.service.pipelines).sort(), [...CHART_DEFAULT_COMPONENTS.pipelines].sort());
});
