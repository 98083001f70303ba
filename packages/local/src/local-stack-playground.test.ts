import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, waitUntil } from '@srcobs/testkit';
import { startPlayground } from './playground/playground.js';
import { startTestStack } from './testing/test-stack.js';

const far = (): bigint => BigInt(Date.now() + 60_000) * 1_000_000n;

test('one request end to end: the playground apps, instrumented with the SDK, send traces and logs over OTLP and are scraped; all of it meets in the store', async (t) => {
  // The apps need the OTLP URL before they start, and the stack needs their URLs to scrape them.
  const otlpPort = await freePort();
  const playground = await startPlayground({
    otlpEndpoint: `http://127.0.0.1:${otlpPort}`,
    testAppPort: 0,
    traceAppPort: 0,
    loadgen: false,
    env: { OTEL_LOGS_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'always_on', OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BLRP_SCHEDULE_DELAY: '200' },
  });
  t.after(() => playground.stop());
  const url = (name: string) => playground.services.find((s) => s.name === name)!.url;
  const stack = await startTestStack(t, {
    ports: { http: 0, otlpHttp: otlpPort, otlpGrpc: 0 },
    scrape: { targets: [{ job: 'test-app', url: `${url('test-app')}/metrics` }], intervalMs: 250, timeoutMs: 1_000 },
    serviceGraph: { waitMs: 1_000, flushIntervalMs: 250 },
  });

  const res = await fetch(`${url('trace-app')}/fast`);
  assert.equal(res.status, 200);

  const traceId = await waitUntil(
    'a trace spanning trace-app and test-app',
    () => {
      const ids = stack.store.traces.findTraceIds({ serviceName: 'test-app' }, 0n, far(), 20);
      return ids.find((id) => new Set(stack.store.traces.trace(id).map((s) => s.serviceName)).has('trace-app'));
    },
    20_000,
  );
  const spans = stack.store.traces.trace(traceId);
  const server = spans.find((s) => s.serviceName === 'test-app' && s.kind === 2)!;
  assert.ok(spans.some((s) => s.spanId === server.parentSpanId), "test-app's server span is a child of trace-app's call");

  const logged = await waitUntil(
    'a test-app log line of that trace',
    () => {
      for (const stream of stack.store.logs.streams([{ name: 'service_name', op: '=', value: 'test-app' }], 0n, far())) {
        for (const e of stack.store.logs.entries(stream.id, 0n, far(), 'forward')) if (e.metadata?.['trace_id'] === traceId || e.line.includes(traceId)) return { stream, e };
      }
      return undefined;
    },
    20_000,
  );
  assert.equal(logged.stream.labels['source'], 'otlp');
  assert.ok(logged.stream.labels['ola_category'], 'classified');
  assert.equal(logged.stream.labels['service_namespace'], 'playground');

  const up = await waitUntil('test-app scraped', () => stack.store.metrics.select([{ name: '__name__', op: '=', value: 'up' }, { name: 'job', op: '=', value: 'test-app' }], 0, Date.now() + 1000)[0]);
  assert.equal(up.values.at(-1), 1);

  // The call between the two, as Alloy's servicegraph connector reports it on the cluster, through
  // the query the call-latency dashboard runs.
  const edge = 'client="trace-app", server="test-app"';
  const calls = await waitUntil(
    'the trace-app -> test-app edge of the service graph',
    async () => {
      const body = (await (await fetch(`${stack.urls.http}/api/v1/query?query=${encodeURIComponent(`traces_service_graph_request_total{${edge}}`)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
      return body.data.result[0];
    },
    20_000,
  );
  assert.ok(Number(calls.value[1]) >= 1, 'at least the one call counted');
  const latency = (await (await fetch(`${stack.urls.http}/api/v1/query?query=${encodeURIComponent(`histogram_quantile(0.5, sum by (le) (traces_service_graph_request_server_seconds_bucket{${edge}}))`)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  const median = Number(latency.data.result[0]?.value[1]);
  assert.ok(median > 0 && median <= 10, `a server-side latency from the histogram (got ${median} s)`);
  assert.ok(stack.store.metrics.labelValues('__name__', [[{ name: 'job', op: '=', value: 'test-app' }]], 0, Date.now() + 1000).length > 5, 'test-app exposes its metrics');
});
