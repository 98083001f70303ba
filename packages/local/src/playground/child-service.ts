import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/** Which output a line came from. */
export type OutputStream = 'stdout' | 'stderr';

/** A playground program running as a child process. */
export interface ChildService {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the child has exited. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** The last lines of output, for an error message. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMillis`; resolves when the child is gone. Idempotent. */
  stop(graceMillis: number): Promise<number | NodeJS.Signals | null>;
}

const TAIL_LINES = 20;

/**
 * Spawns `node <args>` and hands every output line to `onLine`: the child's stdout belongs to the
 * caller (the local stack ingests it as the pod's log), nothing else reads it.
 */
export function spawnChild(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string, stream: OutputStream) => void,
): ChildService {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
    // A spawn failure (no node binary) emits 'error' without 'exit'.
    child.once('error', () => resolve(null));
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (!source) continue;
    createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      try {
        onLine(line, stream);
      } catch {
        // A failing log consumer must not take the supervisor down with it.
      }
    });
  }
  let stopping: Promise<number | NodeJS.Signals | null> | undefined;
  return {
    name,
    child,
    exited,
    tail: () => tail.join('\n'),
    stop(graceMillis) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        child.kill('SIGTERM');
        // Unref'd: the child's own handle keeps the loop alive while it runs, the timer must not.
        const result = await Promise.race([exited, sleep(graceMillis, 'timeout' as const, { ref: false })]);
        if (result !== 'timeout') return result;
        child.kill('SIGKILL');
        return exited;
      })();
      return stopping;
    },
  };
}
