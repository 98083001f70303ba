import { Counter, Histogram, Registry, collectDefaultMetrics, type LabelValues } from 'prom-client';

/** Which telemetry a drop or an export belongs to (the `signal` label). */
export type Signal = 'traces' | 'logs';

/** The labels of one finished HTTP request, as the histogram records them. */
export interface RequestLabels {
  /** The route template (`/items/:id`), never the raw URL, or `unmatched`. */
  readonly route: string;
  readonly method: string;
  readonly status_code: string;
}

/** The SDK's metrics and the registry `/metrics` serves. */
export interface SdkMetrics {
  /** The classic (Prometheus text) registry; register your own metrics here with `registers: [registry]`. */
  readonly registry: Registry;
  /** Records one finished request; `traceId` becomes the bucket's exemplar (OpenMetrics only). */
  observeRequest(labels: RequestLabels, seconds: number, traceId?: string): void;
  /** Counts telemetry that will never reach the collector. */
  countDropped(signal: Signal, count: number): void;
  /** Counts telemetry the collector accepted. */
  countExported(signal: Signal, count: number): void;
}

/** The request histogram's name (OTel's `http.server.request.duration`, in Prometheus spelling). */
export const REQUEST_DURATION_METRIC = 'http_server_request_duration_seconds';
export const DROPPED_METRIC = 'srcobs_sdk_dropped_total';
export const EXPORTED_METRIC = 'srcobs_sdk_exported_total';

// prom-client's defaults, which are also Prometheus client_golang's: they put /fast (ms) and /slow
// (3 s) in different buckets, and stop at 10 s where a request is failing rather than slow.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LABELS = ['route', 'method', 'status_code'] as const;
// prom-client's default set includes gauges named *_total, which Prometheus' lint rejects
// ("non-counter metrics should not have _total suffix"); each is the sum of the per-type gauge of
// the same name without the suffix (sum(nodejs_active_handles) gives it back).
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Builds the registry with default process metrics, the request histogram and the SDK's own counters. */
export function createSdkMetrics(options: { defaultMetrics: boolean }): SdkMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) {
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  }

  // prom-client refuses exemplars on a classic registry at construction, so the histogram is
  // registered by hand: the classic text simply omits them, and the OpenMetrics view shows them.
  const duration = new Histogram({
    name: REQUEST_DURATION_METRIC,
    help: 'Duration of HTTP server requests, from the first byte read to the response finishing.',
    labelNames: LABELS,
    buckets: BUCKETS,
    enableExemplars: true,
    registers: [],
  });
  registry.registerMetric(duration);

  const dropped = new Counter({
    name: DROPPED_METRIC,
    help: 'Spans and log records the SDK could not deliver: export failed after retries, timed out, queue full, or left at shutdown.',
    labelNames: ['signal'],
    registers: [registry],
  });
  const exported = new Counter({
    name: EXPORTED_METRIC,
    help: 'Spans and log records the collector accepted.',
    labelNames: ['signal'],
    registers: [registry],
  });
  // Series that exist from the start: rate() and absent() work before the first drop.
  for (const signal of ['traces', 'logs'] as const) {
    dropped.inc({ signal }, 0);
    exported.inc({ signal }, 0);
  }

  return {
    registry,
    observeRequest(labels, seconds, traceId) {
      const exemplarLabels = traceId ? ({ trace_id: traceId } as unknown as LabelValues<(typeof LABELS)[number]>) : undefined;
      duration.observe({ labels: { ...labels }, value: seconds, ...(exemplarLabels ? { exemplarLabels } : {}) });
    },
    countDropped(signal, count) {
      if (count > 0) dropped.inc({ signal }, count);
    },
    countExported(signal, count) {
      if (count > 0) exported.inc({ signal }, count);
    },
  };
}
