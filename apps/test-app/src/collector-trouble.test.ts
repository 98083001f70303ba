import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sampleSum, startOtlpReceiver, startService, type ReceiverMode } from '@srcobs/sdk/testing';
import { freePort, waitUntil } from '@srcobs/testkit';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

type Trouble = Exclude<ReceiverMode, 'accept'> | 'down';

const CASES: Array<{ trouble: Trouble; why: string; env?: Record<string, string> }> = [
  { trouble: 'down', why: 'nothing listens on the OTLP port' },
  { trouble: 'error-500', why: 'the collector fails every export' },
  { trouble: 'throttle-429', why: 'the collector throttles (the exporter retries until its timeout)' },
  {
    trouble: 'hang',
    why: 'the collector accepts the connection and never answers; a tiny queue overflows meanwhile',
    env: { OTEL_BSP_MAX_QUEUE_SIZE: '8', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '4' },
  },
];

describe('a collector in trouble costs the service only dropped, counted telemetry', { concurrency: CASES.length }, () => {
  for (const { trouble, why, env } of CASES) {
    it(`${trouble}: ${why}`, async (t) => {
      let endpoint: string;
      let received = (): number => 0;
      if (trouble === 'down') {
        endpoint = `http://127.0.0.1:${await freePort()}`;
      } else {
        const receiver = await startOtlpReceiver({ mode: trouble });
        t.after(() => receiver.close());
        endpoint = receiver.url;
        received = () => receiver.requests();
      }
      const service = await startService({
        main: MAIN,
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TIMEOUT: '1500', ...env },
      });
      t.after(() => service.stop());

      // Requests in parallel bursts while exports fail or hang: each answers as it would anyway.
      const paths = ['/fast', '/items/1', '/items/42', '/fail'];
      const expected = [200, 200, 404, 500];
      for (let burst = 0; burst < 5; burst++) {
        const statuses = await Promise.all(paths.map(async (p) => {
          const res = await fetch(`${service.url}${p}`);
          await res.arrayBuffer();
          return res.status;
        }));
        assert.deepEqual(statuses, expected);
      }

      const dropped = await waitUntil(`srcobs_sdk_dropped_total to rise (${trouble})`, async () => {
        const text = await (await fetch(`${service.url}/metrics`)).text();
        const traces = sampleSum(text, 'srcobs_sdk_dropped_total', { signal: 'traces' });
        const logs = sampleSum(text, 'srcobs_sdk_dropped_total', { signal: 'logs' });
        return traces > 0 && logs > 0 ? { traces, logs, exported: sampleSum(text, 'srcobs_sdk_exported_total') } : undefined;
      }, 15_000);
      assert.equal(dropped.exported, 0, 'nothing was counted as delivered');
      if (trouble !== 'down') assert.ok(received() > 0, 'the exporter did reach the collector');
      if (trouble === 'hang') assert.ok(dropped.traces >= 20 - 8 - 4, `the overflow of a queue of 8 was counted (${dropped.traces})`);

      // Still serving, and the trouble is reported once in the service's own log, not per export.
      assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
      const otel = service.logLines().filter((l) => l['component'] === 'otel');
      assert.ok(otel.length >= 1, 'the export trouble is logged');
      assert.ok(otel.every((l) => l['trace_id'] === undefined), "the SDK's trouble is not attributed to a request's trace");
      assert.ok(otel.length <= 6, `repeats are suppressed (${otel.length} lines)`);
    });
  }
});
