import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { LogBatch } from '../../model/logs.js';
import type { MetricBatch } from '../../model/metrics.js';
import type { SpanBatch } from '../../model/spans.js';
import type { LogReader, MetricReader, Store, TraceReader } from '../../model/store.js';
import { InvalidBatchError, StoreClosedError, StoreFullError, StoreOverloadedError } from '../../model/errors.js';
import { validateLogBatch, validateMetricBatch, validateSpanBatch } from '../validate.js';
import { CommitQueue, type Signal } from './commit-queue.js';
import { DB_FILE, openWriter, setHardLimit } from './connection.js';
import { StoreCounters } from './counters.js';
import { lockDataDir } from './lock.js';
import { LogCompactor } from './logs/log-compactor.js';
import { LogWriter } from './logs/log-writer.js';
import { MetricWriter } from './metrics/metric-writer.js';
import { applyDefaults, type ResolvedStoreOptions, type SqliteStoreOptions } from './options.js';
import { Retention, type RetentionReport } from './retention.js';
import { ensureSchema } from './schema.js';
import { mapWriteError } from './sqlite-errors.js';
import { openSqliteReader, type SqliteReaders } from './sqlite-reader.js';
import type { SqliteStoreStats } from './stats.js';
import { SpanWriter } from './traces/span-writer.js';

/** Time a compaction or flush step may hold the event loop before it yields to ingest. */
const BACKGROUND_SLICE_MS = 50;
/** Unflushed head bytes that trigger a flush right after a commit. */
const EARLY_FLUSH_BYTES = 16 * 1024 * 1024;

/** The SQLite store: the contract plus what the local stack needs to run it. */
export interface SqliteStore extends Store {
  /** The data folder. */
  readonly dataDir: string;
  stats(): SqliteStoreStats;
  /** Writes the head's open chunks and compacts log blocks now (the timers do this in the background). */
  flush(): void;
  /** Runs one retention pass now and reports what it deleted (the timer does this in the background). */
  runRetention(): Promise<RetentionReport>;
  /** Changes the hard size limit (undefined: unlimited), as when an operator frees or adds disk space. */
  setHardLimitBytes(bytes: number | undefined): void;
}

function metricBytes(b: MetricBatch): number {
  let n = 0;
  for (const s of b.series) {
    n += 64 + s.samples.length * 16 + (s.exemplars?.length ?? 0) * 64;
    for (const k in s.labels) n += k.length + s.labels[k]!.length;
  }
  return n;
}

function logBytes(b: LogBatch): number {
  let n = 0;
  for (const s of b.streams) for (const e of s.entries) n += e.line.length + 32;
  return n;
}

class SqliteStoreImpl implements SqliteStore {
  readonly metrics: MetricReader;
  readonly logs: LogReader;
  readonly traces: TraceReader;
  private readonly counters = new StoreCounters();
  private readonly metricWriter: MetricWriter;
  private readonly logWriter: LogWriter;
  private readonly spanWriter: SpanWriter;
  private readonly compactor: LogCompactor;
  private readonly queue: CommitQueue;
  private readonly retention: Retention;
  private readonly readers: SqliteReaders;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  private closing: Promise<void> | undefined;
  private flushFailing = false;

