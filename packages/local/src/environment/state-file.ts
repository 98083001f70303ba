import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running `srcobs up` writes about itself, so `status`, `down` and `verify` can find it. */
export interface RunState {
  readonly pid: number;
  readonly startedAt: string;
  readonly dataDir: string;
  readonly urls: { readonly http?: string; readonly otlpHttp?: string; readonly otlpGrpc?: string };
  readonly services: ReadonlyArray<{ readonly name: string; readonly url: string }>;
  /** The stack config file it applied; absent when it runs on the defaults. */
  readonly configFile?: string;
}

/** The state file's name inside the state folder (`./.srcobs`). */
export const STATE_FILE = 'srcobs.json';

/** True when a process with this pid exists (signal 0 only asks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means "running".
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state of a live stack, or undefined (no file, unreadable, or its process is gone). */
export function readRunState(stateDir: string): RunState | undefined {
  let state: RunState;
  try {
    state = JSON.parse(readFileSync(join(stateDir, STATE_FILE), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
  return typeof state.pid === 'number' && processAlive(state.pid) ? state : undefined;
}

/** Writes the state atomically (a reader never sees half a file). */
export function writeRunState(stateDir: string, state: RunState): void {
  mkdirSync(stateDir, { recursive: true });
  const tmp = join(stateDir, `${STATE_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, join(stateDir, STATE_FILE));
}

/** Removes the state file if it is this process's. */
export function removeRunState(stateDir: string, pid = process.pid): void {
  try {
    const state = JSON.parse(readFileSync(join(stateDir, STATE_FILE), 'utf8')) as RunState;
    if (state.pid === pid) rmSync(join(stateDir, STATE_FILE), { force: true });
  } catch {
    // Nothing to remove.
  }
}
