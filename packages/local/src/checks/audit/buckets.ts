import type { DayCount, Gap } from './types.js';

/*
 * The arithmetic of the OLA report: a grid of equal buckets over the range, each holding the
 * lines of one `count_over_time(...[step])` point, from which the lines per day and the gaps are
 * read. Every function here is pure, so the report's numbers are tested without a clock.
 */

export const DAY_MS = 86_400_000;

/**
 * Bucket sizes (ms), each dividing a day, so that a bucket never straddles midnight and the day
 * sums are exact.
 */
export const BUCKET_STEPS_MS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** Points per query, under Loki's and Prometheus' 11,000 points per series. */
export const MAX_POINTS_PER_QUERY = 10_000;

/** Longest range of one query: 30 days, under Loki's default `max_query_length` of 721h. */
export const MAX_QUERY_RANGE_MS = 30 * DAY_MS;

/** One bucket of the grid: lines with a time in `(startMs, endMs]`, clipped to the report's range. */
export interface Bucket {
  readonly startMs: number;
  readonly endMs: number;
  readonly lines: number;
}

/** The smallest bucket that keeps one query (at most {@link MAX_QUERY_RANGE_MS}) under {@link MAX_POINTS_PER_QUERY}. */
export function chooseStep(rangeMs: number): number {
  const span = Math.min(Math.max(rangeMs, 0), MAX_QUERY_RANGE_MS);
  return BUCKET_STEPS_MS.find((s) => span / s <= MAX_POINTS_PER_QUERY) ?? DAY_MS;
}

/** The end of every bucket covering `[fromMs, toMs]`: multiples of `stepMs`, as a query_range evaluates them. */
export function bucketEnds(fromMs: number, toMs: number, stepMs: number): { firstMs: number; lastMs: number } {
  return { firstMs: Math.floor(fromMs / stepMs) * stepMs + stepMs, lastMs: Math.max(Math.ceil(toMs / stepMs) * stepMs, Math.floor(fromMs / stepMs) * stepMs + stepMs) };
}

/** The query ranges (inclusive start and end, on the grid) that together evaluate every bucket end once. */
export function planQueries(fromMs: number, toMs: number, stepMs: number): Array<{ startMs: number; endMs: number }> {
  const { firstMs, lastMs } = bucketEnds(fromMs, toMs, stepMs);
  const perQuery = Math.max(1, Math.min(MAX_POINTS_PER_QUERY, Math.floor(MAX_QUERY_RANGE_MS / stepMs)));
  const out: Array<{ startMs: number; endMs: number }> = [];
  for (let start = firstMs; start <= lastMs; start += perQuery * stepMs) out.push({ startMs: start, endMs: Math.min(lastMs, start + (perQuery - 1) * stepMs) });
  return out;
}

/**
 * Every bucket of the grid over `[fromMs, toMs]` with its count (absent points are empty buckets),
 * clipped to the range.
 */
export function toBuckets(counts: ReadonlyMap<number, number>, fromMs: number, toMs: number, stepMs: number): Bucket[] {
  const { firstMs, lastMs } = bucketEnds(fromMs, toMs, stepMs);
  const out: Bucket[] = [];
  for (let end = firstMs; end <= lastMs; end += stepMs) {
    out.push({ startMs: Math.max(end - stepMs, fromMs), endMs: Math.min(end, toMs), lines: counts.get(end) ?? 0 });
  }
  return out;
}

/** `YYYY-MM-DD` of a time, in UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Lines per UTC day, every day from `fromMs`'s to `toMs`'s included (a silent day is a 0, not a hole). */
export function linesPerDay(buckets: readonly Bucket[], fromMs: number, toMs: number): DayCount[] {
  const days = new Map<string, number>();
  for (let d = Math.floor(fromMs / DAY_MS) * DAY_MS; d <= toMs; d += DAY_MS) days.set(utcDay(d), 0);
  for (const b of buckets) {
    // A bucket (start, end] lies within one day because its size divides a day; its last instant names it.
    const day = utcDay(Math.max(b.endMs - 1, b.startMs));
    if (days.has(day)) days.set(day, (days.get(day) ?? 0) + b.lines);
  }
  return [...days].map(([day, lines]) => ({ day, lines }));
}

/**
 * The runs of empty buckets longer than `windowMs`: the intervals in which the category's silence
 * alert would have fired. Exact to one bucket: a real silence of length L shows as at least
 * L - 2 × step of empty buckets.
 */
export function findGaps(buckets: readonly Bucket[], windowMs: number): Gap[] {
  const gaps: Gap[] = [];
  let runStart: number | undefined;
  let runEnd = 0;
  const close = (): void => {
    if (runStart !== undefined && runEnd - runStart > windowMs) {
      gaps.push({ from: new Date(runStart).toISOString(), to: new Date(runEnd).toISOString(), seconds: Math.round((runEnd - runStart) / 1000) });
    }
    runStart = undefined;
  };
  for (const b of buckets) {
    if (b.lines > 0) {
      close();
      continue;
    }
    runStart ??= b.startMs;
    runEnd = b.endMs;
  }
  close();
  return gaps;
}
