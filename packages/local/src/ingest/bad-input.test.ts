import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import snappy from 'snappyjs';
import type { LocalStack } from '../local-stack.js';
import { send } from '../testing/http-client.js';
import { encodePushProtobuf } from '../testing/loki-push.js';
import { startTestStack } from '../testing/test-stack.js';
import { protoTypes } from './proto.js';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** One valid body per endpoint: the seeds that truncation and bit flips start from. */
function validBodies(): Record<string, { type: string; encoding?: string; body: Uint8Array }> {
  const t = protoTypes();
  const span = { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'op', startTimeUnixNano: String(nowNs()), endTimeUnixNano: String(nowNs() + 1n) };
  const traces = t.exportTraceRequest.encode(t.exportTraceRequest.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })).finish();
  const metrics = t.exportMetricsRequest
    .encode(t.exportMetricsRequest.fromObject({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: String(nowNs()), asDouble: 1 }] } }] }] }] }))
    .finish();
  const logs = t.exportLogsRequest.encode(t.exportLogsRequest.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: String(nowNs()), body: { stringValue: 'x' } }] }] }] })).finish();
  const write = snappy.compress(
    Buffer.from(t.writeRequest.encode(t.writeRequest.fromObject({ timeseries: [{ labels: [{ name: '__name__', value: 'm' }], samples: [{ value: 1, timestamp: String(Date.now()) }] }] })).finish()),
  );
  return {
    '/v1/traces': { type: 'application/x-protobuf', body: traces },
    '/v1/metrics': { type: 'application/x-protobuf', body: metrics },
    '/v1/logs': { type: 'application/x-protobuf', body: logs },
    '/otlp/v1/logs': { type: 'application/x-protobuf', body: logs },
    '/loki/api/v1/push': { type: 'application/x-protobuf', body: encodePushProtobuf([{ labels: '{app="x"}', entries: [{ tsNs: nowNs(), line: 'ok' }] }]) },
    '/api/v1/write': { type: 'application/x-protobuf', encoding: 'snappy', body: write },
  };
}

