import { chooseAction, type LoadTarget } from './mix.js';

/** Options of {@link startLoad}. */
export interface LoadOptions {
  /** Actions started per second (a login burst is one action of several requests). */
  readonly rate: number;
  /** How long to run, in seconds; 0 runs until `stop()`. */
  readonly durationSeconds: number;
  readonly targets: readonly LoadTarget[];
  /** Requests in flight at most; an action that would exceed it is skipped and counted (default 64). */
  readonly maxInFlight?: number;
  /** Per-request timeout in ms (default 15000: longer than /slow's worst case). */
  readonly requestTimeoutMillis?: number;
  /** Random source in [0, 1), for a reproducible mix. */
  readonly random?: () => number;
}

/** What a run did. */
export interface LoadSummary {
  readonly sent: number;
  /** 2xx and 3xx */
  readonly ok: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** No response: refused, reset, timed out. */
  readonly failed: number;
  /** Actions not started because `maxInFlight` requests were pending. */
  readonly skipped: number;
  /** Requests cut short by `stop()` (a /slow in flight when Ctrl-C came). */
  readonly aborted: number;
  readonly elapsedSeconds: number;
}

/** A running load. */
export interface LoadRun {
  /** Resolves when the duration is over (or `stop()` was called) and every request has settled. */
  readonly done: Promise<LoadSummary>;
  /** Stops starting actions and aborts the requests in flight; `done` resolves once they settle. */
  stop(): void;
  /** The counts so far. */
  snapshot(): LoadSummary;
}

// Behind schedule by more than this (a stalled machine), the schedule restarts from now instead
// of firing the backlog at once: traffic stays steady, never a burst.
const MAX_BEHIND_MS = 1_000;

/**
 * Starts steady, bounded traffic: `rate` actions per second on a fixed schedule, each picked from
 * the targets' mix, never more than `maxInFlight` requests pending.
 *
 * @example
 * ```ts
 * const run = startLoad({ rate: 10, durationSeconds: 30, targets: [parseTarget('test-app=http://127.0.0.1:3000')] });
 * console.log(formatSummary(await run.done));
 * ```
 */
export function startLoad(options: LoadOptions): LoadRun {
  if (!(options.rate > 0)) throw new Error(`rate must be a positive number of actions per second, got ${options.rate}`);
  if (!(options.durationSeconds >= 0)) throw new Error(`duration must be 0 (until stopped) or a number of seconds, got ${options.durationSeconds}`);
  if (options.targets.length === 0) throw new Error('give at least one target');
  const maxInFlight = options.maxInFlight ?? 64;
  const timeout = options.requestTimeoutMillis ?? 15_000;
  const pick = options.random ?? Math.random;
  const interval = 1000 / options.rate;
  const started = performance.now();
  const counts = { sent: 0, ok: 0, clientErrors: 0, serverErrors: 0, failed: 0, skipped: 0, aborted: 0 };
  const halt = new AbortController();
  let inFlight = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let settle: (() => void) | undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));

  const snapshot = (): LoadSummary => ({ ...counts, elapsedSeconds: (performance.now() - started) / 1000 });
  const maybeFinish = (): void => {
    if (stopped && inFlight === 0) settle?.();
  };

  const send = async (url: string, init: RequestInit | undefined): Promise<void> => {
    inFlight++;
    counts.sent++;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.any([halt.signal, AbortSignal.timeout(timeout)]) });
      await res.arrayBuffer();
      if (res.status >= 500) counts.serverErrors++;
      else if (res.status >= 400) counts.clientErrors++;
      else counts.ok++;
    } catch {
      if (halt.signal.aborted) counts.aborted++;
      else counts.failed++;
    } finally {
      inFlight--;
      maybeFinish();
    }
  };

  const act = async (): Promise<void> => {
    const { target, action } = chooseAction(options.targets, pick);
    const requests = action.requests(pick);
    if (inFlight + 1 > maxInFlight) {
      counts.skipped++;
      return;
    }
    // An action's requests go one after another, as a user (or a brute-forcer) sends them.
    for (const { path, init } of requests) {
      if (stopped) break;
      await send(`${target.url}${path}`, init);
    }
  };

  let next = started;
  const deadline = options.durationSeconds > 0 ? started + options.durationSeconds * 1000 : Infinity;
  const tick = (): void => {
    if (stopped) return;
    const now = performance.now();
    if (now >= deadline) return finish();
    if (now - next > MAX_BEHIND_MS) next = now;
    while (next <= now && next < deadline) {
      void act();
      next += interval;
    }
    timer = setTimeout(tick, Math.max(0, Math.min(next, deadline) - performance.now()));
  };
  // The duration is over: start nothing more, let what is in flight complete.
  const finish = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    maybeFinish();
  };
  // Stopped from outside (Ctrl-C): do not keep the user waiting for a /slow to answer.
  const stop = (): void => {
    finish();
    halt.abort();
  };
  tick();

  return { done: settled.then(snapshot), stop, snapshot };
}

/** The one-line summary printed on exit. */
export function formatSummary(s: LoadSummary): string {
  const rate = s.elapsedSeconds > 0 ? s.sent / s.elapsedSeconds : 0;
  return `loadgen: ${s.sent} requests in ${s.elapsedSeconds.toFixed(1)} s (${rate.toFixed(1)}/s): ${s.ok} ok, ${s.clientErrors} 4xx, ${s.serverErrors} 5xx, ${s.failed} failed, ${s.skipped} skipped, ${s.aborted} aborted at stop`;
}
