import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { tempDir } from '@srcobs/testkit';
import { STALE_NAN, isStaleNaN, type SeriesData } from '../../model/metrics.js';
import { span, traceId } from '../contract/fixtures.js';
import { createSqliteStore } from './sqlite-store.js';
import type { ReaderRequest } from './test-fixtures/reader-worker.js';

/** Omit distributed over the union, so each request kind keeps its own fields. */
type Request = ReaderRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function askWorker(worker: Worker) {
  let next = 0;
  return <T>(req: Request): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const onMessage = (msg: { id: number; result?: T; error?: string }): void => {
        if (msg.id !== id) return;
        worker.off('message', onMessage);
        if (msg.error) reject(new Error(msg.error));
        else resolve(msg.result as T);
      };
      worker.on('message', onMessage);
      worker.postMessage({ ...req, id });
    });
}

test('a reader in a worker thread sees every acknowledged sample, line and span, flushed or not', async (t) => {
  const dataDir = await tempDir(t);
  // Long intervals: nothing is flushed or compacted unless the test says so.
  const store = await createSqliteStore({ dataDir, logger: quiet, flushIntervalMs: 3_600_000, compactIntervalMs: 3_600_000 });
  t.after(() => store.close());
  const worker = new Worker(new URL('./test-fixtures/reader-worker.js', import.meta.url), { workerData: { dataDir } });
  t.after(() => worker.terminate());
  const ask = askWorker(worker);

  await store.appendMetrics({ series: [{ labels: { __name__: 'w', job: 'a' }, samples: [{ t: 1000, v: 1 }, { t: 2000, v: STALE_NAN }] }] });
  await store.appendLogs({ streams: [{ labels: { app: 'w' }, entries: [{ tsNs: 5n, line: 'one' }] }] });
  await store.appendSpans({ spans: [span({ traceId: traceId(1), spanId: '00000000000000a1' })] });

  let series = await ask<SeriesData[]>({ kind: 'metrics', name: 'w' });
  assert.deepEqual([...series[0]!.timestamps], [1000, 2000]);
  assert.ok(isStaleNaN(series[0]!.values[1]!), 'the staleness marker crosses the thread boundary intact');
  assert.deepEqual(await ask({ kind: 'logs', app: 'w' }), ['one']);
  assert.deepEqual(await ask({ kind: 'trace', traceId: traceId(1) }), ['00000000000000a1']);

  // Half flushed into chunks, half still in the write-ahead rows: the worker sees both.
  store.flush();
  await store.appendMetrics({ series: [{ labels: { __name__: 'w', job: 'a' }, samples: [{ t: 3000, v: 3 }, { t: 1000, v: 10 }] }] });
  await store.appendLogs({ streams: [{ labels: { app: 'w' }, entries: [{ tsNs: 4n, line: 'zero' }] }] });
  series = await ask<SeriesData[]>({ kind: 'metrics', name: 'w' });
  assert.deepEqual([...series[0]!.timestamps], [1000, 2000, 3000]);
  assert.equal(series[0]!.values[0], 10, 'the later write of t=1000 wins');
  assert.deepEqual(await ask({ kind: 'logs', app: 'w' }), ['zero', 'one']);
  worker.postMessage('close');
});
