/**
 * Float arithmetic as Go's `math` package does it where JavaScript differs, plus Kahan-Neumaier
 * summation as Prometheus' `kahanSumInc`.
 */

/**
 * One step of Kahan summation with Neumaier's improvement (Prometheus `kahanSumInc`): returns the
 * new sum and compensation. An infinite sum resets the compensation so it cannot turn into NaN.
 */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/** Go's `math.Pow`: unlike `Math.pow`, `Pow(1, NaN)` and `Pow(-1, ±Inf)` are 1. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if ((x === -1) && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return Math.pow(x, y);
}

/** Go's `math.Max`/`Min` (used by `clamp`): NaN wins, and `-0 < +0`. */
export function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.max(a, b);
}

/** Go's `math.Min`: NaN wins. */
export function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.min(a, b);
}

/** Prometheus' `almost.Equal`: relative comparison with special cases for zero and NaN. */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  const MIN_NORMAL = 2.2250738585072014e-308;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}
