import type { Ingester } from '../ingester.js';
import { ScrapeLoop, type ScrapeResult, type ScrapeTarget } from './scrape-loop.js';

/** The scrape loops of the local stack. */
export interface ScrapeManager {
  /** Starts every target's loop (the first scrape happens at once). */
  start(): void;
  /** Stops every loop and writes staleness markers for all their series. */
  stop(): Promise<void>;
  /** The last result of each target, by `job` and URL. */
  status(): Array<{ readonly target: ScrapeTarget; readonly last: ScrapeResult | undefined }>;
}

/**
 * Creates one {@link ScrapeLoop} per target. Targets are fixed for the life of the stack (they come
 * from its options), so removing a target means restarting the stack, whose stop marks the
 * target's series stale as Prometheus does when a target disappears from service discovery.
 */
export function createScrapeManager(targets: readonly ScrapeTarget[], ingester: Ingester): ScrapeManager {
  const loops = targets.map((t) => new ScrapeLoop(t, ingester));
  return {
    start: () => loops.forEach((l) => l.start()),
    stop: async () => {
      await Promise.all(loops.map((l) => l.stop()));
    },
    status: () => loops.map((l) => ({ target: l.target, last: l.last() })),
  };
}