  constructor(
    private readonly db: Database.Database,
    private readonly o: ResolvedStoreOptions,
    private readonly release: () => void,
  ) {
    this.metricWriter = new MetricWriter(db, this.counters);
    this.logWriter = new LogWriter(db, this.counters, o.now);
    this.spanWriter = new SpanWriter(db, this.counters);
    this.metricWriter.load();
    this.logWriter.load();
    this.spanWriter.load();
    this.compactor = new LogCompactor(db, this.logWriter, this.counters, o.logCompressionLevel, o.now);
    this.queue = new CommitQueue(
      db,
      { metrics: this.metricWriter, logs: this.logWriter, traces: this.spanWriter },
      (_ops, seconds) => {
        this.counters.commits++;
        this.counters.commitSeconds += seconds;
        if (this.metricWriter.unflushedBytes > EARLY_FLUSH_BYTES || this.logWriter.unflushedBytes > EARLY_FLUSH_BYTES) setImmediate(() => this.flushHead());
      },
      (signal, err) => this.rejected(signal, mapWriteError(err, o.dataDir)),
    );
    this.retention = new Retention(db, { metrics: this.metricWriter, logs: this.logWriter, traces: this.spanWriter }, o, this.counters);
    this.readers = openSqliteReader(o.dataDir);
    this.metrics = this.readers.metrics;
    this.logs = this.readers.logs;
    this.traces = this.readers.traces;
    this.every(o.flushIntervalMs, () => this.flushHead());
    this.every(o.compactIntervalMs, () => this.compact());
    this.every(o.retention.intervalMs, () => void this.runRetention().catch((err: unknown) => o.logger.error('retention failed', { error: String(err) })));
  }

  get dataDir(): string {
    return this.o.dataDir;
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private rejected(signal: Signal, err: unknown): unknown {
    const r = this.counters.rejected[signal];
    if (err instanceof StoreFullError) r.full++;
    else if (err instanceof StoreOverloadedError) r.overloaded++;
    else if (err instanceof InvalidBatchError) r.invalid++;
    else if (err instanceof StoreClosedError) r.closed++;
    else r.error++;
    return err;
  }

  /** Refuses an append before queueing it: closed, invalid or over the in-flight bound. */
  private admit(signal: Signal, validate: () => void, bytes: number): void {
    if (this.closed) throw this.rejected(signal, new StoreClosedError());
    try {
      validate();
    } catch (err) {
      throw this.rejected(signal, err);
    }
    const inFlight = this.unflushedBytes();
    if (inFlight > 0 && inFlight + bytes > this.o.maxPendingBytes) {
      throw this.rejected(
        signal,
        new StoreOverloadedError(
          `the store has ${Math.round(inFlight / 1048576)} MiB of writes in flight (limit ${Math.round(this.o.maxPendingBytes / 1048576)} MiB): retry after a second, or send smaller batches`,
          1,
        ),
      );
    }
  }

  async appendMetrics(batch: MetricBatch): Promise<void> {
    const bytes = metricBytes(batch);
    this.admit('metrics', () => validateMetricBatch(batch), bytes);
    return this.queue.enqueue('metrics', batch, bytes);
  }

  async appendLogs(batch: LogBatch): Promise<void> {
    const bytes = logBytes(batch);
    this.admit('logs', () => validateLogBatch(batch), bytes);
    return this.queue.enqueue('logs', batch, bytes);
  }

  async appendSpans(batch: SpanBatch): Promise<void> {
    const bytes = batch.spans.length * 512;
    this.admit('traces', () => validateSpanBatch(batch), bytes);
    return this.queue.enqueue('traces', batch, bytes);
  }

  /** Bytes accepted and not yet in chunks or blocks: what the overload bound limits. */
  private unflushedBytes(): number {
    return this.queue.pendingBytes + this.metricWriter.unflushedBytes + this.logWriter.unflushedBytes;
  }

  private flushHead(): void {
    if (!this.db.open || (!this.metricWriter.needsFlush && !this.logWriter.needsFlush)) return;
    const started = performance.now();
    try {
      this.metricWriter.flush();
      this.logWriter.flush();
      this.counters.headFlushes++;
      this.counters.headFlushSeconds += (performance.now() - started) / 1000;
      if (this.flushFailing) this.o.logger.info('head flush works again');
      this.flushFailing = false;
    } catch (err) {
      this.counters.headFlushFailures++;
      // Nothing is lost: samples and lines stay in the write-ahead rows and the head, and the next flush retries.
      if (!this.flushFailing) this.o.logger.warn('head flush failed; retrying on the next tick', { error: String(mapWriteError(err, this.o.dataDir)) });
      this.flushFailing = true;
    }
  }

  private compact(): void {
    if (this.closed) return;
    try {
      if (this.compactor.run(Date.now() + BACKGROUND_SLICE_MS) && !this.closed) setImmediate(() => this.compact());
    } catch (err) {
      this.o.logger.warn('log compaction failed; retrying on the next tick', { error: String(mapWriteError(err, this.o.dataDir)) });
    }
  }

  flush(): void {
    this.flushHead();
    try {
      this.compactor.run(Number.POSITIVE_INFINITY);
    } catch (err) {
      this.o.logger.warn('log compaction failed', { error: String(mapWriteError(err, this.o.dataDir)) });
    }
  }

  runRetention(): Promise<RetentionReport> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return this.retention.run();
  }

