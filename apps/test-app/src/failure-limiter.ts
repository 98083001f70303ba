/**
 * Counts failed logins per client address in a fixed window; past the limit the address is
 * refused until the window ends (brute-force protection, and the playground's producer of
 * `network_security` events). Memory is bounded: the oldest address is forgotten first.
 */
export interface FailureLimiter {
  /** True when this address has used up its failures for the current window. */
  isBlocked(address: string): boolean;
  recordFailure(address: string): void;
}

const MAX_ADDRESSES = 10_000;

export function createFailureLimiter(limit: number, windowMillis: number, now: () => number = Date.now): FailureLimiter {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (address: string): { start: number; failures: number } | undefined => {
    const w = windows.get(address);
    if (w && now() - w.start >= windowMillis) {
      windows.delete(address);
      return undefined;
    }
    return w;
  };
  return {
    isBlocked: (address) => (current(address)?.failures ?? 0) >= limit,
    recordFailure(address) {
      const w = current(address);
      if (w) {
        w.failures++;
        return;
      }
      if (windows.size >= MAX_ADDRESSES) windows.delete(windows.keys().next().value as string);
      windows.set(address, { start: now(), failures: 1 });
    },
  };
}
