import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** A child process started by a test, with its output kept for assertions and failure messages. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first stdout/stderr line that matches, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | NodeJS.Signals | null>;
}

/**
 * Spawns a process the way a user would start it and keeps its output. The caller stops it (use
 * `t.after(() => p.stop())`).
 */
export function startProcess(command: string, args: readonly string[], options: SpawnOptions = {}): RunningProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let out = '';
  let err = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer, which: 'out' | 'err'): void => {
    const text = chunk.toString('utf8');
    if (which === 'out') out += text;
    else err += text;
    for (const line of text.split('\n')) {
      for (let i = waiters.length - 1; i >= 0; i--) {
        const w = waiters[i]!;
        if (w.pattern.test(line)) {
          waiters.splice(i, 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout?.on('data', (c: Buffer) => onData(c, 'out'));
  child.stderr?.on('data', (c: Buffer) => onData(c, 'err'));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 15_000) {
      const already = `${out}\n${err}`.split('\n').find((l) => pattern.test(l));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} from ${command}\nstdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        void exited.then((code) => reject(new Error(`${command} exited (${String(code)}) before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`)));
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
