import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogBatch } from '../model/logs.js';
import { createLogShipper } from './log-shipper.js';

test('lines are written per program with their labels, at the time the line itself carries', async () => {
  const batches: LogBatch[] = [];
  const shipper = createLogShipper({ write: async (b) => void batches.push(b), labelsFor: (p) => ({ service_name: p, source: 'pod' }), flushIntervalMs: 10_000 });
  shipper.push('test-app', '{"time":"2026-11-25T10:00:00.123Z","level":"info","msg":"hello"}');
  shipper.push('trace-app', 'plain text line');
  shipper.push('test-app', '   ');
  await shipper.close();
  const streams = batches.flatMap((b) => b.streams);
  assert.equal(streams.length, 2);
  const app = streams.find((s) => s.labels['service_name'] === 'test-app')!;
  assert.equal(app.entries.length, 1, 'blank lines are skipped');
  assert.equal(app.entries[0]!.tsNs, BigInt(Date.parse('2026-11-25T10:00:00.123Z')) * 1_000_000n);
  assert.equal(streams.find((s) => s.labels['service_name'] === 'trace-app')!.entries[0]!.line, 'plain text line');
});

test('lines of the same millisecond keep their order', async () => {
  const batches: LogBatch[] = [];
  const shipper = createLogShipper({ write: async (b) => void batches.push(b), labelsFor: (p) => ({ app: p }), flushIntervalMs: 10_000 });
  for (let i = 0; i < 5; i++) shipper.push('a', `{"time":"2026-11-25T10:00:00.000Z","i":${i}}`);
  await shipper.close();
  const ts = batches[0]!.streams[0]!.entries.map((e) => e.tsNs);
  assert.deepEqual(ts, [...ts].sort((x, y) => (x < y ? -1 : 1)));
  assert.equal(new Set(ts).size, 5);
});

test('a failing write drops the batch, counts it and reports it, and later lines still go out', async () => {
  const errors: number[] = [];
  let fail = true;
  const written: LogBatch[] = [];
  const shipper = createLogShipper({
    write: async (b) => {
      if (fail) throw new Error('store full');
      written.push(b);
    },
    labelsFor: (p) => ({ app: p }),
    onError: (_e, n) => errors.push(n),
    flushIntervalMs: 10_000,
  });
  shipper.push('a', 'one');
  shipper.push('a', 'two');
  await shipper.close();
  assert.deepEqual(errors, [2]);
  assert.equal(shipper.dropped(), 2);
  fail = false;
  shipper.push('a', 'three');
  await shipper.close();
  assert.equal(written[0]?.streams[0]?.entries[0]?.line, 'three');
});
