import { Agent, request } from 'node:http';

/** Options of {@link saturate}. */
export interface SaturateOptions {
  /** The URL every request asks for, e.g. `http://127.0.0.1:3000/fast`. */
  readonly url: string;
  /** Requests in flight at once, each on its own kept-alive connection (default 16). */
  readonly connections?: number;
  /** How long to measure, in seconds, after the warm-up. */
  readonly durationSeconds: number;
  /** Seconds of traffic before measuring starts (JIT, connection set-up); default 2. */
  readonly warmupSeconds?: number;
}

/** What a saturation run measured. */
export interface SaturateResult {
  /** Requests answered inside the measured window. */
  readonly requests: number;
  /** Every request answered, warm-up and stragglers included: what the service did for its CPU time. */
  readonly served: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Closed-loop load: `connections` clients each send the next request as soon as the last one is
 * answered, for the duration. It measures the most a service serves and its latency at that
 * point, which is how the SDK's overhead is compared (the steady `startLoad` measures nothing).
 * Run it in its own process so the generator does not share the service's event loop.
 */
export async function saturate(options: SaturateOptions): Promise<SaturateResult> {
  const connections = options.connections ?? 16;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(options.url);
  const warmupMs = (options.warmupSeconds ?? 2) * 1000;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + options.durationSeconds * 1000;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let served = 0;
  let errors = 0;

  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => {
          const t1 = performance.now();
          served++;
          if (t0 >= measureFrom && t1 <= end) {
            if (res.statusCode === undefined || res.statusCode >= 500) errors++;
            if (count === latencies.length) {
              const bigger = new Float64Array(latencies.length * 2);
              bigger.set(latencies);
              latencies = bigger;
            }
            latencies[count++] = t1 - t0;
          }
          resolve();
        });
      });
      req.on('error', () => {
        if (t0 >= measureFrom) errors++;
        resolve();
      });
      req.end();
    });

  const client = async (): Promise<void> => {
    while (performance.now() < end) await one();
  };
  await Promise.all(Array.from({ length: connections }, client));
  agent.destroy();
  const sorted = latencies.subarray(0, count).sort();
  return { requests: count, served, errors, requestsPerSecond: count / options.durationSeconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}
