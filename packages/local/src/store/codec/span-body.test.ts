import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyValue } from '../../model/spans.js';
import { decodeSpanAttributes, decodeSpanBody, encodeSpanBody } from './span-body.js';

test('span body: every AnyValue kind, events with bigint times and links round-trip', () => {
  const attributes: KeyValue[] = [
    { key: 's', value: { stringValue: '' } },
    { key: 'b', value: { boolValue: false } },
    { key: 'i', value: { intValue: '9223372036854775807' } },
    { key: 'd', value: { doubleValue: -2.5 } },
    { key: 'nan', value: { doubleValue: Number.NaN } },
    { key: 'inf', value: { doubleValue: -Infinity } },
    { key: 'bytes', value: { bytesValue: 'AQID' } },
    { key: 'a', value: { arrayValue: { values: [{ boolValue: true }, { arrayValue: { values: [] } }] } } },
    { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { intValue: '1' } }] } } },
    { key: 'none', value: {} },
    { key: 'dup', value: { stringValue: '1' } },
    { key: 'dup', value: { stringValue: '2' } },
  ];
  const body = {
    traceState: 'vendor=1',
    statusMessage: 'failed: "quoted"',
    scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' },
    attributes,
    events: [{ timeNs: 2n ** 63n - 1n, name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'Error' } }] }],
    links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceState: '', attributes: [] }],
  };
  const text = encodeSpanBody(body);
  assert.deepEqual(decodeSpanBody(text), body);
  assert.deepEqual(decodeSpanAttributes(text), attributes);
});
