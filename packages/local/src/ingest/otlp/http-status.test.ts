import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { waitUntil } from '@srcobs/testkit';
import { StoreClosedError, StoreFullError, StoreOverloadedError } from '../../model/errors.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { failingStore } from '../../testing/failing-store.js';
import { send } from '../../testing/http-client.js';
import { startTestStack } from '../../testing/test-stack.js';
import { protoTypes } from '../proto.js';

const NOW_NS = () => BigInt(Date.now()) * 1_000_000n;

function spanJson(traceId: string, spanId = '00f067aa0ba902b7'): Record<string, unknown> {
  const start = NOW_NS();
  return { traceId, spanId, name: 'op', kind: 2, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 1000n) };
}

/** A span as a newer OTLP/JSON sender may write it: a field this receiver does not know, a 64-bit int as a number. */
function futureSpanJson(traceId: string): Record<string, unknown> {
  return { ...spanJson(traceId), someFutureField: { nested: true }, droppedAttributesCount: 0, attributes: [{ key: 'n', value: { intValue: 42 } }] };
}

function tracesJson(spans: unknown[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ scope: { name: 's' }, spans }] }] });
}

function tracesProto(spans: unknown[]): Uint8Array {
  const t = protoTypes().exportTraceRequest;
  const json = JSON.parse(tracesJson(spans)) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
  for (const s of json.resourceSpans[0]!.scopeSpans[0]!.spans) {
    s['traceId'] = Buffer.from(String(s['traceId']), 'hex');
    s['spanId'] = Buffer.from(String(s['spanId']), 'hex');
  }
  return t.encode(t.fromObject(json)).finish();
}

const GOOD_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('OTLP/HTTP: a truncated protobuf is 400 with a google.rpc.Status body (BadRequest detail) and writes nothing', async (t) => {
  const stack = await startTestStack(t);
  const body = tracesProto([spanJson(GOOD_TRACE)]);
  const res = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: body.subarray(0, body.length - 7) });
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-protobuf');
  const status = protoTypes().rpcStatus.decode(res.body) as unknown as { code: number; message: string; details: Array<{ type_url: string }> };
  assert.equal(status.code, 3);
  assert.match(status.message, /cannot decode the OTLP traces protobuf/);
  assert.equal(status.details[0]?.type_url, 'type.googleapis.com/google.rpc.BadRequest');
  assert.equal(stack.store.stats().spans, 0);
});

test('OTLP/HTTP JSON: ids must be hex; a base64 id is 400 with a JSON Status naming the field', async (t) => {
  const stack = await startTestStack(t);
  const res = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: tracesJson([spanJson('S/kvNXezTaajzpKdDg5HNg==')]) });
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/json');
  const status = JSON.parse(res.text()) as { code: number; message: string };
  assert.match(status.message, /span\.traceId must be 32 hex digits/);
  assert.equal(stack.store.stats().spans, 0);
});

test('OTLP/HTTP: a wrong Content-Type is 415; gzip JSON with unknown fields and numeric 64-bit ints is accepted', async (t) => {
  const stack = await startTestStack(t);
  const wrong = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'text/plain' }, body: tracesJson([spanJson(GOOD_TRACE)]) });
  assert.equal(wrong.status, 415);
  const ok = await send(`${stack.urls.otlpHttp}/v1/traces`, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' },
    body: gzipSync(tracesJson([futureSpanJson(GOOD_TRACE)])),
  });
  assert.equal(ok.status, 200, ok.text());
  assert.deepEqual(JSON.parse(ok.text()), {});
  const [span] = stack.store.traces.trace(GOOD_TRACE);
  assert.deepEqual(span!.attributes, [{ key: 'n', value: { intValue: '42' } }], 'unknown fields ignored, a 64-bit int given as a number kept');
});

test('OTLP/HTTP: over the body limit is 413, by Content-Length and by a gzip bomb that is never inflated whole', async (t) => {
  const stack = await startTestStack(t, { limits: { maxBodyBytes: 1024 * 1024 } });
  const declared = await send(`${stack.urls.otlpHttp}/v1/logs`, { headers: { 'content-type': 'application/x-protobuf', 'content-length': 2 * 1024 * 1024 }, body: Buffer.alloc(1024) });
  assert.equal(declared.status, 413);
  const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
  const rssBefore = process.memoryUsage().rss;
  const res = await send(`${stack.urls.otlpHttp}/v1/logs`, { headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: bomb });
  assert.equal(res.status, 413);
  assert.ok(process.memoryUsage().rss - rssBefore < 150 * 1024 * 1024, 'the bomb was not inflated');
  const status = protoTypes().rpcStatus.decode(res.body) as unknown as { message: string };
  assert.match(status.message, /larger than 1048576 bytes/);
  assert.equal((await send(`${stack.urls.otlpHttp}/healthz`, { method: 'GET' })).status, 200, 'still alive');
});

