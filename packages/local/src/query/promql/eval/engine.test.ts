import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryLimitError, QueryTimeoutError } from '../../../model/errors.js';
import type { LabelMatcher } from '../../../model/labels.js';
import type { MetricReader, ReadHints } from '../../../model/store.js';
import { createInMemoryStore } from '../../../store/memory/memory-store.js';
import { FUNCTION_SIGNATURES } from '../syntax/functions.js';
import { createPromQLEngine, type QueryValue } from './engine.js';
import { BadQueryParameterError, TooManySamplesError } from './errors.js';
import { FUNCTION_IMPLEMENTATIONS } from './functions.js';

interface Select {
  readonly matchers: readonly LabelMatcher[];
  readonly mint: number;
  readonly maxt: number;
  readonly hints?: ReadHints;
}

/** A reader that records what the engine asks the store for. */
async function recorded() {
  const store = createInMemoryStore();
  const samples = Array.from({ length: 61 }, (_, i) => ({ t: i * 60_000, v: i }));
  await store.appendMetrics({ series: [{ labels: { __name__: 'x', job: 'a' }, samples }, { labels: { __name__: 'x', job: 'b' }, samples }] });
  const calls: Select[] = [];
  const reader: MetricReader = {
    ...store.metrics,
    select: (matchers, mint, maxt, hints) => {
      calls.push({ matchers, mint, maxt, hints });
      return store.metrics.select(matchers, mint, maxt, hints);
    },
  };
  return { reader, calls };
}

const MIN = 60_000;

// What each query asks of storage: the time range pushed down (windows are left-open, so the
// lower bound is one millisecond past `t - range`), and the matchers.
const pushDown: Array<[string, number, Array<[number, number]>]> = [
  ['x', 30 * MIN, [[25 * MIN + 1, 30 * MIN]]],
  ['x offset 10m', 30 * MIN, [[15 * MIN + 1, 20 * MIN]]],
  ['x @ 600', 30 * MIN, [[5 * MIN + 1, 10 * MIN]]],
  ['rate(x[10m])', 30 * MIN, [[20 * MIN + 1, 30 * MIN]]],
  ['rate(x[10m] offset 5m @ 1200)', 30 * MIN, [[5 * MIN + 1, 15 * MIN]]],
  // The subquery steps (every minute from 21m to 30m) each need their own 5m lookback.
  ['max_over_time(x[10m:1m])', 30 * MIN, [[16 * MIN + 1, 30 * MIN]]],
  ['x + x', 30 * MIN, [[25 * MIN + 1, 30 * MIN], [25 * MIN + 1, 30 * MIN]]],
];

for (const [query, at, ranges] of pushDown) {
  test(`storage request for ${query}`, async () => {
    const { reader, calls } = await recorded();
    createPromQLEngine({ reader }).instantQuery(query, at);
    assert.deepEqual(
      calls.map((c) => [c.mint, c.maxt]),
      ranges,
    );
    assert.deepEqual(calls[0]!.matchers, [{ name: '__name__', op: '=', value: 'x' }]);
  });
}

test('a range query reads once for all its steps', async () => {
  const { reader, calls } = await recorded();
  createPromQLEngine({ reader }).rangeQuery('rate(x[5m])', 10 * MIN, 40 * MIN, MIN);
  assert.deepEqual(calls.map((c) => [c.mint, c.maxt]), [[5 * MIN + 1, 40 * MIN]]);
});

test('limits reach the store as read hints and fail with Prometheus-style errors', async () => {
  const { reader, calls } = await recorded();
  const engine = createPromQLEngine({ reader, maxSamples: 100, maxSeries: 1, timeoutMs: 60_000 });
  assert.throws(() => engine.instantQuery('x', 30 * MIN), (e: unknown) => e instanceof QueryLimitError && e.limit === 'series');
  assert.equal(calls[0]!.hints?.maxSeries, 1);
  assert.ok((calls[0]!.hints?.deadline ?? 0) > Date.now());
  const samples = createPromQLEngine({ reader, maxSamples: 100 });
  assert.throws(
    () => samples.rangeQuery('x', 0, 60 * MIN, MIN),
    (e: unknown) => e instanceof TooManySamplesError && e.message === 'query processing would load too many samples into memory in query execution',
  );
  assert.equal(samples.instantQuery('sum(x)', 30 * MIN).value.resultType, 'vector', 'a small query still fits');
  assert.throws(() => createPromQLEngine({ reader, timeoutMs: -1 }).instantQuery('x', 0), (e: unknown) => e instanceof QueryTimeoutError && e.message === 'query timed out in expression evaluation');
  assert.throws(() => createPromQLEngine({ reader, maxRangeMs: 3_600_000 }).rangeQuery('x', 0, 2 * 3_600_000, MIN), (e: unknown) => e instanceof QueryLimitError && e.limit === 'range');
  assert.throws(() => createPromQLEngine({ reader }).rangeQuery('x', 10, 0, MIN), BadQueryParameterError);
});

function count(value: QueryValue): number {
  return value.resultType === 'vector' || value.resultType === 'matrix' ? value.result.length : -1;
}

test('the lookback delta is configurable, per engine and per query', async () => {
  const { reader } = await recorded();
  // The last sample is at 60m: visible at 62m with a 5m lookback, not with 1m.
  assert.equal(count(createPromQLEngine({ reader }).instantQuery('x', 62 * MIN).value), 2);
  const short = createPromQLEngine({ reader, lookbackDeltaMs: MIN });
  assert.equal(count(short.instantQuery('x', 62 * MIN).value), 0);
  assert.equal(count(short.instantQuery('x', 62 * MIN, { lookbackDeltaMs: 5 * MIN }).value), 2);
});

test('every function the parser knows has an implementation, and no other', () => {
  assert.deepEqual([...FUNCTION_IMPLEMENTATIONS.keys()].sort(), [...FUNCTION_SIGNATURES.keys()].sort());
});
