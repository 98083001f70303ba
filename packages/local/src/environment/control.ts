import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackStatus } from '../http/status.js';
import { NotRunningError, StopTimeoutError } from './errors.js';
import { processAlive, readRunState, type RunState } from './state-file.js';

/** How long `srcobs down` waits for the stack to stop before it gives up (the stack flushes first). */
const STOP_TIMEOUT_MS = 45_000;

/** The running stack as `srcobs status` shows it. */
export interface LocalStatus {
  readonly state: RunState;
  /** What the stack says of itself; undefined when it does not answer (starting, hung). */
  readonly status: StackStatus | undefined;
  readonly ready: boolean;
}

/** The run state of the stack started from `stateDir`, or a NotRunningError that says how to start one. */
export function requireRunning(stateDir = '.srcobs'): RunState {
  const dir = resolve(stateDir);
  const state = readRunState(dir);
  if (!state) throw new NotRunningError(dir);
  return state;
}

/** Asks the running stack for its status. */
export async function localStatus(stateDir = '.srcobs'): Promise<LocalStatus> {
  const state = requireRunning(stateDir);
  const base = state.urls.http;
  if (!base) return { state, status: undefined, ready: false };
  const get = async (path: string): Promise<Response | undefined> => fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  const [ready, status] = await Promise.all([get('/ready'), get('/api/srcobs/status')]);
  return { state, ready: ready?.status === 200, status: status?.ok ? ((await status.json()) as StackStatus) : undefined };
}

/**
 * Stops the stack started from `stateDir` (SIGTERM: it stops the playground, flushes and closes
 * the store) and waits until it is gone. Reports progress through `onWait`.
 */
export async function stopLocal(stateDir = '.srcobs', onWait?: (waitedMs: number) => void): Promise<RunState> {
  const state = requireRunning(stateDir);
  process.kill(state.pid, 'SIGTERM');
  const started = Date.now();
  while (processAlive(state.pid)) {
    const waited = Date.now() - started;
    if (waited > STOP_TIMEOUT_MS) throw new StopTimeoutError(state.pid, STOP_TIMEOUT_MS / 1000);
    onWait?.(waited);
    await sleep(200);
  }
  return state;
}
