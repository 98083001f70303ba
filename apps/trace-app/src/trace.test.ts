import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startOtlpReceiver, startService, type ReceivedSpan } from '@srcobs/sdk/testing';

const TEST_APP_MAIN = fileURLToPath(import.meta.resolve('@srcobs/test-app/main'));
const TRACE_APP_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const SERVER = 2;
const CLIENT = 3;

function status(span: ReceivedSpan): unknown {
  // Stable HTTP semconv (the instrumentation's default) or the old name, whichever is set.
  return span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
}

test('one trace spans trace-app and test-app: server span -> fetch client span -> test-app server span', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
  const testApp = await startService({ main: TEST_APP_MAIN, env: { ...env, OTEL_SERVICE_NAME: 'test-app' } });
  t.after(() => testApp.stop());
  const traceApp = await startService({ main: TRACE_APP_MAIN, env: { ...env, OTEL_SERVICE_NAME: 'trace-app', TEST_APP_URL: testApp.url } });
  t.after(() => traceApp.stop());

  // The caller's own trace context: every span below must join it.
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const [fast, slow] = await Promise.all([
    fetch(`${traceApp.url}/fast`, { headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } }),
    fetch(`${traceApp.url}/slow`),
  ]);
  assert.equal(fast.status, 200);
  assert.deepEqual(await fast.json(), { message: 'Fast response', upstream_status: 200 });
  assert.equal(slow.status, 200);
  assert.equal(((await slow.json()) as { upstream_status: number }).upstream_status, 200);

  const spans = await receiver.waitForSpans((all) => {
    const mine = all.filter((s) => s.traceId === traceId);
    return mine.some((s) => s.serviceName === 'test-app' && s.kind === SERVER) && mine.some((s) => s.serviceName === 'trace-app' && s.kind === SERVER);
  });
  const trace = spans.filter((s) => s.traceId === traceId);
  const byId = new Map(trace.map((s) => [s.spanId, s]));

  const traceServer = trace.find((s) => s.serviceName === 'trace-app' && s.kind === SERVER);
  const client = trace.find((s) => s.serviceName === 'trace-app' && s.kind === CLIENT);
  const testServer = trace.find((s) => s.serviceName === 'test-app' && s.kind === SERVER);
  assert.ok(traceServer && client && testServer, `spans of trace ${traceId}: ${trace.map((s) => `${s.serviceName}/${s.kind}/${s.name}`).join(', ')}`);

  assert.equal(traceServer.parentSpanId, callerSpanId, 'trace-app continues the incoming traceparent');
  assert.equal(traceServer.attributes['http.route'], '/fast');
  assert.equal(status(traceServer), 200);
  assert.equal(traceServer.resource['service.name'], 'trace-app');

  assert.equal(status(client), 200);
  assert.match(String(client.attributes['url.full']), new RegExp(`^${testApp.url}/fast`));
  // The client span descends from trace-app's server span (through its route-handler span).
  let ancestor = byId.get(client.parentSpanId);
  while (ancestor && ancestor !== traceServer) ancestor = byId.get(ancestor.parentSpanId);
  assert.equal(ancestor, traceServer, 'the fetch span is inside the trace-app request');

  assert.equal(testServer.parentSpanId, client.spanId, "test-app's server span is the child of the fetch span");
  assert.equal(testServer.attributes['http.route'], '/fast');
  assert.equal(status(testServer), 200);
  assert.equal(testServer.resource['service.name'], 'test-app');

  // /slow made its own trace across both services as well.
  const slowServer = await receiver.waitForSpans((all) => all.some((s) => s.serviceName === 'trace-app' && s.attributes['http.route'] === '/slow'));
  const slowTrace = slowServer.find((s) => s.serviceName === 'trace-app' && s.attributes['http.route'] === '/slow')!.traceId;
  await receiver.waitForSpans((all) => all.some((s) => s.traceId === slowTrace && s.serviceName === 'test-app' && s.attributes['http.route'] === '/slow'));

  // The logs of both services carry the same trace id, so "logs for this trace" finds both.
  const traceLog = traceApp.logLines().find((l) => l['msg'] === 'fast request completed');
  const testLog = testApp.logLines().find((l) => l['msg'] === 'fast request served');
  assert.equal(traceLog?.['trace_id'], traceId);
  assert.equal(testLog?.['trace_id'], traceId);
});

test('trace-app answers 502 when test-app is down, and says so in an error log line', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const traceApp = await startService({
    main: TRACE_APP_MAIN,
    // Port 9 (discard): nothing listens there, so every call fails to connect.
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'trace-app', TEST_APP_URL: 'http://127.0.0.1:9' },
  });
  t.after(() => traceApp.stop());
  const res = await fetch(`${traceApp.url}/fast`);
  assert.equal(res.status, 502);
  const line = traceApp.logLines().find((l) => l['msg'] === 'call to test-app failed');
  assert.ok(line, 'an error line for the failed call');
  assert.equal(line['level'], 'error');
  assert.match(String(line['trace_id']), /^[0-9a-f]{32}$/);
  const spans = await receiver.waitForSpans((all) => all.some((s) => s.kind === SERVER && status(s) === 502));
  const server = spans.find((s) => s.kind === SERVER && status(s) === 502)!;
  assert.equal(server.traceId, line['trace_id']);
});