const ENDPOINTS = Object.keys(validBodies());
const CONTENT_TYPES = ['application/x-protobuf', 'application/json', 'text/plain', '', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8'];

/** A malformed request built from a valid one or from nothing. */
const malformed = fc.record({
  endpoint: fc.constantFrom(...ENDPOINTS),
  kind: fc.constantFrom('random', 'truncate', 'flip', 'json', 'bad-utf8-json', 'gzip-garbage', 'fake-gzip', 'snappy-garbage'),
  bytes: fc.uint8Array({ minLength: 0, maxLength: 2048 }),
  cut: fc.nat(),
  json: fc.json({ maxDepth: 4 }),
  contentType: fc.constantFrom(...CONTENT_TYPES),
});

function build(m: { endpoint: string; kind: string; bytes: Uint8Array; cut: number; json: string; contentType: string }): { headers: Record<string, string>; body: Uint8Array } {
  const valid = validBodies()[m.endpoint]!;
  const headers: Record<string, string> = { 'content-type': m.contentType };
  switch (m.kind) {
    case 'random':
      return { headers, body: m.bytes };
    case 'truncate':
      return { headers: { 'content-type': valid.type, ...(valid.encoding ? { 'content-encoding': valid.encoding } : {}) }, body: valid.body.subarray(0, m.cut % Math.max(1, valid.body.length)) };
    case 'flip': {
      const body = Buffer.from(valid.body);
      for (let i = 0; i < Math.min(8, m.bytes.length); i++) body[(m.cut + m.bytes[i]!) % body.length]! ^= 1 << (m.bytes[i]! % 8);
      return { headers: { 'content-type': valid.type, ...(valid.encoding ? { 'content-encoding': valid.encoding } : {}) }, body };
    }
    case 'json':
      return { headers: { 'content-type': 'application/json' }, body: Buffer.from(m.json) };
    case 'bad-utf8-json':
      return { headers: { 'content-type': 'application/json' }, body: Buffer.concat([Buffer.from('{"streams":[{"stream":{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"},"values":[]}]}')]) };
    case 'gzip-garbage':
      return { headers: { 'content-type': m.contentType || 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(m.bytes) };
    case 'fake-gzip':
      return { headers: { 'content-type': m.contentType || 'application/json', 'content-encoding': 'gzip' }, body: m.bytes };
    default:
      return { headers: { 'content-type': 'application/x-protobuf' }, body: snappy.compress(Buffer.from(m.bytes)) };
  }
}

function counts(stack: LocalStack): string {
  const s = stack.store.stats();
  const samples = stack.store.metrics.select([{ name: '__name__', op: '=~', value: '.+' }], 0, Date.now() + 3_600_000).reduce((n, x) => n + x.values.length, 0);
  return JSON.stringify({ series: s.series, streams: s.streams, spans: s.spans, samples });
}

test('bad input: many malformed payloads at every endpoint get 4xx (never 5xx), write nothing when refused, and the process lives on with its data', async (t) => {
  const stack = await startTestStack(t);
  // Data stored before the storm must still be there after it.
  const seed = await send(`${stack.urls.http}/loki/api/v1/push`, { headers: { 'content-type': 'application/x-protobuf' }, body: validBodies()['/loki/api/v1/push']!.body });
  assert.equal(seed.status, 204);
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(malformed, async (m) => {
      const { headers, body } = build(m);
      const before = counts(stack);
      const res = await send(`${stack.urls.http}${m.endpoint}`, { headers, body });
      assert.ok(res.status < 500, `${m.endpoint} ${m.kind}: ${res.status} ${res.text().slice(0, 200)}`);
      if (res.status >= 400) {
        refused++;
        assert.ok(res.body.length > 0, 'a refusal says why');
        assert.equal(counts(stack), before, `${m.endpoint} ${m.kind}: a refused request wrote nothing`);
      }
    }),
    { seed: 20_240_601, numRuns: 300 },
  );
  assert.ok(refused > 250, `most of the payloads were refused (${refused})`);
  assert.equal((await send(`${stack.urls.http}/healthz`, { method: 'GET' })).status, 200);
  const streams = stack.store.logs.streams([{ name: 'app', op: '=', value: 'x' }], 0n, nowNs() + 10n ** 12n);
  assert.ok(streams.length >= 1, 'the data stored before is still there');
});

test('bad input: a 1 GB body is refused with 413 after at most the limit is read, whether declared or chunked', async (t) => {
  const stack = await startTestStack(t, { limits: { maxBodyBytes: 1024 * 1024 } });
  for (const chunked of [false, true]) {
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = request(`${stack.urls.http}/loki/api/v1/push`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': 1024 ** 3 }) },
      });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (e) => (answered ? undefined : reject(e)));
      const pump = (): void => {
        while (!answered && sent < 1024 ** 3) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
    assert.equal(result.status, 413, chunked ? 'chunked' : 'declared');
    assert.ok(result.sent < 64 * 1024 * 1024, `the server stopped the upload early (${result.sent} bytes sent)`);
  }
  assert.equal((await send(`${stack.urls.http}/healthz`, { method: 'GET' })).status, 200);
});

test('bad input: OTLP/gRPC answers INVALID_ARGUMENT for undecodable messages and keeps serving', async (t) => {
  const stack = await startTestStack(t);
  const client = new grpc.Client(stack.urls.otlpGrpc!, grpc.credentials.createInsecure());
  t.after(() => client.close());
  const call = (body: Buffer) =>
    new Promise<grpc.ServiceError | undefined>((resolve) =>
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, body, (err) => resolve(err ?? undefined)),
    );
  const valid = Buffer.from(validBodies()['/v1/traces']!.body);
  const bad = await call(valid.subarray(0, valid.length - 3));
  assert.equal(bad?.code, grpc.status.INVALID_ARGUMENT);
  assert.match(bad?.details ?? '', /cannot decode the OTLP traces protobuf/);
  assert.equal(await call(valid), undefined);
  assert.equal(stack.store.stats().spans, 1);
});
