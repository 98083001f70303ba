import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine, median, trend, type Point } from './soak-trend.js';

const series = (f: (t: number) => number, n = 20, dt = 5): Point[] => Array.from({ length: n }, (_, i) => ({ t: i * dt, v: f(i * dt) }));
const TOLERANCE = { absolute: 10, relative: 0.1 };

test('soak trend: least squares recovers a line exactly, and a constant series has slope 0', () => {
  const line = fitLine(series((t) => 3 + 0.5 * t));
  assert.ok(Math.abs(line.slope - 0.5) < 1e-12 && Math.abs(line.intercept - 3) < 1e-9);
  assert.equal(fitLine(series(() => 7)).slope, 0);
  assert.deepEqual(fitLine([{ t: 1, v: 2 }, { t: 1, v: 4 }]), { slope: 0, intercept: 3 });
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('soak trend: a warm-up ramp in the first half passes, a leak in the second half fails', () => {
  // Memory that grows while caches fill, then stays flat with noise, is fine.
  const warm = trend(series((t) => (t < 50 ? 100 + t : 150 + (t % 10 === 0 ? 3 : -3))), TOLERANCE);
  assert.ok(warm.ok, JSON.stringify(warm));
  // 1 unit a second for the last 45 s is a 45-unit rise: more than 10% of ~170.
  const leak = trend(series((t) => 100 + t), TOLERANCE);
  assert.equal(leak.ok, false);
  assert.ok(Math.abs(leak.rise - 45) < 1e-9, String(leak.rise));
  assert.ok(Math.abs(leak.allowed - 0.1 * leak.median) < 1e-9);
});

test('soak trend: the absolute floor keeps tiny values from failing on noise, and too few points never pass', () => {
  // Latency from 2 ms to 6 ms is a 200% rise but under the 10 ms floor.
  assert.ok(trend(series((t) => 2 + t / 25), TOLERANCE).ok);
  assert.equal(trend(series(() => 1, 4), TOLERANCE).ok, false, 'two points in the second half prove nothing');
  // A falling series is never a failure.
  assert.ok(trend(series((t) => 1000 - 5 * t), TOLERANCE).ok);
});
