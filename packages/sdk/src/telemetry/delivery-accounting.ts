import {
  createNoopMeter,
  type Attributes,
  type Counter,
  type Meter,
  type MeterProvider,
  type ObservableCallback,
  type ObservableResult,
  type ObservableUpDownCounter,
} from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { SdkMetrics, Signal } from '../metrics/sdk-metrics.js';

/** The shape shared by span and log-record exporters. */
export interface BatchExporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** An exporter with its results counted; `forceFlush` always present, as the SDK's interfaces want. */
export type CountedExporter<T> = BatchExporter<T> & { forceFlush(): Promise<void> };

/**
 * Follows one signal's telemetry from the batch processor to the collector, so that every item
 * that does not arrive is counted in `srcobs_sdk_dropped_total{signal}`:
 * - queue overflow, reported by the processor's own self-observability counter
 *   (`otel.sdk.processor.*.processed` with `error.type=queue_full`), via {@link meterProvider};
 * - failed exports (after the exporter's retries and timeout), via {@link wrapExporter};
 * - what is still queued or in flight when shutdown gives up, via {@link abandon}.
 */
export interface DeliveryAccounting {
  /** Give this to the batch processor as `selfObsMeterProvider`. */
  readonly meterProvider: MeterProvider;
  /** The exporter with its results counted. */
  wrapExporter<T>(exporter: BatchExporter<T>): CountedExporter<T>;
  /** Counts everything queued or in flight as dropped and stops counting; returns how many. */
  abandon(): number;
  /** True when the last export failed: the collector is unreachable or refusing, as far as we know. */
  failing(): boolean;
}

const PROCESSED_SUFFIX = '.processed';
const QUEUE_SIZE_SUFFIX = '.queue.size';

/** Builds the accounting for one signal, counting into the SDK's metrics. */
export function createDeliveryAccounting(signal: Signal, metrics: SdkMetrics): DeliveryAccounting {
  let sealed = false;
  let inFlight = 0;
  let lastFailed = false;
  const queueSizeCallbacks = new Set<ObservableCallback>();
  const dropped = (n: number): void => {
    if (!sealed) metrics.countDropped(signal, n);
  };

  const noop = createNoopMeter();
  const meter: Meter = Object.assign(Object.create(noop) as Meter, {
    createCounter(name: string): Counter {
      if (!name.endsWith(PROCESSED_SUFFIX)) return noop.createCounter(name);
      return {
        add(value: number, attributes?: Attributes) {
          // Export failures carry an error.type too, but wrapExporter counts those itself (it also
          // sees successes), so only the processor's queue overflow is counted here.
          if (attributes?.['error.type'] === 'queue_full') dropped(value);
        },
      };
    },
    createObservableUpDownCounter(name: string): ObservableUpDownCounter {
      if (!name.endsWith(QUEUE_SIZE_SUFFIX)) return noop.createObservableUpDownCounter(name);
      return {
        addCallback: (cb: ObservableCallback) => void queueSizeCallbacks.add(cb),
        removeCallback: (cb: ObservableCallback) => void queueSizeCallbacks.delete(cb),
      };
    },
  });

  const queued = (): number => {
    let total = 0;
    const result: ObservableResult = { observe: (value) => void (total += value) };
    for (const cb of queueSizeCallbacks) void cb(result);
    return total;
  };

  return {
    meterProvider: { getMeter: () => meter },
    wrapExporter<T>(exporter: BatchExporter<T>): CountedExporter<T> {
      return {
        export(items, resultCallback) {
          const n = items.length;
          inFlight += n;
          let settled = false;
          const settle = (result: ExportResult): void => {
            if (settled) return;
            settled = true;
            inFlight -= n;
            lastFailed = result.code !== ExportResultCode.SUCCESS;
            if (result.code === ExportResultCode.SUCCESS) {
              if (!sealed) metrics.countExported(signal, n);
            } else {
              dropped(n);
            }
            resultCallback(result);
          };
          try {
            exporter.export(items, settle);
          } catch (error) {
            settle({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
          }
        },
        shutdown: () => exporter.shutdown(),
        forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
      };
    },
    failing: () => lastFailed,
    abandon() {
      if (sealed) return 0;
      const lost = queued() + inFlight;
      dropped(lost);
      sealed = true;
      return lost;
    },
  };
}
