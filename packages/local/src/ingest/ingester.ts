import type { LogSource } from '@srcobs/ola';
import { SrcobsError } from '@srcobs/ola';
import { PayloadTooLargeError, TooManyRequestsError } from '../http/errors.js';
import type { LogBatch } from '../model/logs.js';
import type { MetricBatch } from '../model/metrics.js';
import type { SpanBatch, SpanRecord } from '../model/spans.js';
import type { Store } from '../model/store.js';
import type { IngestLimits } from './limits.js';
import { createLogPipeline, type LogPipeline } from './log-pipeline.js';
import type { IngestObserver, Signal } from './observer.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';

/** The write side every receiver shares: pipeline, rate limit, store, and counting. */
export interface Ingester {
  readonly limits: IngestLimits;
  readonly observer: IngestObserver;
  /** Stores samples; resolves once they are safe. */
  writeMetrics(batch: MetricBatch, receiver: string): Promise<void>;
  /** Runs the log pipeline, applies the ingestion rate, stores; resolves once safe. */
  writeLogs(batch: LogBatch, source: LogSource, receiver: string): Promise<void>;
  /** Stores spans; resolves once safe. */
  writeSpans(batch: SpanBatch, receiver: string): Promise<void>;
}

function countSamples(batch: MetricBatch): number {
  let n = 0;
  for (const s of batch.series) n += s.samples.length;
  return n;
}

function countLines(batch: LogBatch): number {
  let n = 0;
  for (const s of batch.streams) n += s.entries.length;
  return n;
}

/** Bytes a log batch costs against the rate: lines plus structured metadata, as Loki counts. */
export function logBatchBytes(batch: LogBatch): number {
  let bytes = 0;
  for (const s of batch.streams)
    for (const e of s.entries) {
      bytes += e.line.length;
      if (e.metadata) for (const k in e.metadata) bytes += k.length + e.metadata[k]!.length;
    }
  return bytes;
}

/** Optional consumers of what the store acknowledged. */
export interface IngesterHooks {
  /** Spans once they are stored (the service graph derives its metrics from them); must not throw. */
  readonly onSpansStored?: (spans: readonly SpanRecord[]) => void;
}

class StoreIngester implements Ingester {
  private readonly pipeline: LogPipeline;
  private readonly logRate: RateLimiter;

  constructor(
    private readonly store: Store,
    readonly limits: IngestLimits,
    readonly observer: IngestObserver,
    private readonly hooks: IngesterHooks,
  ) {
    this.pipeline = createLogPipeline();
    this.logRate = createRateLimiter(limits.logRateBytesPerSecond, limits.logBurstBytes);
  }

  async writeMetrics(batch: MetricBatch, receiver: string): Promise<void> {
    const n = countSamples(batch);
    if (n === 0 && batch.series.length === 0 && !batch.metadata?.length) return;
    await this.append('metrics', receiver, n, () => this.store.appendMetrics(batch));
  }

  async writeLogs(batch: LogBatch, source: LogSource, receiver: string): Promise<void> {
    const n = countLines(batch);
    if (n === 0) return;
    const bytes = logBatchBytes(batch);
    const wait = this.logRate.take(bytes);
    if (wait === Infinity) {
      // Retrying cannot help a batch larger than the whole burst: 413, which clients do not retry.
      this.observer.rejectedItems('logs', receiver, 'larger_than_burst', n);
      throw new PayloadTooLargeError(this.limits.logBurstBytes, `a log batch of ${bytes} bytes is larger than the ingestion burst of ${this.limits.logBurstBytes} bytes: send smaller batches (or raise limits.logBurstBytes)`);
    }
    if (wait > 0) {
      this.observer.rejectedItems('logs', receiver, 'rate_limited', n);
      throw new TooManyRequestsError(
        `log ingestion rate limit exceeded (${this.limits.logRateBytesPerSecond} bytes/s, burst ${this.limits.logBurstBytes}): retry in ${Math.ceil(wait)} s or raise limits.logRateBytesPerSecond`,
        wait,
      );
    }
    const processed = this.pipeline.process(batch, source);
    if (processed.redactions > 0) this.observer.redacted(processed.redactions);
    await this.append('logs', receiver, n, () => this.store.appendLogs(processed.batch));
  }

  async writeSpans(batch: SpanBatch, receiver: string): Promise<void> {
    if (batch.spans.length === 0) return;
    await this.append('traces', receiver, batch.spans.length, () => this.store.appendSpans(batch));
    this.hooks.onSpansStored?.(batch.spans);
  }

  private async append(signal: Signal, receiver: string, items: number, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.observer.rejectedItems(signal, receiver, error instanceof SrcobsError ? error.code : 'internal', items);
      throw error;
    }
    this.observer.accepted(signal, receiver, items);
  }
}

/**
 * Creates the shared write side over a store.
 *
 * @example
 * ```ts
 * const ingester = createIngester(store, limits, observer);
 * await ingester.writeLogs({ streams: [{ labels: { service_name: 'api' }, entries }] }, 'push', 'loki');
 * ```
 */
export function createIngester(store: Store, limits: IngestLimits, observer: IngestObserver, hooks: IngesterHooks = {}): Ingester {
  return new StoreIngester(store, limits, observer, hooks);
}
