import { resolve } from 'node:path';
import { createAdmission, type AdmissionLimits } from './http/admission.js';
import { generateToken, isLoopbackHost } from './http/auth.js';
import { consoleRoutes, type ConsoleAssets } from './http/console-static.js';
import { healthRoutes } from './http/health.js';
import { LOCAL_STACK_VERSION, statusRoute, type StackStatus } from './http/status.js';
import { createRouter, type Route } from './http/router.js';
import { startPrometheusService, type PrometheusService, type PrometheusServiceOptions } from './http/routes/prometheus-service.js';
import { lokiJobModule, startLokiService, type LokiService, type LokiServiceOptions } from './http/routes/loki-service.js';
import { createTempoApiRoutes } from './http/routes/tempo-api.js';
import type { TraceQLLimits } from './query/traceql/eval/engine.js';
import { TRACEQL_JOB_MODULE } from './query/traceql/jobs.js';
import { createSelfMetrics } from './http/self-metrics.js';
import { startHttpServer, type RunningHttpServer } from './http/server.js';
import { createIngester } from './ingest/ingester.js';
import { startServiceGraph, type ServiceGraphGenerator, type ServiceGraphOptions } from './ingest/service-graph/generator.js';
import type { IngestLimits } from './ingest/limits.js';
import { lokiPushRoutes } from './ingest/loki/push-routes.js';
import { startOtlpGrpcServer, type RunningGrpcServer } from './ingest/otlp/grpc-server.js';
import { otlpHttpRoutes } from './ingest/otlp/http-routes.js';
import { protoTypes } from './ingest/proto.js';
import { remoteWriteRoutes } from './ingest/remote-write/routes.js';
import { createScrapeManager, type ScrapeManager } from './ingest/scrape/scrape-manager.js';
import type { ScrapeResult, ScrapeTarget } from './ingest/scrape/scrape-loop.js';
import type { LogSource } from '@srcobs/ola';
import type { Labels } from './model/labels.js';
import type { LogBatch } from './model/logs.js';
import type { Store } from './model/store.js';
import type { RetentionOptions } from './store/sqlite/options.js';
import { createSqliteStore } from './store/sqlite/sqlite-store.js';

/** All limits of the stack: what receivers accept and how much ingest may be in flight. */
export type StackLimits = IngestLimits & AdmissionLimits;

/** One scrape target as a user writes it. */
export interface ScrapeTargetOptions {
  /** The `job` label. */
  readonly job: string;
  /** The metrics endpoint, e.g. `http://127.0.0.1:3000/metrics`. */
  readonly url: string;
  /** Default: `scrape.intervalMs`. */
  readonly intervalMs?: number;
  /** Default: `scrape.timeoutMs` (never more than the interval). */
  readonly timeoutMs?: number;
  /** Extra target labels. */
  readonly labels?: Labels;
}

/** Options of {@link startLocalStack}; every field has a default (see {@link applyDefaults}). */
export interface LocalStackOptions {
  /** The data folder. Default: `$SRCOBS_DATA_DIR`, else `./.srcobs/data`. */
  readonly dataDir?: string;
  /** The address every server binds. Default `127.0.0.1`; anything else requires a token. */
  readonly host?: string;
  /** Ports: `http` (3300: every API), `otlpHttp` (4318), `otlpGrpc` (4317). 0 picks a free port, false turns the server off. */
  readonly ports?: { readonly http?: number | false; readonly otlpHttp?: number | false; readonly otlpGrpc?: number | false };
  /** The token requests need when bound to a non-loopback address. Default: `$SRCOBS_TOKEN`, else generated and printed once. */
  readonly token?: string;
  /** Receiver limits; unset fields keep their defaults. */
  readonly limits?: Partial<StackLimits>;
  /** Scrape targets and their default interval/timeout. Default: the playground's test-app and trace-app. */
  readonly scrape?: { readonly targets?: readonly ScrapeTargetOptions[]; readonly intervalMs?: number; readonly timeoutMs?: number };
  /** Retention by age (per signal, per OLA category for logs) and size, handed to the store; the store's defaults otherwise. */
  readonly retention?: RetentionOptions;
  /** A store to use instead of the SQLite store in `dataDir` (tests). The stack does not close a store it was given. */
  readonly store?: Store;
  /** More routes for port 3300 (the query APIs), built once the store is open. */
  readonly routes?: (store: Store) => readonly Route[];
  /** The Prometheus query API (`/api/v1/query`...), its worker threads and rule evaluation; false leaves them out. Default on. */
  readonly prometheus?: false | PrometheusServiceOptions;
  /** The Tempo query API (`/api/traces/<id>`, `/api/search`...) and its TraceQL limits; its jobs run on the Prometheus side's query runner, so it is off when that is. false leaves it out. Default on. */
  readonly tempo?: false | { readonly limits?: Partial<TraceQLLimits> };
  /** The Loki query API (`/loki/api/v1/query_range`, `/tail`...), its LogQL limits and Loki rule files; its jobs run on the Prometheus side's query runner, so it is off when that is. false leaves it out. Default on. */
  readonly loki?: false | LokiServiceOptions;
  /**
   * The service graph derived from ingested spans (`traces_service_graph_*`, as Alloy's servicegraph
   * connector writes them on the cluster), for the call-latency dashboard; false leaves it out. Default on.
   */
  readonly serviceGraph?: false | ServiceGraphOptions;
  /** Where the stack writes its own log lines. Default: stderr. */
  readonly log?: (line: string) => void;
  /** The web console served at `/` on the http port: the built `@srcobs/console` by default; false leaves it out. */
  readonly console?: false | ConsoleAssets;
}

