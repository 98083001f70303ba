// What the kernel says about a process (Linux /proc): resident memory, CPU time, children. The
// benchmarks and reliability tests read other processes (srcobs up, Prometheus, the playground apps) from outside, so
// they measure what `top` would show, not what the process reports about itself.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** Resident memory of one process, every thread included (threads share the address space). */
export interface MemoryStatus {
  /** VmRSS: resident now. */
  readonly rssBytes: number;
  /** VmHWM: the high-water mark of VmRSS since the process started. */
  readonly peakRssBytes: number;
  /** RssAnon: heap, stacks, V8 and SQLite caches; what grows with data and load. */
  readonly anonBytes: number;
  /** RssFile: mapped files (the node binary, native addons, fonts); shared with other processes. */
  readonly fileBytes: number;
  /** Threads: the main thread, worker threads, libuv's pool and V8's helpers. */
  readonly threads: number;
}

function kib(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Reads /proc/<pid>/status; undefined when the process is gone (or not on Linux). */
export async function memoryStatus(pid: number): Promise<MemoryStatus | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const threads = /^Threads:\s+(\d+)/m.exec(status);
  return {
    rssBytes: kib(status, 'VmRSS'),
    peakRssBytes: kib(status, 'VmHWM'),
    anonBytes: kib(status, 'RssAnon'),
    fileBytes: kib(status, 'RssFile'),
    threads: threads ? Number(threads[1]) : 0,
  };
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
async function statFields(pid: number): Promise<string[] | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User plus system CPU seconds the process has used, all its threads included; undefined when it is gone. */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  const f = await statFields(pid);
  // After the name: state(0) ppid(1) ... utime(11) stime(12).
  return f ? (Number(f[11]) + Number(f[12])) / clockTicks() : undefined;
}

/** The processes whose parent is `pid` (the playground apps `srcobs up` starts). */
export async function childPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const f = await statFields(Number(name));
    if (f && Number(f[1]) === pid) out.push(Number(name));
  }
  return out;
}

/** The command line of a process, for naming it in a report. */
export async function commandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Bytes in decimal megabytes, as a goal written "150 MB" means them. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / 1e6) * 10) / 10;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
