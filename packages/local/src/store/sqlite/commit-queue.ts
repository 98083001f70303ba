import type Database from 'better-sqlite3';
import type { LogBatch } from '../../model/logs.js';
import type { MetricBatch } from '../../model/metrics.js';
import type { SpanBatch } from '../../model/spans.js';
import { isDiskFull } from './sqlite-errors.js';

/** The steps every signal's writer takes part in, once per group commit. */
export interface StagedWriter<B> {
  /** Before the transaction: remember what a rollback restores. */
  begin(): void;
  /** Inside the transaction, once per batch. */
  stage(batch: B): void;
  /** Inside the transaction, after every batch: write what was collected. */
  finishStage(): void;
  /** After commit: update memory. */
  committed(): void;
  /** After a failed transaction: forget what stage() assumed. */
  rolledBack(): void;
}

export type Signal = 'metrics' | 'logs' | 'traces';

type Op =
  | { readonly signal: 'metrics'; readonly batch: MetricBatch; readonly bytes: number; resolve(): void; reject(e: unknown): void }
  | { readonly signal: 'logs'; readonly batch: LogBatch; readonly bytes: number; resolve(): void; reject(e: unknown): void }
  | { readonly signal: 'traces'; readonly batch: SpanBatch; readonly bytes: number; resolve(): void; reject(e: unknown): void };

interface Writers {
  readonly metrics: StagedWriter<MetricBatch>;
  readonly logs: StagedWriter<LogBatch>;
  readonly traces: StagedWriter<SpanBatch>;
}

/**
 * Group commit: appends that arrive in the same turn of the event loop are written in one
 * transaction, which costs one WAL commit (and with `synchronous=FULL` one fsync) for all of them.
 * Each append's promise settles only after that commit, so an acknowledgement never precedes
 * durability. If a shared commit fails for a reason other than a full disk, each append is retried
 * alone so that one bad batch cannot fail its neighbours.
 */
export class CommitQueue {
  private queue: Op[] = [];
  private scheduled = false;
  private idle: Array<() => void> = [];
  /** Bytes of batches accepted but not yet committed. */
  pendingBytes = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly writers: Writers,
    private readonly onCommitted: (ops: number, seconds: number) => void,
    private readonly onError: (signal: Signal, err: unknown) => unknown,
  ) {}

  enqueue(signal: 'metrics', batch: MetricBatch, bytes: number): Promise<void>;
  enqueue(signal: 'logs', batch: LogBatch, bytes: number): Promise<void>;
  enqueue(signal: 'traces', batch: SpanBatch, bytes: number): Promise<void>;
  enqueue(signal: Signal, batch: MetricBatch | LogBatch | SpanBatch, bytes: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ signal, batch, bytes, resolve, reject } as Op);
      this.pendingBytes += bytes;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    });
  }

  /** Resolves once every accepted append has settled. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private run(): void {
    const ops = this.queue;
    this.queue = [];
    this.scheduled = false;
    try {
      this.commit(ops);
      for (const op of ops) op.resolve();
    } catch (err) {
      if (ops.length > 1 && !isDiskFull(err)) {
        for (const op of ops) {
          try {
            this.commit([op]);
            op.resolve();
          } catch (e) {
            op.reject(this.onError(op.signal, e));
          }
        }
      } else for (const op of ops) op.reject(this.onError(op.signal, err));
    } finally {
      for (const op of ops) this.pendingBytes -= op.bytes;
      if (this.queue.length === 0) for (const done of this.idle.splice(0)) done();
    }
  }

  private commit(ops: readonly Op[]): void {
    const started = performance.now();
    const all = [this.writers.metrics, this.writers.logs, this.writers.traces] as const;
    for (const w of all) w.begin();
    try {
      this.db.transaction(() => {
        for (const op of ops) {
          if (op.signal === 'metrics') this.writers.metrics.stage(op.batch);
          else if (op.signal === 'logs') this.writers.logs.stage(op.batch);
          else this.writers.traces.stage(op.batch);
        }
        for (const w of all) w.finishStage();
      })();
    } catch (err) {
      for (const w of all) w.rolledBack();
      throw err;
    }
    for (const w of all) w.committed();
    this.onCommitted(ops.length, (performance.now() - started) / 1000);
  }
}
