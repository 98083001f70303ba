import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestObserver } from '../ingest/observer.js';
import type { StoreStats } from '../model/store.js';
import type { QueryRunnerStats } from '../query/runner/runner.js';
import type { Admission } from './admission.js';
import type { Route } from './router.js';
import type { HttpObserver } from './server.js';

/** The stack's own metrics, what feeds them, and the `/metrics` route that serves them. */
export interface SelfMetrics {
  readonly registry: Registry;
  readonly observer: IngestObserver & HttpObserver;
  readonly route: Route;
}

/** What self-metrics read at scrape time. */
export interface SelfMetricsSources {
  /**
   * The store's counters; every numeric field, nested ones too, becomes a gauge
   * `srcobs_store_<path>` (`walBytes` -> `srcobs_store_wal_bytes`, `head.unflushedBytes` ->
   * `srcobs_store_head_unflushed_bytes`), so what a store adds to its stats shows up by itself.
   */
  readonly storeStats: () => StoreStats;
  readonly admission: Admission;
  /** Where unexpected errors are reported (the stack's log). */
  readonly logError?: (message: string, error: unknown) => void;
  /** The query runner's counters (workers, busy, queued, restarts), once it runs. */
  readonly queryRunner?: () => QueryRunnerStats | undefined;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/[^a-zA-Z0-9_]/g, '_');
}

/** Numeric leaves of a stats object as `[path, value]`, path joined with `_` in snake case. */
function numericLeaves(value: unknown, prefix = ''): Array<[string, number]> {
  if (typeof value === 'number') return [[prefix, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => numericLeaves(v, prefix === '' ? snake(k) : `${prefix}_${snake(k)}`));
}

/**
 * Creates the registry behind the local stack's `GET /metrics` (Prometheus text format): items
 * ingested and refused per signal, receiver and reason; requests by route, method and code with
 * their durations; in-flight ingest; scrapes; the store's counters; Node process metrics.
 */
export function createSelfMetrics(sources: SelfMetricsSources): SelfMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'srcobs_' });
  const accepted = new Counter({ name: 'srcobs_ingest_items_total', help: 'Samples, log lines and spans stored, by signal and receiver.', labelNames: ['signal', 'receiver'], registers: [registry] });
  const rejectedItems = new Counter({ name: 'srcobs_ingest_rejected_items_total', help: 'Items refused, by signal, receiver and reason.', labelNames: ['signal', 'receiver', 'reason'], registers: [registry] });
  const rejectedRequests = new Counter({ name: 'srcobs_ingest_rejected_requests_total', help: 'Whole ingest requests refused, by receiver and reason.', labelNames: ['receiver', 'reason'], registers: [registry] });
  const redactions = new Counter({ name: 'srcobs_log_redactions_total', help: 'Secrets replaced in ingested log lines and metadata.', registers: [registry] });
  const requests = new Histogram({
    name: 'srcobs_http_request_duration_seconds',
    help: 'HTTP request durations by route, method and status code.',
    labelNames: ['route', 'method', 'code'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const scrapes = new Counter({ name: 'srcobs_scrapes_total', help: 'Scrapes by job and result.', labelNames: ['job', 'result'], registers: [registry] });
  const scrapeSeconds = new Histogram({ name: 'srcobs_scrape_duration_seconds', help: 'Scrape durations by job.', labelNames: ['job'], buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10], registers: [registry] });
  const scrapeSamples = new Counter({ name: 'srcobs_scrape_samples_total', help: 'Samples scraped, by job.', labelNames: ['job'], registers: [registry] });
  new Gauge({
    name: 'srcobs_ingest_inflight_requests',
    help: 'Ingest requests being read, decoded or written.',
    registers: [registry],
    collect() {
      this.set(sources.admission.inFlight().requests);
    },
  });
  new Gauge({
    name: 'srcobs_ingest_inflight_bytes',
    help: 'Body bytes held by in-flight ingest requests.',
    registers: [registry],
    collect() {
      this.set(sources.admission.inFlight().bytes);
    },
  });
  const runnerGauge = (name: string, help: string, pick: (s: QueryRunnerStats) => number): void =>
    void new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = sources.queryRunner?.();
        if (stats) this.set(pick(stats));
      },
    });
  runnerGauge('srcobs_query_workers', 'Query worker threads.', (s) => s.workers);
  runnerGauge('srcobs_query_workers_busy', 'Query worker threads running a job.', (s) => s.busy);
  runnerGauge('srcobs_query_queued', 'Query jobs waiting for a worker.', (s) => s.queued);
  new Counter({
    name: 'srcobs_query_worker_restarts_total',
    help: 'Query workers terminated and replaced: a job ran past its time limit plus grace (a stuck regex, a stuck read), or the worker died.',
    registers: [registry],
    collect() {
      const stats = sources.queryRunner?.();
      if (!stats) return;
      this.reset();
      this.inc(stats.restarts);
    },
  });
  // stats() is read once per scrape, by the first store gauge (prom-client collects in
  // registration order), and every store gauge reads that snapshot.
  let snapshot = new Map<string, number>();
  new Gauge({
    name: 'srcobs_store_stats_up',
    help: '1 when the store answered stats() at this scrape.',
    registers: [registry],
    collect() {
      try {
        snapshot = new Map(numericLeaves(sources.storeStats()));
        this.set(1);
      } catch {
        snapshot = new Map();
        this.set(0);
      }
    },
  });
  for (const [path] of numericLeaves(sources.storeStats())) {
    new Gauge({
      name: `srcobs_store_${path}`,
      help: `The store's ${path.replace(/_/g, ' ')} (from its stats()).`,
      registers: [registry],
      collect() {
        const v = snapshot.get(path);
        if (v !== undefined) this.set(v);
      },
    });
  }

  const observer: IngestObserver & HttpObserver = {
    accepted: (signal, receiver, items) => accepted.inc({ signal, receiver }, items),
    rejectedItems: (signal, receiver, reason, items) => rejectedItems.inc({ signal, receiver, reason }, items),
    rejectedRequest: (receiver, reason) => rejectedRequests.inc({ receiver, reason }),
    redacted: (count) => redactions.inc(count),
    scraped: (job, _instance, up, seconds, samples) => {
      scrapes.inc({ job, result: up ? 'success' : 'failure' });
      scrapeSeconds.observe({ job }, seconds);
      scrapeSamples.inc({ job }, samples);
    },
    observeRequest: (route, method, status, seconds) => requests.observe({ route, method, code: String(status) }, seconds),
    internalError: (route, error) => sources.logError?.(`internal error on ${route}`, error),
  };

  const route: Route = {
    method: 'GET',
    path: '/metrics',
    name: '/metrics',
    handler: async () => ({ status: 200, headers: { 'content-type': registry.contentType }, body: await registry.metrics() }),
  };
  return { registry, observer, route };
}