/**
 * The built console of `@srcobs/console`, found at run time. There is no compile-time reference:
 * the console's own end-to-end tests start this stack, so a reference would be a cycle.
 */
async function installedConsole(): Promise<ConsoleAssets> {
  const name = '@srcobs/console';
  try {
    const mod = (await import(name)) as { consoleAssetsDir?: unknown; CONSOLE_CLIENT_ROUTE?: unknown };
    if (typeof mod.consoleAssetsDir === 'string' && mod.CONSOLE_CLIENT_ROUTE instanceof RegExp) return { dir: mod.consoleAssetsDir, clientRoute: mod.CONSOLE_CLIENT_ROUTE };
    return { dir: undefined, clientRoute: /^\/$/, missing: `${name} does not export consoleAssetsDir and CONSOLE_CLIENT_ROUTE` };
  } catch (error) {
    // Not built yet: `/` says how to build it; the APIs work without it.
    return { dir: undefined, clientRoute: /^\/$/, missing: error instanceof Error ? error.message : String(error) };
  }
}

/** {@link LocalStackOptions} with every default filled in. */
export interface ResolvedLocalStackOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly ports: { readonly http: number | false; readonly otlpHttp: number | false; readonly otlpGrpc: number | false };
  readonly token: string | undefined;
  readonly tokenGenerated: boolean;
  readonly limits: StackLimits;
  readonly scrapeTargets: readonly ScrapeTarget[];
  readonly retention: RetentionOptions;
  readonly log: (line: string) => void;
}

const MIB = 1024 * 1024;

/** The defaults, in one place. Loki's defaults where the limit is Loki's. */
export const DEFAULT_LIMITS: StackLimits = {
  maxBodyBytes: 64 * MIB,
  maxAgeMs: 7 * 24 * 3_600_000,
  maxFutureMs: 10 * 60_000,
  maxLineBytes: 256 * 1024,
  maxLabelNamesPerStream: 15,
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
  logRateBytesPerSecond: 16 * MIB,
  logBurstBytes: 32 * MIB,
  maxInFlightRequests: 64,
  maxInFlightBytes: 256 * MIB,
};

