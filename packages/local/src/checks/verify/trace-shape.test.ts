import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTraceShape, idToHex, spansOf, type FoundSpan } from './trace-shape.js';

test('idToHex: Tempo\'s base64 ids and plain hex ids give the same hex; an all-zero parent is no parent', () => {
  const hex = '124ad60c33f6577c306db823e806c7d7';
  assert.equal(idToHex(Buffer.from(hex, 'hex').toString('base64')), hex);
  assert.equal(idToHex(hex.toUpperCase()), hex);
  assert.equal(idToHex('8bfe10429f8bd7d0'), '8bfe10429f8bd7d0');
  assert.equal(idToHex('AAAAAAAAAAA='), undefined);
  assert.equal(idToHex(''), undefined);
});

test('spansOf: spans of every batch and scope with their resource service.name and kind', () => {
  const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
  const spans = spansOf({
    batches: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'trace-app' } }] },
        scopeSpans: [{ spans: [{ traceId: b64('11'.repeat(16)), spanId: b64('aa'.repeat(8)), parentSpanId: b64('ff'.repeat(8)), name: 'GET /fast', kind: 'SPAN_KIND_SERVER' }] }],
      },
      { resource: { attributes: [] }, instrumentationLibrarySpans: [{ spans: [{ traceId: '11'.repeat(16), spanId: 'bb'.repeat(8), name: 'x', kind: 3 }] }] },
    ],
  });
  assert.deepEqual(spans, [
    { service: 'trace-app', spanId: 'aa'.repeat(8), parentSpanId: 'ff'.repeat(8), name: 'GET /fast', kind: 'SERVER' },
    { service: 'unknown', spanId: 'bb'.repeat(8), parentSpanId: undefined, name: 'x', kind: 'CLIENT' },
  ]);
});

const ROOT = 'ffffffffffffffff';
const span = (service: string, spanId: string, parentSpanId: string | undefined, kind: string, name = 'GET /fast'): FoundSpan => ({ service, spanId, parentSpanId, name, kind });
const CALLER_SERVER = span('trace-app', '01', ROOT, 'SERVER');
const CALLER_CLIENT = span('trace-app', '02', '01', 'CLIENT', 'GET');
const CALLEE_SERVER = span('test-app', '03', '02', 'SERVER');

const SHAPES: ReadonlyArray<readonly [string, FoundSpan[], boolean, RegExp]> = [
  ['both services, parent and child', [CALLER_SERVER, CALLER_CLIENT, CALLEE_SERVER], true, /3 spans from test-app, trace-app: trace-app "GET \/fast" → test-app "GET \/fast"/],
  ['the callee\'s spans not in yet', [CALLER_SERVER, CALLER_CLIENT], false, /no test-app server span whose parent is a trace-app span/],
  ['the callee started a trace of its own (context lost)', [CALLER_SERVER, CALLER_CLIENT, span('test-app', '03', undefined, 'SERVER')], false, /no test-app server span/],
  ['the caller ignored the traceparent it got', [span('trace-app', '01', undefined, 'SERVER'), CALLER_CLIENT, CALLEE_SERVER], false, /no trace-app server span whose parent is the span verify sent/],
];

for (const [name, spans, complete, detail] of SHAPES) {
  test(`checkTraceShape: ${name}`, () => {
    const r = checkTraceShape(spans, ROOT, 'trace-app', 'test-app');
    assert.equal(r.complete, complete);
    assert.match(r.detail, detail);
  });
}