  setHardLimitBytes(bytes: number | undefined): void {
    setHardLimit(this.db, bytes ?? Number.MAX_SAFE_INTEGER);
  }

  stats(): SqliteStoreStats {
    const size = (file: string): number => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    const base = join(this.o.dataDir, DB_FILE);
    const databaseBytes = size(base);
    const walBytes = size(`${base}-wal`);
    const c = this.counters;
    return {
      series: this.metricWriter.seriesCount,
      streams: this.logWriter.streamCount,
      spans: this.spanWriter.spanCount,
      bytesOnDisk: databaseBytes + walBytes + size(`${base}-shm`),
      databaseBytes,
      walBytes,
      usedBytes: this.closed ? 0 : this.retention.usedBytes(),
      ingested: { samples: c.samplesIngested, exemplars: c.exemplarsIngested, logLines: c.logLinesIngested, logBytes: c.logBytesIngested, spans: c.spansIngested },
      rejected: c.rejected,
      commits: c.commits,
      commitSeconds: c.commitSeconds,
      head: {
        unflushedBytes: this.metricWriter.unflushedBytes + this.logWriter.unflushedBytes,
        flushes: c.headFlushes,
        flushSeconds: c.headFlushSeconds,
        flushFailures: c.headFlushFailures,
        chunksWritten: c.chunksWritten,
      },
      pendingBytes: this.queue.pendingBytes,
      logCompactions: c.logCompactions,
      logCompactionSeconds: c.logCompactionSeconds,
      retention: { runs: c.retentionRuns, deleted: { ...c.retentionDeleted } },
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.retention.stop();
    await this.queue.drain();
    this.flushHead();
    this.readers.close();
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A checkpoint is an optimisation: the WAL is replayed by SQLite at the next open anyway.
    }
    this.db.close();
    this.release();
  }
}

/**
 * Opens (or creates) the durable store in `options.dataDir`: SQLite in WAL mode, metrics in
 * Gorilla chunks behind an in-memory head, logs in compressed chunks per stream, spans in indexed
 * rows. Every `append*` resolves once its batch is committed, which survives `kill -9` of the
 * process (and power loss with `synchronous: 'full'`). A restart replays what the head had not
 * flushed; no repair step exists or is needed.
 *
 * @example
 * ```ts
 * const store = await createSqliteStore({ dataDir: '.srcobs/data' });
 * await store.appendMetrics({ series: [{ labels: { __name__: 'up', job: 'api' }, samples: [{ t: Date.now(), v: 1 }] }] });
 * store.metrics.select([{ name: 'job', op: '=', value: 'api' }], Date.now() - 60_000, Date.now());
 * await store.close();
 * ```
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const o = applyDefaults(options);
  mkdirSync(o.dataDir, { recursive: true });
  const release = lockDataDir(o.dataDir);
  let db: Database.Database | undefined;
  try {
    const file = join(o.dataDir, DB_FILE);
    db = openWriter(file, o.synchronous, o.hardLimitBytes);
    ensureSchema(db, file);
    return new SqliteStoreImpl(db, o, release);
  } catch (err) {
    db?.close();
    release();
    throw err;
  }
}
