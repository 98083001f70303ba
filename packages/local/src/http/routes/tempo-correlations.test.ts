// The jumps between signals that Grafana's data-source links make, with the links exactly as the
// stack renders them (`grafanaDatasources(defaultConfig())`): exemplar -> trace, log line ->
// trace, trace -> logs, trace -> metrics. The trace arrives over OTLP from the real OTel SDK.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { defaultConfig, grafanaDatasources } from '@srcobs/stack';
import { startLocalStack, type LocalStack } from '../../local-stack.js';
import type { LabelMatcher } from '../../model/labels.js';
import type { Store } from '../../model/store.js';
import { createQueryRunner, PROMQL_JOB_MODULE, type QueryRunner } from '../../query/runner/runner.js';
import { TRACEQL_JOB_MODULE } from '../../query/traceql/jobs.js';
import type { OtlpJsonResourceSpans } from '../../query/traceql/tempo/trace-otlp.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createPrometheusApiRoutes } from './prometheus-api.js';
import { createTempoApiRoutes } from './tempo-api.js';

const datasources = grafanaDatasources(defaultConfig());
const jsonData = (type: string): any => datasources.find((d) => d.type === type)!.jsonData;

/** Grafana's `$__tags`: the mapped span/resource attributes as `label="value"` pairs. */
function interpolateTags(template: string, tags: ReadonlyArray<{ key: string; value: string }>, attrs: ReadonlyMap<string, string>, traceId: string): string {
  const matchers = tags.filter((t) => attrs.has(t.key)).map((t) => `${t.value}="${attrs.get(t.key)}"`).join(', ');
  return template.replace(/\$\$?__tags/g, matchers).replace(/\$\$?\{__trace\.traceId\}/g, traceId);
}

/** Go/Prometheus duration shifts Grafana applies to span times (`-5m`, `15m`). */
function shiftMs(text: string): number {
  const m = /^(-?)(\d+)([smh])$/.exec(text)!;
  return (m[1] ? -1 : 1) * Number(m[2]) * { s: 1e3, m: 60e3, h: 3600e3 }[m[3] as 's' | 'm' | 'h'];
}

