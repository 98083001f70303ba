import type { Labels } from './labels.js';

/** One log line. Timestamps are nanoseconds since the epoch, always as bigint. */
export interface LogEntry {
  readonly tsNs: bigint;
  readonly line: string;
  /** Loki structured metadata (OTLP log attributes land here). */
  readonly metadata?: Labels;
}

/** One stream in a write: its label set and its entries, in any order. */
export interface LogStreamInput {
  readonly labels: Labels;
  readonly entries: readonly LogEntry[];
}

/** What a receiver hands the store: streams already classified (`ola_category`) and redacted. */
export interface LogBatch {
  readonly streams: readonly LogStreamInput[];
}

/** A stream as a reader knows it. */
export interface StreamRef {
  readonly id: number;
  readonly labels: Labels;
}

/** Which way a log query reads: Loki's `direction`. */
export type Direction = 'forward' | 'backward';
