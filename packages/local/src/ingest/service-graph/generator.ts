import { SERVICE_GRAPH, TRACE_LATENCY_BUCKETS } from '@srcobs/stack';
import type { MetricBatch } from '../../model/metrics.js';
import type { SpanRecord } from '../../model/spans.js';
import { parseGoDuration } from '../../query/logql/syntax/literals.js';
import { EdgeStore } from './edges.js';

/** Options of the local service graph; every field has a default. */
export interface ServiceGraphOptions {
  /**
   * How long a client or server span waits for its other half, in ms. Default 10 s: the SDK's
   * batch processor sends every 5 s, so the two halves of a call between two services arrive up to
   * 5 s apart (Alloy's own default of 2 s assumes an agent on the same node batching both).
   */
  readonly waitMs?: number;
  /** How often the cumulative series are written to the store, in ms. Default 15 s, a scrape interval. */
  readonly flushIntervalMs?: number;
  /** Half edges kept at once; beyond, spans are dropped and counted. Default 10,000. */
  readonly maxItems?: number;
}

/** The running service graph of a local stack. */
export interface ServiceGraphGenerator {
  /** Feeds spans the store has acknowledged. */
  observe(spans: readonly SpanRecord[]): void;
  /** Settles what waited long enough and writes the series now. */
  flush(): Promise<void>;
  /** Stops the clock after a last flush. */
  stop(): Promise<void>;
}

/**
 * Derives the `traces_service_graph_*` metrics from ingested spans, as Alloy's servicegraph
 * connector does on the cluster with the same buckets, so the call-latency dashboard and the
 * unpaired-spans panel show the same things locally. Writes go through `write` (the ingester), so
 * they are counted and refused like any other metrics; a refused write is retried at the next
 * flush, the counters being cumulative.
 *
 * @example
 * ```ts
 * const graph = startServiceGraph((batch) => ingester.writeMetrics(batch, 'service-graph'), {}, console.error);
 * graph.observe(spans);
 * await graph.stop();
 * ```
 */
export function startServiceGraph(write: (batch: MetricBatch) => Promise<void>, options: ServiceGraphOptions, log: (line: string) => void): ServiceGraphGenerator {
  const edges = new EdgeStore({
    names: SERVICE_GRAPH,
    // Alloy's durations are Go's.
    bucketsSeconds: TRACE_LATENCY_BUCKETS.map((d) => parseGoDuration(d) / 1e9),
    waitMs: options.waitMs ?? 10_000,
    maxItems: options.maxItems ?? 10_000,
  });
  let failing = false;
  let flushing: Promise<void> | undefined;
  const flushNow = async (): Promise<void> => {
    const now = Date.now();
    edges.expire(now);
    const batch = edges.collect(now);
    if (batch.series.length === 0) return;
    try {
      await write(batch);
      if (failing) log('srcobs service graph: writing again');
      failing = false;
    } catch (error) {
      // Said once per outage, not every 15 s: the store's own errors say why.
      if (!failing) log(`srcobs service graph: could not write its metrics, will retry: ${error instanceof Error ? error.message : String(error)}`);
      failing = true;
    }
  };
  const flush = (): Promise<void> => (flushing ??= flushNow().finally(() => (flushing = undefined)));
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 15_000);
  timer.unref();
  return {
    observe: (spans) => edges.observe(spans, Date.now()),
    flush,
    async stop() {
      clearInterval(timer);
      await flushing;
      await flushNow();
    },
  };
}
