import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStaleNaN } from '../../model/metrics.js';
import { decodeOtlpRequest, encodeOtlpRequest } from './codec.js';
import { convertLogs, levelOf } from './logs.js';
import { convertMetrics } from './metrics.js';

const T = '1700000000123456789';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

/** Through the real protobuf path: JSON shape -> protobuf bytes -> decode, as a receiver sees it. */
function metrics(json: Record<string, unknown>) {
  return convertMetrics(decodeOtlpRequest('metrics', 'protobuf', encodeOtlpRequest('metrics', json)));
}

test('OTLP metrics: histogram buckets made cumulative, exemplars on the bucket they fall in, _sum only when sent', () => {
  const { batch } = metrics({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'latency',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    { timeUnixNano: T, count: '6', sum: 42.5, bucketCounts: ['1', '2', '3'], explicitBounds: [5, 10], exemplars: [{ timeUnixNano: T, asDouble: 7, traceId: TRACE, spanId: SPAN }] },
                    { timeUnixNano: T, count: '0', bucketCounts: ['0', '0', '0'], explicitBounds: [5, 10], attributes: [{ key: 'nosum', value: { boolValue: true } }] },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  });
  const of = (name: string, extra: Record<string, string> = {}) =>
    batch.series.filter((s) => s.labels['__name__'] === name && Object.entries(extra).every(([k, v]) => s.labels[k] === v) && s.labels['nosum'] === undefined);
  assert.deepEqual(of('latency_milliseconds_bucket').map((s) => [s.labels['le'], s.samples[0]!.v]), [['5', 1], ['10', 3], ['+Inf', 6]]);
  assert.equal(of('latency_milliseconds_bucket', { le: '10' })[0]!.exemplars?.[0]?.labels['trace_id'], TRACE);
  assert.equal(of('latency_milliseconds_bucket', { le: '5' })[0]!.exemplars, undefined);
  assert.equal(of('latency_milliseconds_sum')[0]!.samples[0]!.v, 42.5);
  assert.equal(of('latency_milliseconds_count')[0]!.samples[0]!.t, 1_700_000_000_123, 'ns floored to ms exactly');
  assert.equal(batch.series.filter((s) => s.labels['nosum'] === 'true' && s.labels['__name__'] === 'latency_milliseconds_sum').length, 0, 'no _sum when the point has none');
});

test('OTLP metrics: summaries, the no-recorded-value flag as a staleness marker, colliding attribute names joined with ;', () => {
  const { batch } = metrics({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
        scopeMetrics: [
          {
            metrics: [
              { name: 'rpc.duration', summary: { dataPoints: [{ timeUnixNano: T, count: '3', sum: 1.5, quantileValues: [{ quantile: 0.5, value: 0.4 }, { quantile: 0.99, value: 0.9 }] }] } },
              { name: 'up.ish', gauge: { dataPoints: [{ timeUnixNano: T, flags: 1, asInt: '1' }, { timeUnixNano: T, asInt: '9007199254740993', attributes: [{ key: 'a.b', value: { stringValue: 'x' } }, { key: 'a_b', value: { stringValue: 'y' } }] }] } },
            ],
          },
        ],
      },
    ],
  });
  const q = batch.series.filter((s) => s.labels['__name__'] === 'rpc_duration').map((s) => [s.labels['quantile'], s.samples[0]!.v]);
  assert.deepEqual(q, [['0.5', 0.4], ['0.99', 0.9]]);
  const gauges = batch.series.filter((s) => s.labels['__name__'] === 'up_ish');
  assert.ok(isStaleNaN(gauges[0]!.samples[0]!.v));
  assert.equal(gauges[1]!.labels['a_b'], 'x;y', 'values in the order of their original keys');
  assert.equal(gauges[1]!.samples[0]!.v, 9007199254740992, 'as_int to the nearest double');
});

test('OTLP logs: level from severity number or text, structured bodies as JSON, observed time when the time is unset', () => {
  assert.deepEqual([1, 5, 9, 13, 17, 21, 24].map((n) => levelOf(n, undefined)), ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'fatal']);
  assert.equal(levelOf(0, 'WARNING'), 'warn');
  assert.equal(levelOf(0, 'chatty'), undefined);
  const req = decodeOtlpRequest(
    'logs',
    'protobuf',
    encodeOtlpRequest('logs', {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'k8s.pod.name', value: { stringValue: 'api-1' } }, { key: 'host.name', value: { stringValue: 'n1' } }] },
          scopeLogs: [
            {
              scope: { name: 'lib', version: '2' },
              logRecords: [
                { observedTimeUnixNano: T, severityText: 'Error', body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'boom' } }, { key: 'n', value: { intValue: '3' } }] } }, traceId: TRACE, spanId: SPAN },
              ],
            },
          ],
        },
      ],
    }),
  );
  const { batch } = convertLogs(req);
  const [stream] = batch.streams;
  assert.deepEqual(stream!.labels, { k8s_pod_name: 'api-1', service_name: 'unknown_service', level: 'error' });
  const [entry] = stream!.entries;
  assert.equal(entry!.tsNs, 1_700_000_000_123_456_789n);
  assert.equal(entry!.line, '{"msg":"boom","n":3}');
  assert.deepEqual(entry!.metadata, { host_name: 'n1', scope_name: 'lib', scope_version: '2', severity_text: 'Error', trace_id: TRACE, span_id: SPAN });
});
