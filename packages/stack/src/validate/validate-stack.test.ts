import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify, parse } from 'yaml';
import { findBinary } from '@srcobs/testkit';
import { parseConfig } from '../config/parse.js';
import { renderStack } from '../render/render-stack.js';
import type { RenderedFile } from '../render/types.js';
import { validateStack } from './validate-stack.js';
import { DEFAULT_VENDOR_DIR } from './vendor.js';

const context = { vendorDir: DEFAULT_VENDOR_DIR, ...(findBinary('promtool') ? { promtool: 'promtool' } : {}) };

const VARIANTS: Record<string, Record<string, unknown>> = {
  'the default stack': {},
  'the collector path, journal, audit log, a sub-path and a storage class': { tracesPath: 'collector', logs: { journal: true, apiServerAudit: { mode: 'self-managed' } }, grafana: { path: '/grafana' }, storage: { storageClassName: 'nfs-default' } },
  'Distributed Loki and tempo-distributed on buckets': {
    loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'logs', region: 'eu-west-1', credentialsSecret: 'loki-s3' } },
    tempo: { mode: 'distributed', objectStorage: { type: 'gcs', bucket: 'traces' }, kafka: { address: 'kafka.kafka.svc:9092' } },
  },
};

for (const [name, input] of Object.entries(VARIANTS)) {
  test(`${name} renders and validates with no errors`, async () => {
    const findings = await validateStack(renderStack(parseConfig(input)), context);
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => `${f.check} ${f.file} ${f.path ?? ''}: ${f.message}`), []);
  });
}

function withValues(files: readonly RenderedFile[], path: string, edit: (values: Record<string, any>) => void): RenderedFile[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    const values = parse(f.content) as Record<string, any>;
    edit(values);
    return { ...f, content: stringify(values) };
  });
}

test('a typo in rendered values fails validation, naming the file, the path and the fix', async () => {
  const files = withValues(renderStack(parseConfig({})), 'helm/kube-prometheus-stack.values.yaml', (v) => {
    v.prometheus.prometheusSpec.retension = v.prometheus.prometheusSpec.retention;
    delete v.prometheus.prometheusSpec.retention;
  });
  const errors = (await validateStack(files, context)).filter((f) => f.severity === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.file, 'helm/kube-prometheus-stack.values.yaml');
  assert.equal(errors[0]?.path, 'prometheus.prometheusSpec.retension');
  assert.match(errors[0]?.fix ?? '', /"retention"/);
});

test('a validator that crashes becomes an error finding, and the others still run', async () => {
  const findings = await validateStack([], context, [
    { name: 'broken', run: () => { throw new Error('boom'); } },
    { name: 'fine', run: () => [{ severity: 'warning', check: 'fine', file: 'x', message: 'still here' }] },
  ]);
  assert.deepEqual(findings.map((f) => [f.severity, f.check]), [['error', 'broken'], ['warning', 'fine']]);
  assert.match(findings[0]?.message ?? '', /crashed: boom/);
});
