import type { MetricSeriesInput } from '@srcobs/local';

/** The data of the PromQL benchmark: counters for rate/sum by, classic histograms for histogram_quantile. */
export interface PromqlWorkload {
  /** Start and end of the samples (ms). */
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
  readonly counters: number;
  readonly bucketSeries: number;
  /** Series in batches of at most this many, to append and to write. */
  series(): Generator<MetricSeriesInput>;
}

const BOUNDS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

/** mulberry32: deterministic data for every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `instances` × 10 paths of `bench_http_requests_total` and `instances` × 10 buckets of
 * `bench_http_request_duration_seconds_bucket`, one sample every 15s for `hours`, ending at
 * the last full minute.
 */
export function promqlWorkload(instances: number, hours: number): PromqlWorkload {
  const stepMs = 15_000;
  const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const count = Math.floor((hours * 3_600_000) / stepMs);
  const start = end - (count - 1) * stepMs;
  return {
    start,
    end,
    stepMs,
    counters: instances * 10,
    bucketSeries: instances * BOUNDS.length,
    *series(): Generator<MetricSeriesInput> {
      const rnd = prng(7);
      for (let i = 0; i < instances; i++) {
        const instance = `i-${String(i).padStart(3, '0')}`;
        for (let p = 0; p < 10; p++) {
          let v = rnd() * 1000;
          const samples = new Array<{ t: number; v: number }>(count);
          for (let k = 0; k < count; k++) samples[k] = { t: start + k * stepMs, v: (v += rnd() * 20) };
          yield { labels: { __name__: 'bench_http_requests_total', instance, path: `/p${p}`, job: 'bench' }, samples };
        }
        const counts = BOUNDS.map(() => 0);
        const per = BOUNDS.map(() => new Array<{ t: number; v: number }>(count));
        for (let k = 0; k < count; k++) {
          let cumulative = 0;
          for (let b = 0; b < BOUNDS.length; b++) {
            counts[b]! += rnd() * (b === 5 ? 6 : 2);
            cumulative += counts[b]!;
            per[b]![k] = { t: start + k * stepMs, v: cumulative };
          }
        }
        for (let b = 0; b < BOUNDS.length; b++) yield { labels: { __name__: 'bench_http_request_duration_seconds_bucket', instance, le: BOUNDS[b]!, job: 'bench' }, samples: per[b]! };
      }
    },
  };
}
