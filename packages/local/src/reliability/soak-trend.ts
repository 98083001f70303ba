/**
 * Whether a series sampled during a soak trends up: a least-squares line over the second half of
 * the samples (the first half is warm-up: caches filling, JIT, the query windows filling with
 * data), and the rise it predicts across that half compared with a tolerance.
 */

/** One sample: seconds since the start, and the value. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** A least-squares line `v = intercept + slope * t`. */
export interface Line {
  readonly slope: number;
  readonly intercept: number;
}

/** What may rise across the second half: the larger of an absolute amount and a fraction of the median. */
export interface Tolerance {
  readonly absolute: number;
  readonly relative: number;
}

/** The verdict on one series. */
export interface Trend {
  /** Points in the second half the line was fitted to. */
  readonly points: number;
  /** Per second. */
  readonly slope: number;
  /** Median of the second half. */
  readonly median: number;
  /** Rise the line predicts from the first to the last point of the second half. */
  readonly rise: number;
  /** The largest rise tolerated. */
  readonly allowed: number;
  readonly ok: boolean;
}

/** Ordinary least squares; a flat line through the mean when the times do not vary. */
export function fitLine(points: readonly Point[]): Line {
  const n = points.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  const slope = den === 0 ? 0 : num / den;
  return { slope, intercept: mv - slope * mt };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Fits the second half of `points` and says whether its rise stays within `tolerance`. */
export function trend(points: readonly Point[], tolerance: Tolerance): Trend {
  const half = points.slice(Math.floor(points.length / 2));
  const line = fitLine(half);
  const span = half.length > 1 ? half[half.length - 1]!.t - half[0]!.t : 0;
  const mid = median(half.map((p) => p.v));
  const rise = line.slope * span;
  const allowed = Math.max(tolerance.absolute, tolerance.relative * mid);
  return { points: half.length, slope: line.slope, median: mid, rise, allowed, ok: half.length >= 3 && rise <= allowed };
}

