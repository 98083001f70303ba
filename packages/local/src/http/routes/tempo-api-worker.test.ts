// The Tempo API over the SQLite store with its jobs in a worker thread, as the local stack runs
// it: results and typed errors cross the thread boundary intact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { tempDir } from '@srcobs/testkit';
import { protoTypes } from '../../ingest/proto.js';
import { startLocalStack } from '../../local-stack.js';
import { createQueryRunner } from '../../query/runner/runner.js';
import { TRACEQL_JOB_MODULE } from '../../query/traceql/jobs.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createTempoApiRoutes } from './tempo-api.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

test('Tempo API on the SQLite store through worker threads', async (t) => {
  const dataDir = await tempDir(t, 'srcobs-tempo-worker-');
  const store = await createSqliteStore({ dataDir, logger: quiet });
  const now = BigInt(Date.now()) * 1_000_000n;
  const traceId = '0123456789abcdef0123456789abcdef';
  await store.appendSpans({
    spans: [
      {
        traceId,
        spanId: '0123456789abcdef',
        parentSpanId: '',
        traceState: '',
        name: 'GET /slow',
        kind: 2,
        startNs: now - 2_000_000_000n,
        endNs: now - 1_500_000_000n,
        statusCode: 2,
        statusMessage: '',
        attributes: [{ key: 'http.route', value: { stringValue: '/slow' } }],
        events: [],
        links: [],
        resource: [{ key: 'service.name', value: { stringValue: 'test-app' } }],
        scope: { name: 'http', version: '1' },
        serviceName: 'test-app',
      },
    ],
  });
  const runner = createQueryRunner({ dataDir: store.dataDir, workers: 1, modules: [{ url: TRACEQL_JOB_MODULE }] });
  const stack = await startLocalStack({ store, prometheus: false, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {}, routes: () => createTempoApiRoutes({ runner }) });
  t.after(async () => {
    await stack.stop();
    await runner.close();
    await store.close();
  });
  const url = stack.urls.http!;
  const end = Math.ceil(Date.now() / 1000);

  const search = await fetch(`${url}/api/search?q=${encodeURIComponent('{ status = error && span.http.route = "/slow" }')}&start=${end - 600}&end=${end}`);
  assert.equal(search.status, 200);
  const body = (await search.json()) as { traces: Array<{ traceID: string; rootServiceName: string; durationMs: number }> };
  assert.deepEqual(body.traces.map((tr) => [tr.traceID, tr.rootServiceName, tr.durationMs]), [['123456789abcdef0123456789abcdef', 'test-app', 500]]);

  const proto = await fetch(`${url}/api/traces/${traceId}`, { headers: { accept: 'application/protobuf' } });
  assert.equal(proto.status, 200);
  const decoded = protoTypes().exportTraceRequest.decode(new Uint8Array(await proto.arrayBuffer())) as unknown as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
  assert.equal(decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name, 'GET /slow');

  const parseError = await fetch(`${url}/api/search?q=${encodeURIComponent('{ name = }')}`);
  assert.equal(parseError.status, 400);
  assert.equal(await parseError.text(), 'invalid TraceQL query: parse error at line 1, col 10: syntax error: unexpected "}"\n');

  assert.equal((await fetch(`${url}/api/traces/${'9'.repeat(32)}`)).status, 404);
  assert.equal(await (await fetch(`${url}/api/v2/search/tag/span.http.route/values`)).text(), '{"tagValues":[{"type":"string","value":"/slow"}]}');
});

test('startLocalStack serves the Tempo API by default: a span exported over OTLP is found by search and by id', async (t) => {
  const dataDir = await tempDir(t, 'srcobs-tempo-stack-');
  const stack = await startLocalStack({ dataDir, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, prometheus: { workers: 1 }, log: () => {} });
  t.after(() => stack.stop());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'trace-app' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.urls.http}/v1/traces` }))],
  });
  const span = provider.getTracer('t').startSpan('GET /fast', { kind: SpanKind.SERVER, attributes: { 'http.route': '/fast' } });
  const traceId = span.spanContext().traceId;
  span.end();
  await provider.shutdown();
  const q = encodeURIComponent('{ resource.service.name = "trace-app" && kind = server }');
  const found = (await (await fetch(`${stack.urls.http}/api/search?q=${q}`)).json()) as { traces: Array<{ traceID: string; rootTraceName: string }> };
  assert.deepEqual(found.traces.map((tr) => [tr.traceID.padStart(32, '0'), tr.rootTraceName]), [[traceId, 'GET /fast']]);
  assert.equal((await fetch(`${stack.urls.http}/api/v2/traces/${traceId}`)).status, 200);
  // The Prometheus API shares the same query runner.
  assert.equal((await fetch(`${stack.urls.http}/api/v1/query?query=1`)).status, 200);
});