describe('correlations Grafana makes between metrics, logs and traces', () => {
  let store: Store;
  let stack: LocalStack;
  let runner: QueryRunner;
  let traceId = '';
  const nowMs = Date.now();

  before(async () => {
    store = createInMemoryStore();
    runner = createQueryRunner({ readers: store, modules: [{ url: PROMQL_JOB_MODULE }, { url: TRACEQL_JOB_MODULE }] });
    stack = await startLocalStack({
      store,
      prometheus: false,
      ports: { http: 0, otlpHttp: false, otlpGrpc: false },
      scrape: { targets: [] },
      log: () => {},
      routes: () => [...createPrometheusApiRoutes({ runner }), ...createTempoApiRoutes({ runner })],
    });
    // A request through test-app, as the SDK traces it, exported over OTLP/HTTP protobuf to port 3300.
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'test-app', 'k8s.namespace.name': 'playground' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.urls.http}/v1/traces` }))],
    });
    const tracer = provider.getTracer('correlation-test');
    const server = tracer.startSpan('GET /slow', { kind: SpanKind.SERVER, attributes: { 'http.route': '/slow', 'http.response.status_code': 200 } });
    traceId = server.spanContext().traceId;
    tracer.startSpan('work', {}, trace.setSpan(context.active(), server)).end();
    server.end();
    await provider.forceFlush();
    await provider.shutdown();
    // The SDK's histogram with an exemplar of that request, scraped for ten minutes.
    const labels = { job: 'test-app', namespace: 'playground', route: '/slow', method: 'GET', status_code: '200' };
    const times = Array.from({ length: 41 }, (_, i) => nowMs - 600_000 + i * 15_000);
    await store.appendMetrics({
      series: [
        { labels: { __name__: 'http_server_request_duration_seconds_count', ...labels }, samples: times.map((t, i) => ({ t, v: i * 3 })) },
        { labels: { __name__: 'http_server_request_duration_seconds_bucket', ...labels, le: '+Inf' }, samples: times.map((t, i) => ({ t, v: i * 3 })), exemplars: [{ labels: { trace_id: traceId }, value: 0.8, t: nowMs - 1000 }] },
      ],
    });
    // test-app's JSON log line of that request, as Alloy/the local stack ship it to Loki.
    const res = await fetch(`${stack.urls.http}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ streams: [{ stream: { service_name: 'test-app', namespace: 'playground' }, values: [[`${BigInt(nowMs) * 1_000_000n}`, JSON.stringify({ level: 'info', msg: 'slow request', trace_id: traceId, span_id: server.spanContext().spanId })]] }] }),
    });
    assert.equal(res.status, 204, await res.text());
  });
  after(async () => {
    await stack.stop();
    await runner.close();
  });

  async function getTrace(id: string): Promise<OtlpJsonResourceSpans[]> {
    const res = await fetch(`${stack.urls.http}/api/traces/${id}`);
    assert.equal(res.status, 200, `trace ${id}: ${res.status}`);
    return ((await res.json()) as { batches: OtlpJsonResourceSpans[] }).batches;
  }

  test('metric exemplar -> trace: the exemplar label the Prometheus data source names leads to the trace', async () => {
    const label = jsonData('prometheus').exemplarTraceIdDestinations[0].name as string;
    const end = Math.ceil(nowMs / 1000);
    const res = await fetch(`${stack.urls.http}/api/v1/query_exemplars?query=${encodeURIComponent('http_server_request_duration_seconds_bucket{job="test-app"}')}&start=${end - 600}&end=${end}`);
    const body = (await res.json()) as { data: Array<{ exemplars: Array<{ labels: Record<string, string> }> }> };
    const id = body.data[0]!.exemplars[0]!.labels[label]!;
    assert.match(id, /^[0-9a-f]{32}$/);
    const batches = await getTrace(id);
    const names = batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name)));
    assert.deepEqual(names.sort(), ['GET /slow', 'work']);
    // Grafana's backend asks for protobuf.
    const proto = await fetch(`${stack.urls.http}/api/traces/${id}`, { headers: { accept: 'application/protobuf' } });
    assert.equal(proto.status, 200);
    assert.equal(proto.headers.get('content-type'), 'application/protobuf');
  });

  test("log line -> trace: the Loki data source's derived field finds the trace id, which Tempo resolves", async () => {
    const field = jsonData('loki').derivedFields.find((f: any) => f.matcherType === 'regex');
    const [stream] = store.logs.streams([{ name: 'service_name', op: '=', value: 'test-app' }], 0n, BigInt(nowMs + 60_000) * 1_000_000n);
    const [entry] = [...store.logs.entries(stream!.id, 0n, BigInt(nowMs + 60_000) * 1_000_000n, 'forward')];
    const id = new RegExp(field.matcherRegex).exec(entry!.line)?.[1];
    assert.equal(id, traceId);
    await getTrace(id!);
  });

  test("trace -> logs: the span's service.name and time range build a Loki query that finds the request's log line", async () => {
    const links = jsonData('tempo').tracesToLogsV2;
    const batches = await getTrace(traceId);
    const root = batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans.map((sp) => ({ sp, resource: b.resource })))).find((x) => x.sp.name === 'GET /slow')!;
    const attrs = new Map((root.resource.attributes ?? []).map((kv) => [kv.key, String((kv.value as { stringValue?: string }).stringValue)]));
    const query = interpolateTags(links.query, links.tags, attrs, traceId);
    assert.equal(query, `{service_name="test-app", namespace="playground"} |= "${traceId}"`);
    // Evaluate the selector and line filter over the span's time range with Grafana's shifts.
    const from = BigInt(Math.floor(Number(BigInt(root.sp.startTimeUnixNano) / 1_000_000n) + shiftMs(links.spanStartTimeShift))) * 1_000_000n;
    const to = BigInt(Math.ceil(Number(BigInt(root.sp.endTimeUnixNano) / 1_000_000n) + shiftMs(links.spanEndTimeShift))) * 1_000_000n;
    const matchers: LabelMatcher[] = [...query.matchAll(/(\w+)="([^"]*)"/g)].slice(0, 2).map((m) => ({ name: m[1]!, op: '=', value: m[2]! }));
    const needle = /\|= "([^"]+)"/.exec(query)![1]!;
    const lines = store.logs.streams(matchers, from, to).flatMap((s) => [...store.logs.entries(s.id, from, to, 'forward')].map((e) => e.line).filter((l) => l.includes(needle)));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /slow request/);
  });

  test("trace -> metrics: the span's service.name and time range fill the data source's PromQL queries, which return the service's series", async () => {
    const links = jsonData('tempo').tracesToMetrics;
    const batches = await getTrace(traceId);
    const span = batches[0]!.scopeSpans[0]!.spans[0]!;
    const attrs = new Map((batches[0]!.resource.attributes ?? []).map((kv) => [kv.key, String((kv.value as { stringValue?: string }).stringValue)]));
    const start = (Number(BigInt(span.startTimeUnixNano) / 1_000_000n) + shiftMs(links.spanStartTimeShift)) / 1000;
    const end = (Number(BigInt(span.endTimeUnixNano) / 1_000_000n) + shiftMs(links.spanEndTimeShift)) / 1000;
    for (const q of links.queries as Array<{ name: string; query: string }>) {
      const promql = interpolateTags(q.query, links.tags, attrs, traceId);
      assert.match(promql, /job="test-app"/, q.name);
      const res = await fetch(`${stack.urls.http}/api/v1/query_range?query=${encodeURIComponent(promql)}&start=${start}&end=${end}&step=15`);
      const body = (await res.json()) as { status: string; data: { result: unknown[] } };
      assert.equal(body.status, 'success', q.name);
      if (q.name !== 'p99 latency') assert.ok(body.data.result.length > 0, `${q.name}: ${promql} returned no series`);
    }
  });

  test('search finds the request by its service and route, as the Explore search does', async () => {
    const end = Math.ceil(nowMs / 1000) + 60;
    const q = encodeURIComponent('{ resource.service.name = "test-app" && span.http.route = "/slow" }');
    const body = (await (await fetch(`${stack.urls.http}/api/search?q=${q}&start=${end - 3600}&end=${end}`)).json()) as { traces: Array<{ traceID: string; rootTraceName: string }> };
    assert.deepEqual(body.traces.map((t) => [t.traceID.padStart(32, '0'), t.rootTraceName]), [[traceId, 'GET /slow']]);
  });
});
