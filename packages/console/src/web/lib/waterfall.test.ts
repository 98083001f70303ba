import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idToHex, spansOfTrace, type TraceSpan } from './otlp.js';
import { layoutWaterfall, servicesOf } from './waterfall.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const T0 = 1_714_564_800_000_000_000n;

function otlpSpan(id: string, parent: string, name: string, startMs: number, endMs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: b64(TRACE),
    spanId: b64(id),
    ...(parent ? { parentSpanId: b64(parent) } : {}),
    name,
    kind: 'SPAN_KIND_SERVER',
    startTimeUnixNano: String(T0 + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(T0 + BigInt(endMs) * 1_000_000n),
    attributes: [{ key: 'http.route', value: { stringValue: '/slow' } }],
    status: {},
    ...extra,
  };
}

const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'process.pid', value: { intValue: '42' } }] });

/** trace-app /slow calling test-app /slow, as Tempo's /api/traces/<id> returns it (resources in any order). */
const tempoAnswer = {
  batches: [
    { resource: resource('test-app'), scopeSpans: [{ scope: { name: 'http' }, spans: [otlpSpan('00000000000000c1', '00000000000000b2', 'GET /slow', 12, 1012), otlpSpan('00000000000000c2', '00000000000000c1', 'db query', 20, 40, { status: { code: 'STATUS_CODE_ERROR', message: 'timeout' } })] }] },
    {
      resource: resource('trace-app'),
      scopeSpans: [
        {
          scope: { name: 'http' },
          spans: [
            otlpSpan('00000000000000a1', '', 'GET /slow', 0, 3000, { events: [{ timeUnixNano: String(T0 + 5_000_000n), name: 'cache miss', attributes: [{ key: 'key', value: { stringValue: 'u1' } }] }] }),
            otlpSpan('00000000000000b2', '00000000000000a1', 'GET', 10, 1015, { kind: 3, links: [{ traceId: b64('1'.repeat(32)), spanId: b64('2'.repeat(16)) }] }),
          ],
        },
      ],
    },
  ],
};

test('otlp: ids decode from base64 to hex; hex ids pass through', () => {
  assert.equal(idToHex(b64(TRACE)), TRACE);
  assert.equal(idToHex(TRACE.toUpperCase()), TRACE);
  assert.equal(idToHex('00000000000000a1'), '00000000000000a1');
  assert.equal(idToHex(undefined), '');
});

test('otlp: spans come out of their resource and scope with service, kind, status, events and links', () => {
  const spans = spansOfTrace(tempoAnswer);
  assert.equal(spans.length, 4);
  const db = spans.find((s) => s.name === 'db query')!;
  assert.equal(db.service, 'test-app');
  assert.equal(db.status, 'error');
  assert.equal(db.statusMessage, 'timeout');
  const call = spans.find((s) => s.name === 'GET')!;
  assert.equal(call.kind, 'client');
  assert.deepEqual(call.links.map((l) => [l.traceId, l.spanId]), [['1'.repeat(32), '2'.repeat(16)]]);
  const root = spans.find((s) => s.parentSpanId === '')!;
  assert.equal(root.events[0]!.name, 'cache miss');
  assert.deepEqual(root.resource.find((a) => a.key === 'process.pid')?.value, 42);
  assert.deepEqual(spansOfTrace({ trace: { resourceSpans: tempoAnswer.batches } }).length, 4, 'the v2 answer shape too');
});

test('waterfall: spans of both services nest under their parents in start order, on one time axis', () => {
  const w = layoutWaterfall(spansOfTrace(tempoAnswer));
  assert.deepEqual(
    w.rows.map((r) => `${'  '.repeat(r.depth)}${r.span.service} ${r.span.name}`),
    ['trace-app GET /slow', '  trace-app GET', '    test-app GET /slow', '      test-app db query'],
  );
  assert.deepEqual(w.services, ['trace-app', 'test-app']);
  assert.equal(w.durationMs, 3000);
  const server = w.rows[2]!;
  assert.equal(server.startMs, 12);
  assert.equal(server.durationMs, 1000);
  assert.ok(Math.abs(server.offset - 12 / 3000) < 1e-9);
  assert.ok(Math.abs(server.width - 1000 / 3000) < 1e-9);
  assert.equal(server.serviceIndex, 1);
  assert.equal(w.rows[0]!.width, 1);
  assert.deepEqual(servicesOf(spansOfTrace(tempoAnswer)), ['test-app', 'trace-app']);
});

function span(id: string, parent: string, startMs: number, endMs: number): TraceSpan {
  return { traceId: TRACE, spanId: id, parentSpanId: parent, name: id, kind: 'internal', startNs: T0 + BigInt(startMs) * 1_000_000n, endNs: T0 + BigInt(endMs) * 1_000_000n, service: 's', scope: '', attributes: [], resource: [], events: [], links: [], status: 'unset', statusMessage: '' };
}

test('waterfall: a span whose parent has not arrived is shown as a root and marked, a 0 ns span stays visible', () => {
  const w = layoutWaterfall([span('b', 'missing', 5, 5), span('a', '', 0, 10)]);
  assert.deepEqual(w.rows.map((r) => [r.span.spanId, r.depth, r.orphan]), [['a', 0, false], ['b', 0, true]]);
  assert.ok(w.rows[1]!.width > 0);
});

test('waterfall: a parent cycle in bad data draws each span once instead of looping', () => {
  const w = layoutWaterfall([span('a', 'b', 0, 10), span('b', 'a', 1, 5), span('c', '', 0, 20)]);
  assert.deepEqual(w.rows.map((r) => r.span.spanId).sort(), ['a', 'b', 'c']);
  assert.deepEqual(layoutWaterfall([]).rows, []);
});
