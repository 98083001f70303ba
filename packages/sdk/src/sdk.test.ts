import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { instrument } from './sdk.js';
import { captureLines } from './testing/capture.js';
import { sampleSum } from './testing/metrics-text.js';

const out = captureLines();
const sdk = instrument({ serviceName: 'quiet', disabled: true, logDestination: out.stream });

test('OTEL_SDK_DISABLED (disabled: true): no tracing, but logs, audit and /metrics keep working', async (t) => {
  assert.equal(sdk.tracing, false);
  assert.equal(trace.getTracer('x').startSpan('s').isRecording(), false);
  const server = createServer((req, res) => {
    sdk.httpMiddleware(req, res);
    if (req.url === '/metrics') return sdk.metricsHandler(req, res);
    sdk.audit.dataAccess({ actor: 'a', resource: 'r', operation: 'read', records: 1 });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  assert.equal((await fetch(`${url}/x`)).status, 200);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  assert.equal(sampleSum(metrics, 'http_server_request_duration_seconds_count'), 1);
  const events = out.lines().map((l) => l['event']);
  assert.deepEqual(events, ['data_access', 'http_access']);
  assert.ok(out.lines().every((l) => l['trace_id'] === undefined));
});

test('shutdown() is idempotent: every call returns the same settled promise', async () => {
  const first = sdk.shutdown();
  assert.equal(sdk.shutdown(), first);
  await first;
  await sdk.shutdown();
});
