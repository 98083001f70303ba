import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sampleSum, startOtlpReceiver, startService } from '@srcobs/sdk/testing';
import { waitUntil } from '@srcobs/testkit';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
// The batch timer never fires in these tests: whatever arrives was sent by the shutdown flush.
const NO_TIMER = { OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_BLRP_SCHEDULE_DELAY: '600000' };

async function get(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

test('SIGTERM flushes the queued spans and log records, then exits 0', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const service = await startService({ main: MAIN, env: { ...NO_TIMER, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_LOGS_EXPORTER: 'otlp' } });
  t.after(() => service.stop());
  for (const path of ['/fast', '/items/1', '/items/2']) assert.equal(await get(`${service.url}${path}`), 200);
  assert.equal(receiver.spans().length, 0, 'nothing exported before the signal');

  assert.equal(await service.stop(10_000), 0);
  const routes = receiver.spans().filter((s) => s.kind === 2).map((s) => s.attributes['http.route']).sort();
  assert.deepEqual(routes, ['/fast', '/items/:id', '/items/:id']);
  assert.ok(receiver.logs().some((l) => l.body === 'fast request served'));
  assert.ok(service.logLines().some((l) => l['msg'] === 'stopped'));
});

test('SIGTERM with a hanging collector still exits 0 within the shutdown bound, counting what it leaves behind', async (t) => {
  const receiver = await startOtlpReceiver({ mode: 'hang' });
  t.after(() => receiver.close());
  const service = await startService({
    main: MAIN,
    // The exporter alone would wait 30 s; the SDK's shutdown bound (1 s here) must win.
    env: { ...NO_TIMER, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '30000', SRCOBS_SHUTDOWN_TIMEOUT: '1000' },
  });
  t.after(() => service.stop());
  for (const path of ['/fast', '/items/1', '/items/2']) assert.equal(await get(`${service.url}${path}`), 200);

  // A shutdown that hung would be SIGKILLed after the grace and report 'SIGKILL' instead of 0.
  assert.equal(await service.stop(10_000), 0);
  assert.ok(receiver.requests() >= 1, 'the flush was attempted');
  const gaveUp = service.logLines().find((l) => l['msg'] === 'telemetry not flushed in time; the rest is dropped');
  assert.ok(gaveUp, 'the shutdown says it dropped telemetry');
  assert.deepEqual([gaveUp['timeout_ms'], gaveUp['collector_unreachable']], [1000, false], 'a collector not known to fail gets the configured bound');
  // At least the three server spans (each request also has its route-handler span).
  assert.ok(Number(gaveUp['dropped_spans']) >= 3, `dropped_spans: ${String(gaveUp['dropped_spans'])}`);
});

test('when the last exports failed, shutdown does not wait out the full bound for a collector that is not there', async (t) => {
  const receiver = await startOtlpReceiver({ mode: 'error-500' });
  t.after(() => receiver.close());
  const service = await startService({ main: MAIN, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '30000', SRCOBS_SHUTDOWN_TIMEOUT: '5000' } });
  t.after(() => service.stop());
  assert.equal(await get(`${service.url}/fast`), 200);
  await waitUntil('the failed export to be counted', async () => sampleSum(await (await fetch(`${service.url}/metrics`)).text(), 'srcobs_sdk_dropped_total', { signal: 'traces' }) > 0);
  receiver.setMode('hang');
  assert.equal(await get(`${service.url}/fast`), 200);

  assert.equal(await service.stop(10_000), 0);
  const gaveUp = service.logLines().find((l) => l['msg'] === 'telemetry not flushed in time; the rest is dropped');
  assert.ok(gaveUp, 'the shutdown says it dropped telemetry');
  assert.equal(gaveUp['collector_unreachable'], true);
  assert.equal(gaveUp['timeout_ms'], 1000, 'the short bound, not SRCOBS_SHUTDOWN_TIMEOUT');
});
