import { setTimeout as sleep } from 'node:timers/promises';

/** One look at a store: found (with what to report), or not yet (with what is missing). */
export type Look = { readonly found: true; readonly detail: string } | { readonly found: false; readonly detail: string };

/** How a hop ended. */
export interface PollResult {
  readonly ok: boolean;
  readonly detail: string;
  /** From the start of polling to the answer (or to giving up). */
  readonly ms: number;
}

/**
 * Looks until the thing is found or `timeoutMs` passes. Telemetry arrives in steps (a batch
 * exporter's delay, a scrape interval, a log shipper's flush), so "not yet" is normal for a
 * while; an API that fails (unreachable, refusing the query) ends the hop at once, since waiting
 * would not change the answer.
 */
export async function pollUntilFound(look: () => Promise<Look>, options: { readonly timeoutMs: number; readonly intervalMs: number; readonly now?: () => number }): Promise<PollResult> {
  const now = options.now ?? Date.now;
  const started = now();
  for (;;) {
    let result: Look;
    try {
      result = await look();
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error), ms: now() - started };
    }
    const ms = now() - started;
    if (result.found) return { ok: true, detail: result.detail, ms };
    if (ms >= options.timeoutMs) return { ok: false, detail: `not found within ${Math.round(options.timeoutMs / 1000)} s: ${result.detail}`, ms };
    await sleep(Math.min(options.intervalMs, Math.max(0, options.timeoutMs - ms)));
  }
}
