import { median, memoryStatus, type MemoryStatus } from '@srcobs/testkit';

/** Resident memory of one process over a stretch of time. */
export interface MemorySeries {
  readonly samples: readonly MemoryStatus[];
  /** The kernel's high-water mark at the last sample. */
  readonly highWaterBytes: number;
  /** The median of the second half of the samples: where memory settles under a steady load. */
  readonly steadyBytes: number;
  /** The median of the first half: compared with `steadyBytes`, whether memory still grows. */
  readonly earlyBytes: number;
  readonly lastBytes: number;
  /** The last sample (anon/file split, threads). */
  readonly last: MemoryStatus | undefined;
}

/** Samples processes' memory at a fixed interval until stopped. */
export interface MemorySampler {
  stop(): Promise<Map<number, MemorySeries>>;
}

function summarize(samples: readonly MemoryStatus[]): MemorySeries {
  const rss = samples.map((s) => s.rssBytes);
  const firstHalf = rss.slice(0, Math.floor(rss.length / 2));
  const secondHalf = rss.slice(Math.floor(rss.length / 2));
  return {
    samples,
    highWaterBytes: samples.at(-1)?.peakRssBytes ?? 0,
    steadyBytes: secondHalf.length ? median(secondHalf) : 0,
    earlyBytes: firstHalf.length ? median(firstHalf) : 0,
    lastBytes: rss.at(-1) ?? 0,
    last: samples.at(-1),
  };
}

/** Reads /proc/<pid>/status of every pid now and every `intervalMs` until `stop()`. */
export function sampleMemory(pids: readonly number[], intervalMs: number): MemorySampler {
  const series = new Map<number, MemoryStatus[]>(pids.map((p) => [p, []]));
  const tick = async (): Promise<void> => {
    for (const pid of pids) {
      const s = await memoryStatus(pid);
      if (s) series.get(pid)!.push(s);
    }
  };
  let pending = tick();
  const timer = setInterval(() => {
    pending = pending.then(tick);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await tick();
      return new Map([...series].map(([pid, samples]) => [pid, summarize(samples)]));
    },
  };
}
