import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prometheusLabelName, prometheusMetricName, prometheusUnit, type OtlpMetricKind } from './metric-names.js';
import { formatLe } from './metrics.js';

// Cases from prometheus/otlptranslator metric_namer_test.go (UTF8Allowed=false, WithMetricSuffixes=true).
const NAMES: ReadonlyArray<readonly [name: string, unit: string, kind: OtlpMetricKind, want: string, wantUnit: string]> = [
  ['requests', '', 'counter', 'requests_total', ''],
  ['cpu_usage', '1', 'gauge', 'cpu_usage_ratio', ''],
  ['items', '1', 'counter', 'items_total', ''],
  ['response_time', 'ms', 'gauge', 'response_time_milliseconds', 'milliseconds'],
  ['memory_usage', 'By', 'gauge', 'memory_usage_bytes', 'bytes'],
  ['requests', '1/s', 'gauge', 'requests_per_second', 'per_second'],
  ['throughput', 'By/s', 'gauge', 'throughput_bytes_per_second', 'bytes_per_second'],
  ['custom_metric', 'custom_unit', 'gauge', 'custom_metric_custom_unit', 'custom_unit'],
  ['custom_metric', '{custom}', 'gauge', 'custom_metric', ''],
  ['custom_metric', 'By/{custom}', 'gauge', 'custom_metric_bytes', 'bytes'],
  ['requests_total', '', 'counter', 'requests_total', ''],
  ['cpu_usage_ratio', '1', 'gauge', 'cpu_usage_ratio', ''],
  ['response_time_seconds', 's', 'gauge', 'response_time_seconds', 'seconds'],
  ['metric__with__multiple__underscores', 'unit__multiple__underscores', 'gauge', 'metric_with_multiple_underscores_unit_multiple_underscores', 'unit_multiple_underscores'],
  ['custom_metric', 'unit@with#special/chars', 'gauge', 'custom_metric_unit_with_special_per_chars', 'unit_with_special_per_chars'],
  ['@#$%', '', 'gauge', '', ''],
  ['request_duration', 's', 'histogram', 'request_duration_seconds', 'seconds'],
  ['response_time', 'ms', 'summary', 'response_time_milliseconds', 'milliseconds'],
  ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds', 'seconds'],
  ['123metric', '', 'gauge', '_123metric', ''],
];

for (const [name, unit, kind, want, wantUnit] of NAMES) {
  test(`OTLP metric name: ${kind} ${JSON.stringify(name)} unit ${JSON.stringify(unit)} -> ${JSON.stringify(want)}`, () => {
    assert.equal(prometheusMetricName(name, unit, kind), want);
    assert.equal(prometheusUnit(unit), wantUnit);
  });
}

const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['http.route', 'http_route'],
  ['service.instance.id', 'service_instance_id'],
  ['0abc', 'key_0abc'],
  ['_hidden', 'key_hidden'],
  ['__reserved', '__reserved'],
  ['a-b c', 'a_b_c'],
];
for (const [key, want] of LABELS) {
  test(`OTLP attribute ${JSON.stringify(key)} -> label ${want}`, () => assert.equal(prometheusLabelName(key), want));
}

test('bucket bounds are written as Go FormatFloat(f, \'f\', -1): never an exponent', () => {
  assert.deepEqual([0.005, 1, 2.5, 1e21, 1e-7, -3e-8, 123456789012, Infinity].map(formatLe), ['0.005', '1', '2.5', '1000000000000000000000', '0.0000001', '-0.00000003', '123456789012', '+Inf']);
});
