import { QueryLimitError, QueryTimeoutError } from '../../../model/errors.js';
import type { EntryFilter } from '../../../model/store.js';
import type { LiteralFilter } from './line-filter.js';
import { LogQLLimitError, LogQLTimeoutError } from './errors.js';

/** How often (in lines) long loops look at the clock. */
const DEADLINE_CHECK_EVERY = 2048;

/** Counters Loki reports in a response's `stats` (the summary fields Grafana reads). */
export interface QueryStats {
  /** Lines read from the store (Loki's `decompressedLines`). */
  linesProcessed: number;
  /** Bytes of those lines plus their structured metadata. */
  bytesProcessed: number;
  structuredMetadataBytes: number;
  /** Lines that passed the whole pipeline. */
  postFilterLines: number;
  entriesReturned: number;
  /** Streams the selectors matched. */
  streams: number;
}

export function emptyStats(): QueryStats {
  return { linesProcessed: 0, bytesProcessed: 0, structuredMetadataBytes: 0, postFilterLines: 0, entriesReturned: 0, streams: 0 };
}

/** One query's limits, deadline and counters. */
export class QueryContext {
  readonly stats: QueryStats = emptyStats();
  private ticks = 0;

  constructor(
    readonly query: string,
    /** `Date.now()` after which the query fails with LogQLTimeoutError. */
    readonly deadline: number,
    /** Most bytes a query may read (0: unlimited), Loki's `max_query_bytes_read`. */
    readonly maxBytesRead: number,
    readonly signal?: AbortSignal,
  ) {}

  /** Counts one line read from the store and enforces the deadline and the bytes limit. */
  countLine(bytes: number, metadataBytes: number): void {
    const s = this.stats;
    s.linesProcessed++;
    s.bytesProcessed += bytes + metadataBytes;
    s.structuredMetadataBytes += metadataBytes;
    if (++this.ticks % DEADLINE_CHECK_EVERY === 0) this.check();
  }

  /** Counts lines the store left out unread (an {@link EntryFilter} hint) as processed, then checks limits. */
  countSkipped(lines: number, lineBytes: number, metadataBytes: number): void {
    const s = this.stats;
    s.linesProcessed += lines;
    s.bytesProcessed += lineBytes + metadataBytes;
    s.structuredMetadataBytes += metadataBytes;
    this.check();
  }

  /** The store hint for a pipeline whose first stage is `|= "a" or "b"`: lines with none of the strings can stay unread. */
  entryFilter(literals: readonly LiteralFilter[]): EntryFilter | undefined {
    const first = literals[0];
    if (first?.op !== '|=' || first.needles.length === 0) return undefined;
    return { lineContainsAny: first.needles, onSkipped: (lines, lineBytes, metadataBytes) => this.countSkipped(lines, lineBytes, metadataBytes) };
  }

  /** Throws when past the deadline, cancelled, or over the bytes limit. */
  check(): void {
    if (this.signal?.aborted) throw new LogQLTimeoutError('the request was cancelled by the client');
    if (Date.now() > this.deadline) throw new LogQLTimeoutError();
    if (this.maxBytesRead > 0 && this.stats.bytesProcessed > this.maxBytesRead) {
      throw new LogQLLimitError('bytes', `the query would read too many bytes (query: ${humanBytes(this.stats.bytesProcessed)}, limit: ${humanBytes(this.maxBytesRead)}); consider adding more specific stream selectors or reduce the time range of the query`);
    }
  }

  /** Runs a store read, turning the store's own limit and timeout errors into Loki's. */
  read<T>(f: () => T): T {
    try {
      return f();
    } catch (error) {
      if (error instanceof QueryTimeoutError) throw new LogQLTimeoutError(undefined, { cause: error });
      if (error instanceof QueryLimitError) throw new LogQLLimitError(error.limit === 'series' ? 'series' : 'bytes', error.message, { cause: error });
      throw error;
    }
  }
}

/** go-humanize's `Bytes` (`1.2 MB`), which Loki uses in limit messages. */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const v = n / 1000 ** e;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[e]}`;
}
