import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { StoreClosedError, StoreOverloadedError } from '../../model/errors.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { failingStore } from '../../testing/failing-store.js';
import { startTestStack } from '../../testing/test-stack.js';
import { protoTypes } from '../proto.js';

function exportRequest(): Buffer {
  const t = protoTypes().exportTraceRequest;
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = { traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, 9), name: 'op', startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1n) };
  return Buffer.from(t.encode(t.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })).finish());
}

function client(t: TestContext, address: string) {
  const c = new grpc.Client(address, grpc.credentials.createInsecure());
  t.after(() => c.close());
  return (metadata = new grpc.Metadata()) =>
    new Promise<grpc.ServiceError | undefined>((resolve) =>
      c.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, exportRequest(), metadata, (err) => resolve(err ?? undefined)),
    );
}

/** The RetryInfo delay a status carries in `grpc-status-details-bin`, in seconds. */
function retryDelaySeconds(err: grpc.ServiceError): number | undefined {
  const raw = err.metadata.get('grpc-status-details-bin')[0];
  if (!(raw instanceof Buffer)) return undefined;
  const t = protoTypes();
  const status = t.rpcStatus.decode(raw) as unknown as { details: Array<{ type_url: string; value: Uint8Array }> };
  const info = status.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.RetryInfo');
  if (!info) return undefined;
  return Number((t.retryInfo.decode(info.value) as unknown as { retryDelay: { seconds: { toNumber(): number } } }).retryDelay.seconds.toNumber());
}

test('OTLP/gRPC: an overloaded store is RESOURCE_EXHAUSTED with RetryInfo, a closed one UNAVAILABLE, as the OTLP spec asks', async (t) => {
  let failure: Error | undefined = new StoreOverloadedError('the head is full: retry shortly', 4);
  const stack = await startTestStack(t, {}, failingStore(createInMemoryStore(), () => failure));
  const call = client(t, stack.urls.otlpGrpc!);
  const overloaded = await call();
  assert.equal(overloaded?.code, grpc.status.RESOURCE_EXHAUSTED);
  assert.equal(overloaded?.details, 'the head is full: retry shortly');
  assert.equal(retryDelaySeconds(overloaded!), 4);
  failure = new StoreClosedError();
  const closed = await call();
  assert.equal(closed?.code, grpc.status.UNAVAILABLE);
  assert.equal(retryDelaySeconds(closed!), 5);
  failure = undefined;
  assert.equal(await call(), undefined);
  assert.equal(stack.store.stats().spans, 1);
});

test('OTLP/gRPC: bound to a non-loopback address, calls need the token in authorization metadata', async (t) => {
  const stack = await startTestStack(t, { host: '0.0.0.0', token: 'grpc-test-token-0123456789abcdef' });
  const call = client(t, stack.urls.otlpGrpc!.replace('0.0.0.0', '127.0.0.1'));
  const denied = await call();
  assert.equal(denied?.code, grpc.status.UNAUTHENTICATED);
  const md = new grpc.Metadata();
  md.set('authorization', 'Bearer grpc-test-token-0123456789abcdef');
  assert.equal(await call(md), undefined);
});
