import type { LogBatch, LogEntry } from '../model/logs.js';
import type { Labels } from '../model/labels.js';

/** How often collected lines are written: often enough to see them at once in the console. */
const FLUSH_INTERVAL_MS = 250;
/** Lines kept while a write is slow; older lines are dropped (and counted) beyond this. */
const MAX_PENDING_LINES = 50_000;

/** Where a shipper writes, and the labels each program's lines get. */
export interface LogShipperOptions {
  /** Stores a batch (the local stack's `ingestLogs`); a rejection drops the batch and is reported. */
  readonly write: (batch: LogBatch) => Promise<void>;
  /** The stream labels of a program's lines. */
  readonly labelsFor: (program: string) => Labels;
  /** Told once per failed write, with how many lines were lost. */
  readonly onError?: (error: unknown, droppedLines: number) => void;
  readonly flushIntervalMs?: number;
}

/** Collects output lines of local programs and writes them as log streams, like a log agent. */
export interface LogShipper {
  /** Adds one output line of `program`. */
  push(program: string, line: string): void;
  /** Lines dropped because writes failed or fell behind. */
  dropped(): number;
  /** Writes what is pending and stops the timer. */
  close(): Promise<void>;
}

const NS_PER_MS = 1_000_000n;

/**
 * The line's own time when it carries one (`"time":"2026-…Z"` as the SDK writes it), so a line is
 * stored at the moment it was logged, not when it was read; the read time otherwise. Nanoseconds
 * are kept as bigint; the counter below keeps lines of one millisecond in their order.
 */
function lineTime(line: string, fallbackMs: number): bigint {
  const at = line.indexOf('"time":"');
  if (at >= 0) {
    const end = line.indexOf('"', at + 8);
    const ms = Date.parse(line.slice(at + 8, end));
    if (Number.isFinite(ms)) return BigInt(ms) * NS_PER_MS;
  }
  return BigInt(fallbackMs) * NS_PER_MS;
}

/**
 * Creates a shipper. Lines are batched per program and written every {@link FLUSH_INTERVAL_MS};
 * a slow or failing store never blocks the programs (their output is read regardless).
 */
export function createLogShipper(options: LogShipperOptions): LogShipper {
  const pending = new Map<string, LogEntry[]>();
  let pendingCount = 0;
  let dropped = 0;
  let lastNs = 0n;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (pendingCount === 0) return writing;
    const streams = [...pending.entries()].map(([program, entries]) => ({ labels: options.labelsFor(program), entries }));
    const count = pendingCount;
    pending.clear();
    pendingCount = 0;
    writing = writing.then(() =>
      options.write({ streams }).catch((error: unknown) => {
        dropped += count;
        options.onError?.(error, count);
      }),
    );
    return writing;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? FLUSH_INTERVAL_MS);
  timer.unref();

  return {
    push(program, line) {
      if (line.trim() === '') return;
      if (pendingCount >= MAX_PENDING_LINES) {
        dropped++;
        return;
      }
      let ts = lineTime(line, Date.now());
      // Lines with the same millisecond keep their order: nudge by a nanosecond.
      if (ts <= lastNs && lastNs - ts < NS_PER_MS) ts = lastNs + 1n;
      lastNs = ts;
      let list = pending.get(program);
      if (!list) pending.set(program, (list = []));
      list.push({ tsNs: ts, line });
      pendingCount++;
    },
    dropped: () => dropped,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
