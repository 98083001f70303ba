/** A token bucket: the shape of Loki's per-tenant ingestion rate limiter. */
export interface RateLimiter {
  /**
   * Takes `n` tokens when they are there and returns 0; otherwise takes nothing and returns the
   * seconds until they would be (Infinity when `n` exceeds the burst: never, send less at once).
   */
  take(n: number): number;
}

/**
 * Creates a token bucket refilled at `ratePerSecond` up to `burst`. A request either fits whole or
 * is refused whole, as Loki's distributor does, so a refused push writes nothing.
 */
export function createRateLimiter(ratePerSecond: number, burst: number, now: () => number = () => performance.now()): RateLimiter {
  let tokens = burst;
  let last = now();
  return {
    take(n) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (n <= tokens) {
        tokens -= n;
        return 0;
      }
      if (n > burst) return Infinity;
      return (n - tokens) / ratePerSecond;
    },
  };
}