test('OTLP/HTTP: over the in-flight limit is 429 with Retry-After before the body is read', async (t) => {
  const stack = await startTestStack(t, { limits: { maxInFlightRequests: 1 } });
  // Hold one request open: headers and half a body.
  const held = request(`${stack.urls.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1000 } });
  held.on('error', () => {});
  held.write('{"resourceSpans":');
  const inFlight = async (n: number) => (await send(`${stack.urls.http}/metrics`, { method: 'GET' })).text().includes(`srcobs_ingest_inflight_requests ${n}\n`);
  await waitUntil('the held request to be admitted', () => inFlight(1));
  const res = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: tracesJson([spanJson(GOOD_TRACE)]) });
  assert.equal(res.status, 429);
  assert.equal(res.headers['retry-after'], '1');
  assert.match(String((JSON.parse(res.text()) as { message: string }).message), /too many ingest requests in flight/);
  held.destroy();
  await waitUntil('the held request to be released', () => inFlight(0));
  const after = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: tracesJson([spanJson(GOOD_TRACE)]) });
  assert.equal(after.status, 200, 'the slot is free again once the held request is gone');
});

const STORE_FAILURES: ReadonlyArray<{ error: Error; status: number; retryAfter: string | undefined }> = [
  { error: new StoreOverloadedError('the head is full', 3), status: 429, retryAfter: '3' },
  { error: new StoreClosedError(), status: 503, retryAfter: '5' },
  { error: new StoreFullError('disk full'), status: 507, retryAfter: undefined },
];

for (const c of STORE_FAILURES) {
  test(`OTLP/HTTP: a store ${c.error.name} is ${c.status}${c.retryAfter ? ` with Retry-After ${c.retryAfter}` : ''}`, async (t) => {
    const stack = await startTestStack(t, {}, failingStore(createInMemoryStore(), () => c.error));
    const res = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: tracesProto([spanJson(GOOD_TRACE)]) });
    assert.equal(res.status, c.status);
    assert.equal(res.headers['retry-after'], c.retryAfter);
    const status = protoTypes().rpcStatus.decode(res.body) as unknown as { message: string; details: Array<{ type_url: string }> };
    assert.equal(status.message, c.error.message);
    if (c.retryAfter) assert.equal(status.details[0]?.type_url, 'type.googleapis.com/google.rpc.RetryInfo');
  });
}

test('OTLP/HTTP: invalid spans are refused one by one through partial_success, the rest stored', async (t) => {
  const stack = await startTestStack(t);
  const spans = [spanJson(GOOD_TRACE), spanJson('00000000000000000000000000000000'), spanJson(GOOD_TRACE, '0000000000000000')];
  const proto = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: tracesProto(spans) });
  assert.equal(proto.status, 200);
  const resp = protoTypes().exportTraceResponse.decode(proto.body) as unknown as { partialSuccess: { rejectedSpans: { toNumber(): number }; errorMessage: string } };
  assert.equal(resp.partialSuccess.rejectedSpans.toNumber(), 2);
  assert.match(resp.partialSuccess.errorMessage, /trace_id must be 16 bytes and not all zero/);
  const json = await send(`${stack.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: tracesJson(spans) });
  assert.deepEqual((JSON.parse(json.text()) as { partialSuccess: { rejectedSpans: string } }).partialSuccess.rejectedSpans, '2');
  assert.equal(stack.store.traces.trace(GOOD_TRACE).length, 2, 'the valid span of each request was stored');
});

test('OTLP/HTTP: delta sums and logs older than the accepted window are refused through partial_success', async (t) => {
  const stack = await startTestStack(t);
  const now = String(NOW_NS());
  const metrics = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeMetrics: [
          {
            metrics: [
              { name: 'hits', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ timeUnixNano: now, asInt: '3' }, { timeUnixNano: now, asInt: '4' }] } },
              { name: 'temp', unit: 'Cel', gauge: { dataPoints: [{ timeUnixNano: now, asDouble: 21.5 }] } },
            ],
          },
        ],
      },
    ],
  };
  const m = await send(`${stack.urls.otlpHttp}/v1/metrics`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(metrics) });
  const mr = JSON.parse(m.text()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
  assert.equal(mr.partialSuccess.rejectedDataPoints, '2');
  assert.match(mr.partialSuccess.errorMessage, /delta temporality/);
  assert.equal(stack.store.metrics.select([{ name: '__name__', op: '=', value: 'temp_celsius' }], 0, Date.now() + 60_000).length, 1);

  const old = String(BigInt(Date.now() - 30 * 86_400_000) * 1_000_000n);
  const logs = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: old, body: { stringValue: 'ancient' } }, { timeUnixNano: now, body: { stringValue: 'fresh' } }] }] }] };
  const l = await send(`${stack.urls.otlpHttp}/v1/logs`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(logs) });
  const lr = JSON.parse(l.text()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } };
  assert.equal(lr.partialSuccess.rejectedLogRecords, '1');
  assert.match(lr.partialSuccess.errorMessage, /older than/);
  const streams = stack.store.logs.streams([{ name: 'service_name', op: '=', value: 'unknown_service' }], 0n, NOW_NS() + 10n ** 12n);
  const lines = streams.flatMap((s) => [...stack.store.logs.entries(s.id, 0n, NOW_NS() + 10n ** 12n, 'forward')].map((e) => e.line));
  assert.deepEqual(lines, ['fresh']);
});
