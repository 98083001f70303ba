import { join } from 'node:path';
import type { LogReader, MetricReader, TraceReader } from '../../model/store.js';
import { DB_FILE, openReaderConnection } from './connection.js';
import { SqliteLogReader } from './logs/log-reader.js';
import { SqliteMetricReader } from './metrics/metric-reader.js';
import { SqliteTraceReader } from './traces/span-reader.js';

/** The three readers over one read-only connection, and a way to close it. */
export interface SqliteReaders {
  readonly metrics: MetricReader;
  readonly logs: LogReader;
  readonly traces: TraceReader;
  /** Closes the connection; idempotent. */
  close(): void;
}

/**
 * Opens read-only readers on the database of a running store, for a query worker thread: every
 * sample, line and span whose append was acknowledged is visible, and reads never block ingest
 * (SQLite's WAL mode gives each read a snapshot). The store must have created the data folder.
 *
 * @example
 * ```ts
 * // inside a worker_threads Worker
 * const readers = openSqliteReader(workerData.dataDir);
 * const series = readers.metrics.select([{ name: '__name__', op: '=', value: 'up' }], Date.now() - 300_000, Date.now());
 * ```
 */
export function openSqliteReader(dataDir: string): SqliteReaders {
  const db = openReaderConnection(join(dataDir, DB_FILE));
  return {
    metrics: new SqliteMetricReader(db),
    logs: new SqliteLogReader(db),
    traces: new SqliteTraceReader(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