/** Fills every default of the local stack's options. */
export function applyDefaults(options: LocalStackOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedLocalStackOptions {
  const host = options.host ?? '127.0.0.1';
  const wantsToken = !isLoopbackHost(host);
  const given = options.token ?? env['SRCOBS_TOKEN'];
  const token = wantsToken ? (given ?? generateToken()) : given;
  const intervalMs = options.scrape?.intervalMs ?? 15_000;
  const timeoutMs = options.scrape?.timeoutMs ?? 10_000;
  const limits: StackLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const targets = options.scrape?.targets ?? [
    { job: 'test-app', url: 'http://127.0.0.1:3000/metrics' },
    { job: 'trace-app', url: 'http://127.0.0.1:8000/metrics' },
  ];
  return {
    dataDir: resolve(options.dataDir ?? env['SRCOBS_DATA_DIR'] ?? './.srcobs/data'),
    host,
    ports: { http: options.ports?.http ?? 3300, otlpHttp: options.ports?.otlpHttp ?? 4318, otlpGrpc: options.ports?.otlpGrpc ?? 4317 },
    token,
    tokenGenerated: wantsToken && given === undefined,
    limits,
    scrapeTargets: targets.map((t) => {
      const interval = t.intervalMs ?? intervalMs;
      return { job: t.job, url: t.url, intervalMs: interval, timeoutMs: Math.min(t.timeoutMs ?? timeoutMs, interval), maxBodyBytes: limits.maxBodyBytes, ...(t.labels ? { labels: t.labels } : {}) };
    }),
    retention: options.retention ?? {},
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}

/** A running local stack. */
export interface LocalStack {
  /** Base URLs: `http` serves every API (3300); `otlpHttp` (4318); `otlpGrpc` as `host:port` for gRPC exporters. */
  readonly urls: { readonly http?: string; readonly otlpHttp?: string; readonly otlpGrpc?: string };
  readonly store: Store;
  /** The token requests need, when bound to a non-loopback address. */
  readonly token: string | undefined;
  readonly options: ResolvedLocalStackOptions;
  /**
   * Writes log lines read in-process (the playground's stdout, as Alloy tails pod logs on
   * Kubernetes) through the same pipeline as pushed lines: redaction, OLA classification, the
   * ingestion rate, the store. Resolves once they are safe.
   */
  ingestLogs(batch: LogBatch, source: LogSource): Promise<void>;
  /** Last scrape of each target. */
  scrapeStatus(): Array<{ readonly job: string; readonly url: string; readonly last: ScrapeResult | undefined }>;
  /** Stops scraping (marking scraped series stale), closes every server, then the store; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the local stack: the store, the receivers (OTLP/HTTP on 4318 and 3300, OTLP/gRPC on
 * 4317, Loki push, remote write, the scrape loop), the Prometheus and Tempo query APIs (jobs on
 * query worker threads), `/metrics`, `/healthz`, `/ready` and any routes given, all bound to
 * 127.0.0.1 unless told otherwise.
 *
 * @example
 * ```ts
 * const stack = await startLocalStack({ ports: { http: 0, otlpHttp: 0, otlpGrpc: 0 }, scrape: { targets: [] } });
 * console.log(stack.urls.http);
 * await stack.stop();
 * ```
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const o = applyDefaults(options);
  protoTypes(); // load the protos before the first request, not during it
  const store =
    options.store ??
    (await createSqliteStore({
      dataDir: o.dataDir,
      retention: o.retention,
      logger: {
        info: (m, f) => o.log(`srcobs store: ${m}${f ? ` ${JSON.stringify(f)}` : ''}`),
        warn: (m, f) => o.log(`srcobs store warning: ${m}${f ? ` ${JSON.stringify(f)}` : ''}`),
        error: (m, f) => o.log(`srcobs store error: ${m}${f ? ` ${JSON.stringify(f)}` : ''}`),
      },
    }));
  const ownsStore = options.store === undefined;
  let ready = false;
  const admission = createAdmission(o.limits);
  const self = createSelfMetrics({
    storeStats: () => store.stats(),
    admission,
    logError: (msg, e) => o.log(`${msg}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    queryRunner: () => prometheus?.runner.stats(),
  });
  let serviceGraph: ServiceGraphGenerator | undefined;
  const ingester = createIngester(store, o.limits, self.observer, {
    onSpansStored: (spans) => {
      try {
        serviceGraph?.observe(spans);
      } catch (error) {
        // What is derived from spans must never fail the write that stored them.
        o.log(`srcobs service graph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    },
  });
  if (options.serviceGraph !== false) serviceGraph = startServiceGraph((batch) => ingester.writeMetrics(batch, 'service-graph'), options.serviceGraph ?? {}, o.log);
  const servers: Array<RunningHttpServer | RunningGrpcServer> = [];
  let scraper: ScrapeManager | undefined;
  const urls: { http?: string; otlpHttp?: string; otlpGrpc?: string } = {};
  const serverOptions = { host: o.host, admission, maxBodyBytes: o.limits.maxBodyBytes, observer: self.observer, ...(o.token !== undefined ? { token: o.token } : {}) };

  const startedAt = new Date();
  const status = (): StackStatus => ({
    version: LOCAL_STACK_VERSION,
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    urls,
    store: store.stats(),
    scrape: (scraper?.status() ?? []).map((s) => ({
      job: s.target.job,
      url: s.target.url,
      up: s.last ? s.last.up : null,
      ...(s.last?.error ? { error: s.last.error } : {}),
      ...(s.last ? { samples: s.last.samples, durationSeconds: s.last.durationSeconds } : {}),
    })),
    retention: o.retention,
  });
  let prometheus: PrometheusService | undefined;
  let loki: LokiService | undefined;
  const stop = async (): Promise<void> => {
    ready = false;
    await scraper?.stop();
    await serviceGraph?.stop();
    // Live tails are upgraded connections the HTTP server no longer tracks: end them first.
    await loki?.stop();
    await Promise.all(servers.map((s) => s.close()));
    await prometheus?.stop();
    if (ownsStore) await store.close();
  };
  try {
    if (o.ports.http !== false) {
      const tempo = options.tempo === false ? undefined : { limits: options.tempo?.limits ?? {} };
      const prometheusOptions = options.prometheus === false ? undefined : options.prometheus ?? {};
      const lokiOptions = options.loki === false ? undefined : options.loki ?? {};
      const jobModules = [...(prometheusOptions?.extraJobModules ?? []), ...(tempo ? [{ url: TRACEQL_JOB_MODULE, options: { ...tempo.limits } }] : []), ...(lokiOptions ? [lokiJobModule(lokiOptions)] : [])];
      if (prometheusOptions) prometheus = await startPrometheusService(store, { ...prometheusOptions, extraJobModules: jobModules }, o.log);
      const tempoRoutes = prometheus && tempo ? createTempoApiRoutes({ runner: prometheus.runner, limits: tempo.limits, version: LOCAL_STACK_VERSION }) : [];
      if (prometheus && lokiOptions) loki = await startLokiService(store, prometheus.runner, lokiOptions, o.log);
      const consoleAssets = options.console === false ? undefined : (options.console ?? (await installedConsole()));
      const router = createRouter([
        ...healthRoutes(() => ready),
        statusRoute(status),
        self.route,
        ...otlpHttpRoutes(ingester, { withLokiPath: true }),
        ...lokiPushRoutes(ingester),
        ...remoteWriteRoutes(ingester),
        ...(prometheus?.routes ?? []),
        ...tempoRoutes,
        ...(loki?.routes ?? []),
        ...(options.routes?.(store) ?? []),
        // Last: the console's client routes never shadow an API.
        ...(consoleAssets ? consoleRoutes(consoleAssets) : []),
      ]);
      const s = await startHttpServer({ ...serverOptions, port: o.ports.http, router });
      servers.push(s);
      urls.http = s.url;
    }
    if (o.ports.otlpHttp !== false) {
      const s = await startHttpServer({ ...serverOptions, port: o.ports.otlpHttp, router: createRouter([...otlpHttpRoutes(ingester), ...healthRoutes(() => ready)]) });
      servers.push(s);
      urls.otlpHttp = s.url;
    }
    if (o.ports.otlpGrpc !== false) {
      const s = await startOtlpGrpcServer({ host: o.host, port: o.ports.otlpGrpc, ingester, admission, ...(o.token !== undefined ? { token: o.token } : {}) });
      servers.push(s);
      urls.otlpGrpc = s.address;
    }
    scraper = createScrapeManager(o.scrapeTargets, ingester);
    scraper.start();
  } catch (error) {
    await stop();
    throw error;
  }
  // As the Aspire dashboard does: the token once, inside a console address that logs the browser in.
  if (o.tokenGenerated) o.log(`srcobs local stack: bound to ${o.host}, so every request needs a token (shown once, keep it private): ${o.token}${urls.http ? `; open the console at ${urls.http}/?token=${o.token}` : ''}`);
  ready = true;
  let stopping: Promise<void> | undefined;
  return {
    urls,
    store,
    token: o.token,
    options: o,
    ingestLogs: (batch, source) => ingester.writeLogs(batch, source, 'in-process'),
    scrapeStatus: () => scraper?.status().map((s) => ({ job: s.target.job, url: s.target.url, last: s.last })) ?? [],
    stop: () => (stopping ??= stop()),
  };
}
