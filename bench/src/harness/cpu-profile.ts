// Where a process's main thread spent a stretch of time, from a V8 CPU profile (`node
// --cpu-prof`): the "why" a benchmark gives when a goal is missed.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Microseconds on the monotonic clock (the one process.hrtime reads, in every process). */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Main-thread milliseconds in a window, by what the thread was doing. */
export interface ProfileBreakdown {
  /** When the profile started (process.hrtime's clock, ns): node's bootstrap ends about here. */
  readonly profileStartNs: bigint;
  /** Resolving, compiling and evaluating modules. */
  readonly moduleLoadingMs: number;
  readonly gcMs: number;
  /** Nothing to run: waiting for the disk, a socket, a worker thread, a child process, a timer. */
  readonly idleMs: number;
  /** Running code (modules already loaded). */
  readonly codeMs: number;
  /** The srcobs source files that took most of `codeMs` (with the libraries they called), largest first. */
  readonly topFiles: ReadonlyArray<{ readonly file: string; readonly ms: number }>;
}

function isModuleLoading(frame: ProfileNode['callFrame']): boolean {
  if (frame.url.startsWith('node:internal/modules/')) return true;
  // V8 runs each module's top-level code under a native "evaluate" frame.
  return frame.url === '' && (frame.functionName === 'evaluate' || frame.functionName === 'ModuleWrap' || frame.functionName === 'compileFunction');
}

/** The main thread's profile in a --cpu-prof-dir (the file of thread 0). */
export async function mainThreadProfile(dir: string): Promise<string | undefined> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile')).sort();
  const main = files.find((f) => /\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0];
  return main ? join(dir, main) : undefined;
}

/**
 * Attributes every main-thread sample taken between `fromNs` and `toNs` (process.hrtime's
 * clock, which the profile shares) to module loading, GC, idle or code, and the code to the
 * innermost srcobs file on its stack.
 */
export async function profileBreakdown(profileFile: string, window: { readonly fromNs?: bigint; readonly toNs: bigint }): Promise<ProfileBreakdown> {
  const p = JSON.parse(await readFile(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fromUs = window.fromNs === undefined ? -Infinity : Number(window.fromNs / 1000n);
  const toUs = Number(window.toNs / 1000n);
  let t = p.startTime;
  const sums = { moduleLoadingMs: 0, gcMs: 0, idleMs: 0, codeMs: 0 };
  const own = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (t < fromUs) continue;
    if (t > toUs) break;
    const ms = p.timeDeltas[i]! / 1000;
    const leaf = byId.get(p.samples[i]!)!;
    if (leaf.callFrame.functionName === '(idle)') sums.idleMs += ms;
    else if (leaf.callFrame.functionName === '(garbage collector)') sums.gcMs += ms;
    else {
      let loading = false;
      let file: string | undefined;
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)!.callFrame;
        if (isModuleLoading(frame)) loading = true;
        const m = frame.url.includes('node_modules') ? null : /\/((?:packages|apps)\/[^/]+\/dist\/.+)$/.exec(frame.url);
        if (m && file === undefined) file = m[1]!;
      }
      if (loading) sums.moduleLoadingMs += ms;
      else {
        sums.codeMs += ms;
        if (file) own.set(file, (own.get(file) ?? 0) + ms);
      }
    }
  }
  const topFiles = [...own]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([file, ms]) => ({ file, ms }));
  return { profileStartNs: BigInt(Math.round(p.startTime)) * 1000n, ...sums, topFiles };
}

/** "packages/local/x.js 120 ms, ..." for a note. */
export function formatTopFiles(b: ProfileBreakdown): string {
  return b.topFiles.map((c) => `${c.file.replace('/dist/', '/')} ${Math.round(c.ms)} ms`).join(', ');
}
