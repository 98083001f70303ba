import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS, MAX_POINTS_PER_QUERY, MAX_QUERY_RANGE_MS, bucketEnds, chooseStep, findGaps, linesPerDay, planQueries, toBuckets } from './buckets.js';

const T0 = Date.parse('2025-03-10T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

test('chooseStep: the smallest step dividing a day that keeps one query under the point limit', () => {
  assert.equal(chooseStep(HOUR), MIN);
  assert.equal(chooseStep(DAY_MS), MIN);
  assert.equal(chooseStep(7 * DAY_MS), 2 * MIN, '7 d at 1 min would be 10,080 points');
  assert.equal(chooseStep(30 * DAY_MS), 5 * MIN);
  assert.equal(chooseStep(365 * DAY_MS), 5 * MIN, 'a year is split into 30-day queries, so its step is a month\'s');
  for (const range of [HOUR, 3 * DAY_MS, 29 * DAY_MS, 400 * DAY_MS]) {
    const step = chooseStep(range);
    assert.equal(DAY_MS % step, 0, `${step} divides a day`);
    assert.ok(Math.min(range, MAX_QUERY_RANGE_MS) / step <= MAX_POINTS_PER_QUERY);
  }
});

test('planQueries: consecutive ranges on the grid, each within the query limits, that evaluate every bucket end once', () => {
  const from = T0 + 17_000;
  const to = T0 + 95 * DAY_MS + 5_000;
  const step = chooseStep(to - from);
  const plans = planQueries(from, to, step);
  const { firstMs, lastMs } = bucketEnds(from, to, step);
  assert.equal(plans[0]!.startMs, firstMs);
  assert.equal(plans.at(-1)!.endMs, lastMs);
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    assert.equal(p.startMs % step, 0);
    assert.ok(p.endMs - p.startMs < MAX_QUERY_RANGE_MS, 'under max_query_length');
    assert.ok((p.endMs - p.startMs) / step + 1 <= MAX_POINTS_PER_QUERY, 'under the points limit');
    if (i > 0) assert.equal(p.startMs, plans[i - 1]!.endMs + step, 'no bucket twice, none left out');
  }
});

test('toBuckets: the whole grid with missing points as empty buckets, clipped to the range', () => {
  const step = 5 * MIN;
  const counts = new Map([[T0 + 10 * MIN, 4]]);
  const b = toBuckets(counts, T0 + 2 * MIN, T0 + 12 * MIN, step);
  assert.deepEqual(
    b.map((x) => [(x.startMs - T0) / MIN, (x.endMs - T0) / MIN, x.lines]),
    [
      [2, 5, 0],
      [5, 10, 4],
      [10, 12, 0],
    ],
  );
});

test('linesPerDay: every day of the range, silent days as 0, lines summed into the UTC day they belong to', () => {
  const step = 5 * MIN;
  const from = T0 - 2 * HOUR; // 2025-03-09 22:00
  const to = T0 + 2 * DAY_MS + HOUR; // 2025-03-12 01:00
  const counts = new Map([
    [T0, 3], // bucket (23:55, 00:00] on the 9th
    [T0 + 5 * MIN, 2], // the 10th
    [T0 + DAY_MS - 5 * MIN, 1], // the 10th, last bucket before midnight
    [T0 + 2 * DAY_MS + HOUR, 7], // the 12th
  ]);
  assert.deepEqual(linesPerDay(toBuckets(counts, from, to, step), from, to), [
    { day: '2025-03-09', lines: 3 },
    { day: '2025-03-10', lines: 3 },
    { day: '2025-03-11', lines: 0 },
    { day: '2025-03-12', lines: 7 },
  ]);
});

test('findGaps: runs of empty buckets longer than the window, with their times; shorter silences are not gaps', () => {
  const step = MIN;
  const from = T0;
  const to = T0 + 3 * HOUR;
  const counts = new Map<number, number>();
  // Lines every minute except: 10 min silent (under a 15 min window), then 40 min silent, then silent to the end.
  for (let m = 1; m <= 180; m++) {
    const silent = (m > 20 && m <= 30) || (m > 60 && m <= 100) || m > 150;
    if (!silent) counts.set(T0 + m * MIN, 1);
  }
  const gaps = findGaps(toBuckets(counts, from, to, step), 15 * MIN);
  assert.deepEqual(gaps, [
    { from: new Date(T0 + 60 * MIN).toISOString(), to: new Date(T0 + 100 * MIN).toISOString(), seconds: 40 * 60 },
    { from: new Date(T0 + 150 * MIN).toISOString(), to: new Date(to).toISOString(), seconds: 30 * 60 },
  ]);
  assert.deepEqual(findGaps(toBuckets(counts, from, to, step), HOUR), [], 'none is longer than an hour');
});

test('findGaps: a range with no line at all is one gap from start to end; a range shorter than the window has none', () => {
  const empty = toBuckets(new Map(), T0 + 30_000, T0 + 2 * HOUR, MIN);
  assert.deepEqual(findGaps(empty, 15 * MIN), [{ from: new Date(T0 + 30_000).toISOString(), to: new Date(T0 + 2 * HOUR).toISOString(), seconds: 2 * 3600 - 30 }]);
  assert.deepEqual(findGaps(toBuckets(new Map(), T0, T0 + 10 * MIN, MIN), 15 * MIN), []);
});
