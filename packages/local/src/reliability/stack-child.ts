import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@srcobs/testkit';
import type { StackProcessSpec } from './stack-process-spec.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/stack-process.js', import.meta.url));
const READY = /^srcobs-stack-ready (\{.*\})$/m;
const HEAP = /^srcobs-stack-heap (\{.*\})$/gm;

/** Memory of the stack process right after a full garbage collection of its main thread. */
export interface HeapReport {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
}

/** A local stack running in its own process, watched from outside as an operator would. */
export interface StackChild {
  readonly pid: number;
  readonly urls: { readonly http?: string; readonly otlpHttp?: string; readonly otlpGrpc?: string };
  /** Resident memory now, from /proc/<pid>/status (VmRSS), in bytes; 0 once the process is gone. */
  rssBytes(): number;
  /** Collects garbage in the stack (main thread) and reports its memory right after. */
  heapAfterGc(timeoutMs?: number): Promise<HeapReport>;
  /** True while the process runs. */
  alive(): boolean;
  /** What the stack wrote to stderr: its own log lines. */
  log(): string;
  /** `kill -9`, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the stack flushes and closes its store), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Reads VmRSS of a process in bytes (Linux), or 0 when it is gone. */
function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts `fixtures/stack-process.js` with the spec and waits for its ready line.
 *
 * @example
 * ```ts
 * const stack = await startStackChild({ stack: { dataDir } });
 * t.after(() => stack.stop());
 * await fetch(`${stack.urls.http}/healthz`);
 * ```
 */
export async function startStackChild(spec: StackProcessSpec, startTimeoutMs = 30_000): Promise<StackChild> {
  const child = startProcess(process.execPath, ['--enable-source-maps', '--expose-gc', FIXTURE, JSON.stringify(spec)]);
  let info: { urls: StackChild['urls']; pid: number };
  try {
    const line = await child.waitFor(READY, startTimeoutMs);
    info = JSON.parse(READY.exec(line)![1]!) as typeof info;
  } catch (error) {
    await child.stop(0);
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.child.exitCode !== null || child.child.signalCode !== null) resolve();
    else child.child.once('exit', () => resolve());
  });
  const alive = (): boolean => child.child.exitCode === null && child.child.signalCode === null;
  return {
    pid: info.pid,
    urls: info.urls,
    rssBytes: () => (alive() ? rssOf(info.pid) : 0),
    async heapAfterGc(timeoutMs = 10_000) {
      const reports = (): string[] => [...child.stdout().matchAll(HEAP)].map((m) => m[1]!);
      const before = reports().length;
      child.child.kill('SIGUSR2');
      const deadline = Date.now() + timeoutMs;
      while (reports().length <= before) {
        if (!alive() || Date.now() > deadline) throw new Error(`no heap report from the stack within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return JSON.parse(reports()[before]!) as HeapReport;
    },
    alive,
    log: () => child.stderr(),
    async kill() {
      if (alive()) child.child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      await child.stop(graceMs);
    },
  };
}
