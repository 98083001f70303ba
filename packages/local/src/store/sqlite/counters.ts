/**
 * What the store counts about itself, for the local stack's own `/metrics` and status page.
 * Plain mutable numbers: the store increments them on its one writer thread.
 */
export class StoreCounters {
  samplesIngested = 0;
  exemplarsIngested = 0;
  logLinesIngested = 0;
  logBytesIngested = 0;
  spansIngested = 0;
  seriesCreated = 0;
  streamsCreated = 0;
  /** Rejected appends by signal and reason. */
  readonly rejected: Record<'metrics' | 'logs' | 'traces', Record<'overloaded' | 'full' | 'invalid' | 'closed' | 'error', number>> = {
    metrics: { overloaded: 0, full: 0, invalid: 0, closed: 0, error: 0 },
    logs: { overloaded: 0, full: 0, invalid: 0, closed: 0, error: 0 },
    traces: { overloaded: 0, full: 0, invalid: 0, closed: 0, error: 0 },
  };
  commits = 0;
  commitSeconds = 0;
  headFlushes = 0;
  headFlushSeconds = 0;
  headFlushFailures = 0;
  chunksWritten = 0;
  logCompactions = 0;
  logCompactionSeconds = 0;
  retentionRuns = 0;
  readonly retentionDeleted = { metricChunks: 0, exemplars: 0, series: 0, logBlocks: 0, streams: 0, spans: 0 };
}
