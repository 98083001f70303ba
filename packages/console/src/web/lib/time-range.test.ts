import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeRangeError } from './errors.js';
import { autoStepSeconds, describeRange, displayTime, formatDuration, parseDuration, parseTimeExpr, rateIntervalSeconds, resolveRange } from './time-range.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

const durations: Array<[string, number]> = [
  ['30s', 30_000],
  ['5m', 300_000],
  ['1h30m', 5_400_000],
  ['7d', 604_800_000],
  ['250ms', 250],
  ['1.5h', 5_400_000],
];
for (const [text, ms] of durations) test(`time-range: ${text} is ${ms} ms and prints back`, () => {
  assert.equal(parseDuration(text), ms);
  assert.equal(parseDuration(formatDuration(ms)), ms);
});

for (const bad of ['', '5', 'm', '5 minutes', '1h-5m', '10x']) {
  test(`time-range: ${JSON.stringify(bad)} is not a duration, and the error says what is`, () => {
    assert.throws(() => parseDuration(bad), (e: unknown) => e instanceof TimeRangeError && e.code === 'console_time_range' && /30s, 5m/.test(e.message));
  });
}

test('time-range: now, now-1h, now+5m, epoch seconds and milliseconds, ISO times', () => {
  assert.equal(parseTimeExpr('now', NOW), NOW);
  assert.equal(parseTimeExpr('now-1h', NOW), NOW - 3_600_000);
  assert.equal(parseTimeExpr('now - 15m', NOW), NOW - 900_000);
  assert.equal(parseTimeExpr('now+5m', NOW), NOW + 300_000);
  assert.equal(parseTimeExpr('1714564800', NOW), NOW);
  assert.equal(parseTimeExpr(String(NOW), NOW), NOW);
  assert.equal(parseTimeExpr('2024-05-01T12:00:00Z', NOW), NOW);
  assert.throws(() => parseTimeExpr('yesterday', NOW), /not a time: use now, now-1h/);
});

test('time-range: a range must start before it ends', () => {
  assert.deepEqual(resolveRange({ from: 'now-15m', to: 'now' }, NOW), { startMs: NOW - 900_000, endMs: NOW });
  assert.throws(() => resolveRange({ from: 'now', to: 'now-1h' }, NOW), /starts \(now\) after it ends \(now-1h\)/);
});

test('time-range: the auto step gives about one point per 4 px, rounded to a step a person reads', () => {
  const range = (minutes: number) => ({ startMs: NOW - minutes * 60_000, endMs: NOW });
  assert.equal(autoStepSeconds(range(5), 1000), 2);
  assert.equal(autoStepSeconds(range(60), 1000), 15);
  assert.equal(autoStepSeconds(range(24 * 60), 1000), 600);
  assert.equal(autoStepSeconds(range(1), 1000), 1, 'never below the minimum step');
  assert.equal(autoStepSeconds(range(7 * 24 * 60), 1000, 86_400), 86_400, 'a panel minInterval of 1d wins');
});

test("time-range: $__rate_interval keeps four scrapes in every rate window, as Grafana's does", () => {
  assert.equal(rateIntervalSeconds(2), 60);
  assert.equal(rateIntervalSeconds(60), 75);
  assert.equal(rateIntervalSeconds(15, 1), 16);
});

test('time-range: ranges are named as the picker shows them', () => {
  assert.equal(describeRange({ from: 'now-1h', to: 'now' }), 'Last 1 hour');
  assert.equal(describeRange({ from: 'now-2h', to: 'now' }), 'Last 2h');
  assert.equal(describeRange({ from: '1714560000000', to: '1714563600' }), '2024-05-01T10:40:00.000Z to 2024-05-01T11:40:00.000Z');
  assert.equal(displayTime('now-1h'), 'now-1h');
});
