// The engine against a reader that records what it was asked, so the reads (time windows,
// matchers, direction) are checked along with the answers, and a reader slow enough to time out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelMatcher } from '../../../model/labels.js';
import type { Direction, LogEntry } from '../../../model/logs.js';
import type { LogReader } from '../../../model/store.js';
import { createInMemoryStore } from '../../../store/memory/memory-store.js';
import { createLogQLEngine } from './engine.js';
import { LogQLLimitError, LogQLTimeoutError } from './errors.js';

const S = 1_000_000_000n;

interface Call {
  readonly op: 'streams' | 'entries';
  readonly matchers?: readonly LabelMatcher[];
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly direction?: Direction;
}

function recording(inner: LogReader): { reader: LogReader; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    reader: {
      streams: (m, s, e, h) => (calls.push({ op: 'streams', matchers: m, startNs: s, endNs: e }), inner.streams(m, s, e, h)),
      entries: (id, s, e, d) => (calls.push({ op: 'entries', startNs: s, endNs: e, direction: d }), inner.entries(id, s, e, d)),
      labelNames: (s, e, m) => inner.labelNames(s, e, m),
      labelValues: (n, s, e, m) => inner.labelValues(n, s, e, m),
    },
  };
}

async function storeWith(lines: number): Promise<ReturnType<typeof createInMemoryStore>> {
  const store = createInMemoryStore();
  await store.appendLogs({ streams: [{ labels: { app: 'a' }, entries: Array.from({ length: lines }, (_x, i) => ({ tsNs: BigInt(i + 1) * S, line: `line ${i + 1}` })) }] });
  return store;
}

test('a log query reads [start, end) in the query direction, and the stream selector goes to the store', async () => {
  const { reader, calls } = recording((await storeWith(10)).logs);
  const engine = createLogQLEngine({ reader });
  const r = engine.rangeQuery({ query: '{app="a"} |= "line 1"', startNs: 2n * S, endNs: 10n * S, stepNs: S, limit: 5, direction: 'forward' });
  assert.deepEqual(calls, [
    { op: 'streams', matchers: [{ name: 'app', op: '=', value: 'a' }], startNs: 2n * S, endNs: 10n * S },
    { op: 'entries', startNs: 2n * S, endNs: 10n * S, direction: 'forward' },
  ]);
  assert.equal(r.value.resultType, 'streams');
  // "line 1" is at 1s, before start, and "line 10" at 10s, the excluded end.
  assert.deepEqual(r.value.resultType === 'streams' ? r.value.result : undefined, []);
  assert.equal(r.stats.linesProcessed, 8);
});

test('a metric query reads (start - range - offset, end - offset] once, forward, for all its steps', async () => {
  const { reader, calls } = recording((await storeWith(10)).logs);
  const engine = createLogQLEngine({ reader });
  const r = engine.rangeQuery({ query: 'count_over_time({app="a"}[3s] offset 1s)', startNs: 5n * S, endNs: 9n * S, stepNs: 2n * S, limit: 100, direction: 'backward' });
  assert.deepEqual(calls, [
    { op: 'streams', matchers: [{ name: 'app', op: '=', value: 'a' }], startNs: 1n * S + 1n, endNs: 8n * S + 1n },
    { op: 'entries', startNs: 1n * S + 1n, endNs: 8n * S + 1n, direction: 'forward' },
  ]);
  // Windows (1s,4s], (3s,6s], (5s,8s]: 3 lines each.
  assert.deepEqual(r.value.resultType === 'matrix' ? r.value.result[0]!.points : [], [
    [5000, 3],
    [7000, 3],
    [9000, 3],
  ]);
});

test('a log query stops reading once it has its limit', async () => {
  const store = await storeWith(10_000);
  const engine = createLogQLEngine({ reader: store.logs });
  const r = engine.rangeQuery({ query: '{app="a"}', startNs: 0n, endNs: 20_000n * S, stepNs: S, limit: 3, direction: 'backward' });
  assert.deepEqual(r.value.resultType === 'streams' ? r.value.result[0]!.values.map((v) => v.line) : [], ['line 10000', 'line 9999', 'line 9998']);
  assert.ok(r.stats.linesProcessed <= 4, `read ${r.stats.linesProcessed} lines for a limit of 3`);
});

test('a query that outlives its timeout fails with Loki\'s deadline error', async () => {
  const store = await storeWith(5_000);
  // A store that takes 1ms per line: the engine must notice the deadline while reading.
  const slow: LogReader = {
    ...store.logs,
    entries: (id, s, e, d) => {
      const inner = store.logs.entries(id, s, e, d);
      return {
        *[Symbol.iterator](): Generator<LogEntry> {
          for (const x of inner) {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
            yield x;
          }
        },
      };
    },
  };
  const engine = createLogQLEngine({ reader: slow, timeoutMs: 50 });
  assert.throws(
    () => engine.rangeQuery({ query: 'count_over_time({app="a"}[1h])', startNs: 0n, endNs: 5_000n * S, stepNs: 5_000n * S, limit: 100, direction: 'backward' }),
    (e: unknown) => e instanceof LogQLTimeoutError && e.message === 'request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed',
  );
});

test('the bytes-read limit stops a query that reads too much', async () => {
  const store = await storeWith(5_000);
  const engine = createLogQLEngine({ reader: store.logs, maxQueryBytesRead: 10_000 });
  assert.throws(
    () => engine.rangeQuery({ query: '{app="a"} |= "nothing"', startNs: 0n, endNs: 6_000n * S, stepNs: S, limit: 100, direction: 'forward' }),
    (e: unknown) => e instanceof LogQLLimitError && e.limit === 'bytes' && /^the query would read too many bytes \(query: .*, limit: 10 kB\)/.test(e.message),
  );
});

test('series over the limit fail a range query even when no single step has that many', async () => {
  const store = createInMemoryStore();
  await store.appendLogs({ streams: [1n, 2n, 3n].map((i) => ({ labels: { app: 'a', pod: String(i) }, entries: [{ tsNs: i * 10n * S, line: 'x' }] })) });
  const engine = createLogQLEngine({ reader: store.logs, maxQuerySeries: 2 });
  // Each 10s step sees one pod only; over the range there are three series.
  assert.throws(() => engine.rangeQuery({ query: 'count_over_time({app="a"}[5s])', startNs: 10n * S, endNs: 30n * S, stepNs: 10n * S, limit: 100, direction: 'backward' }), LogQLLimitError);
  const ok = engine.rangeQuery({ query: 'sum(count_over_time({app="a"}[5s]))', startNs: 10n * S, endNs: 30n * S, stepNs: 10n * S, limit: 100, direction: 'backward' });
  assert.deepEqual(ok.value.resultType === 'matrix' ? ok.value.result.map((s) => s.points.length) : [], [3]);
});
