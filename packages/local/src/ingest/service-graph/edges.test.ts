import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVICE_GRAPH } from '@srcobs/stack';
import type { MetricBatch } from '../../model/metrics.js';
import { SpanKind, StatusCode, type KeyValue, type SpanRecord } from '../../model/spans.js';
import { EdgeStore } from './edges.js';

const NAMES = SERVICE_GRAPH;

function store(maxItems = 100): EdgeStore {
  return new EdgeStore({ names: NAMES, bucketsSeconds: [0.01, 0.1, 1], waitMs: 10_000, maxItems });
}

let nextId = 1;
function span(service: string, kind: number, opts: { traceId?: string; spanId?: string; parent?: string; ms?: number; error?: boolean; attributes?: KeyValue[] } = {}): SpanRecord {
  const spanId = opts.spanId ?? (nextId++).toString(16).padStart(16, '0');
  return {
    traceId: opts.traceId ?? 'a'.repeat(32),
    spanId,
    parentSpanId: opts.parent ?? '',
    traceState: '',
    name: 'GET /fast',
    kind,
    startNs: 1_000_000_000n,
    endNs: 1_000_000_000n + BigInt(Math.round((opts.ms ?? 5) * 1e6)),
    statusCode: opts.error ? StatusCode.ERROR : StatusCode.UNSET,
    statusMessage: '',
    attributes: opts.attributes ?? [],
    events: [],
    links: [],
    resource: [{ key: 'service.name', value: { stringValue: service } }],
    scope: { name: 'test', version: '' },
    serviceName: service,
  };
}

/** name{labels} -> value, for reading a collected batch. */
function values(batch: MetricBatch): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of batch.series) {
    const { __name__, ...rest } = s.labels;
    const labels = Object.entries(rest)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    out.set(`${__name__}{${labels}}`, s.samples[0]!.v);
  }
  return out;
}

test('a client span and the server span under it are one call between two services, in either order', () => {
  const graph = store();
  const client = span('trace-app', SpanKind.CLIENT, { ms: 50 });
  const server = span('test-app', SpanKind.SERVER, { parent: client.spanId, ms: 40 });
  graph.observe([server], 0);
  assert.equal(graph.pendingCount, 1, 'the server half waits for its client');
  graph.observe([client], 1);
  assert.equal(graph.pendingCount, 0);
  // A second call, client first.
  const client2 = span('trace-app', SpanKind.CLIENT, { traceId: 'b'.repeat(32), ms: 500, error: true });
  graph.observe([client2, span('test-app', SpanKind.SERVER, { traceId: 'b'.repeat(32), parent: client2.spanId, ms: 450 })], 2);

  const v = values(graph.collect(1000));
  const edge = 'client="trace-app",server="test-app"';
  assert.equal(v.get(`${NAMES.total}{${edge}}`), 2);
  assert.equal(v.get(`${NAMES.failed}{${edge}}`), 1, 'an error on either side fails the call');
  const bucket = (le: string): string => `${NAMES.clientSeconds}_bucket{client="trace-app",le="${le}",server="test-app"}`;
  assert.equal(v.get(bucket('0.01')), 0);
  assert.equal(v.get(bucket('0.1')), 1);
  assert.equal(v.get(bucket('1')), 2);
  assert.equal(v.get(bucket('+Inf')), 2);
  assert.ok(Math.abs(v.get(`${NAMES.serverSeconds}_sum{${edge}}`)! - 0.49) < 1e-9);
  assert.equal(v.get(`${NAMES.serverSeconds}_count{${edge}}`), 2);
  const metadata = graph.collect(1000).metadata ?? [];
  assert.equal(metadata.find((m) => m.metric === NAMES.clientSeconds)?.type, 'histogram');
});

test('internal spans and spans of other traces do not pair', () => {
  const graph = store();
  const client = span('trace-app', SpanKind.CLIENT);
  graph.observe([span('trace-app', SpanKind.INTERNAL, { parent: client.spanId }), span('test-app', SpanKind.SERVER, { traceId: 'c'.repeat(32), parent: client.spanId }), client], 0);
  assert.equal(graph.pendingCount, 2);
  assert.equal(values(graph.collect(0)).size, 0);
});

test('a server span nobody called is a call from the virtual node "user" once its wait is over', () => {
  const graph = store();
  graph.observe([span('trace-app', SpanKind.SERVER, { ms: 20 })], 0);
  graph.expire(9_999);
  assert.equal(values(graph.collect(9_999)).size, 0, 'still waiting');
  graph.expire(10_000);
  const v = values(graph.collect(10_000));
  assert.equal(v.get(`${NAMES.total}{client="user",connection_type="virtual_node",server="trace-app"}`), 1);
});

test('a client span to a database is a call at once; one that names its peer becomes one when it expires; others are unpaired', () => {
  const graph = store();
  graph.observe([span('checkout', SpanKind.CLIENT, { attributes: [{ key: 'db.name', value: { stringValue: 'orders' } }] })], 0);
  assert.equal(graph.pendingCount, 0);
  graph.observe([span('checkout', SpanKind.CLIENT, { attributes: [{ key: 'peer.service', value: { stringValue: 'payments' } }] })], 0);
  graph.observe([span('checkout', SpanKind.CLIENT)], 0);
  graph.expire(10_000);
  const v = values(graph.collect(10_000));
  assert.equal(v.get(`${NAMES.total}{client="checkout",connection_type="database",server="orders"}`), 1);
  assert.equal(v.get(`${NAMES.total}{client="checkout",connection_type="virtual_node",server="payments"}`), 1);
  assert.equal(v.get(`${NAMES.unpaired}{client="checkout"}`), 1);
});

test('producer and consumer spans are a call through a messaging system', () => {
  const graph = store();
  const producer = span('orders', SpanKind.PRODUCER);
  graph.observe([producer, span('mailer', SpanKind.CONSUMER, { parent: producer.spanId })], 0);
  assert.equal(values(graph.collect(0)).get(`${NAMES.total}{client="orders",connection_type="messaging_system",server="mailer"}`), 1);
});

test('beyond maxItems waiting halves, new spans are dropped and counted, and the store does not grow', () => {
  const graph = store(2);
  graph.observe([span('a', SpanKind.CLIENT), span('a', SpanKind.CLIENT), span('a', SpanKind.CLIENT), span('b', SpanKind.SERVER, { parent: 'ffffffffffffffff' })], 0);
  assert.equal(graph.pendingCount, 2);
  const v = values(graph.collect(0));
  assert.equal(v.get(`${NAMES.dropped}{client="a"}`), 1);
  assert.equal(v.get(`${NAMES.dropped}{server="b"}`), 1);
});

test('counters are cumulative across collections, as a scrape of the connector would read them', () => {
  const graph = store();
  for (let i = 0; i < 3; i++) {
    const c = span('x', SpanKind.CLIENT);
    graph.observe([c, span('y', SpanKind.SERVER, { parent: c.spanId })], i);
    const total = values(graph.collect(i)).get(`${NAMES.total}{client="x",server="y"}`);
    assert.equal(total, i + 1);
  }
});
