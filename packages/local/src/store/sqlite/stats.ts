import type { StoreStats } from '../../model/store.js';

/** Everything the SQLite store reports about itself: the contract's StoreStats and more, for `/metrics`. */
export interface SqliteStoreStats extends StoreStats {
  /** Size of the database file. */
  readonly databaseBytes: number;
  /** Size of SQLite's write-ahead log file (-wal). */
  readonly walBytes: number;
  /** Bytes in pages that hold data (the database file minus reusable free pages). */
  readonly usedBytes: number;
  readonly ingested: { readonly samples: number; readonly exemplars: number; readonly logLines: number; readonly logBytes: number; readonly spans: number };
  /** Appends refused, by signal and reason. */
  readonly rejected: Readonly<Record<'metrics' | 'logs' | 'traces', Readonly<Record<'overloaded' | 'full' | 'invalid' | 'closed' | 'error', number>>>>;
  readonly commits: number;
  readonly commitSeconds: number;
  readonly head: {
    /** Bytes of appended samples and log lines not yet folded into chunks or blocks. */
    readonly unflushedBytes: number;
    readonly flushes: number;
    readonly flushSeconds: number;
    readonly flushFailures: number;
    readonly chunksWritten: number;
  };
  /** Bytes accepted but not yet committed (what the overload limit counts with unflushedBytes). */
  readonly pendingBytes: number;
  readonly logCompactions: number;
  readonly logCompactionSeconds: number;
  readonly retention: {
    readonly runs: number;
    readonly deleted: { readonly metricChunks: number; readonly exemplars: number; readonly series: number; readonly logBlocks: number; readonly streams: number; readonly spans: number };
  };
}
