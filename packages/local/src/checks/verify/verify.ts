import { randomBytes } from 'node:crypto';
import type { QueryClient, SeriesResult } from '../query-client.js';
import { pollUntilFound, type Look, type PollResult } from './poll.js';
import { checkTraceShape, spansOf } from './trace-shape.js';

/** Per-hop wait when not told: a scrape interval, a batch delay and Alloy's batching, with room. */
export const DEFAULT_HOP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 500;
/** How far before the request the log and exemplar queries start (clock skew between hosts). */
const SKEW_MS = 60_000;
const REQUEST_DURATION = 'http_server_request_duration_seconds';

/** The hops of one request's telemetry, in the order a user thinks of them. */
export type VerifyHopName = 'request' | 'traces' | 'logs' | 'metrics';

/** One hop of the report. */
export interface VerifyHop {
  readonly name: VerifyHopName;
  /** What was checked, e.g. "trace in the trace store (Tempo API)". */
  readonly title: string;
  /** The URL the hop was checked at. */
  readonly at: string;
  readonly ok: boolean;
  /** Seconds from the end of the request until the hop was seen (or until giving up). */
  readonly seconds: number;
  readonly detail: string;
}

/** What `srcobs verify` prints (`--json` prints this object). */
export interface VerifyReport {
  readonly ok: boolean;
  /** The trace id verify generated and sent in `traceparent`. */
  readonly traceId: string;
  readonly request: string;
  readonly hops: readonly VerifyHop[];
  /** The first hop that failed, when one did. */
  readonly failed?: VerifyHopName;
}

/** Options of {@link verifyPath}. */
export interface VerifyOptions {
  readonly client: QueryClient;
  /** trace-app's base URL: the request goes in there. */
  readonly traceAppUrl: string;
  /** The route to call (default `/fast`: it calls test-app and answers at once). */
  readonly path?: string;
  /** The service that takes the request and the one it calls (the `job` label and `service.name`). Default trace-app → test-app. */
  readonly caller?: string;
  readonly callee?: string;
  /** How long each store may take to show the request. Default 60 s. */
  readonly timeoutMs?: number;
  /** Told which hops are still awaited, about once a second. */
  readonly onProgress?: (waitingFor: readonly VerifyHopName[], elapsedMs: number) => void;
}

function seriesValue(result: readonly SeriesResult[]): number | undefined {
  const v = result[0]?.value?.[1];
  return v === undefined ? undefined : Number(v);
}

function escapeLogQL(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

async function sendRequest(url: string, traceparent: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const r = await fetch(url, { headers: { traceparent }, signal: AbortSignal.timeout(30_000) });
    await r.arrayBuffer();
    return r.ok ? { ok: true, detail: `GET ${url} answered ${r.status}` } : { ok: false, detail: `GET ${url} answered ${r.status}: the service itself fails, look at its logs` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { ok: false, detail: `GET ${url} failed (${cause}): is the service running at that address? (--trace-app-url)` };
  }
}

/**
 * `srcobs verify`: sends one request with a known trace id through the caller service, then
 * looks for its telemetry in every store, as a user would find it in Grafana: the trace (both
 * services' spans, parent and child) in Tempo, its log lines in Loki, and in Prometheus its
 * exemplar, or at least the request counter of the route moving at the first scrape after the
 * request. The stores are polled at once, each with a bounded wait.
 *
 * @example
 * ```ts
 * const report = await verifyPath({ client: createQueryClient(endpoints), traceAppUrl: 'http://127.0.0.1:8000' });
 * if (!report.ok) console.error(`broken: ${report.failed}`);
 * ```
 */
export async function verifyPath(options: VerifyOptions): Promise<VerifyReport> {
  const { client } = options;
  const caller = options.caller ?? 'trace-app';
  const callee = options.callee ?? 'test-app';
  const path = options.path ?? '/fast';
  const timeoutMs = options.timeoutMs ?? DEFAULT_HOP_TIMEOUT_MS;
  const traceId = randomBytes(16).toString('hex');
  const rootSpanId = randomBytes(8).toString('hex');
  const url = `${options.traceAppUrl.replace(/\/+$/, '')}${path}`;
  const counter = `sum(${REQUEST_DURATION}_count{job="${caller}", route="${path}"})`;

  // The counter before the request, so a later scrape can show it moved.
  const before = await client.prometheus.query(counter).then((d) => (d.resultType === 'vector' ? (seriesValue(d.result) ?? 0) : 0), () => undefined);
  const startMs = Date.now();
  const sent = await sendRequest(url, `00-${traceId}-${rootSpanId}-01`);
  const endMs = Date.now();
  const requestHop: VerifyHop = { name: 'request', title: `request through ${caller}`, at: url, ok: sent.ok, seconds: (endMs - startMs) / 1000, detail: sent.detail };
  const titles: Record<Exclude<VerifyHopName, 'request'>, [string, string]> = {
    traces: ['trace in the trace store (Tempo API)', client.tempo.url],
    logs: ['log lines in the log store (Loki API)', client.loki.url],
    metrics: ['exemplar or RED metrics in the metric store (Prometheus API)', client.prometheus.url],
  };
  if (!sent.ok) {
    const skipped = (Object.keys(titles) as Array<keyof typeof titles>).map((name): VerifyHop => ({ name, title: titles[name][0], at: titles[name][1], ok: false, seconds: 0, detail: 'not checked: the request failed' }));
    return { ok: false, traceId, request: url, hops: [requestHop, ...skipped], failed: 'request' };
  }

  const lookTrace = async (): Promise<Look> => {
    const trace = await client.tempo.trace(traceId);
    if (!trace) return { found: false, detail: `Tempo has no trace ${traceId}` };
    const shape = checkTraceShape(spansOf(trace), rootSpanId, caller, callee);
    return { found: shape.complete, detail: shape.detail };
  };

  const lookLogs = async (): Promise<Look> => {
    const expr = `{service_name=~"${escapeLogQL(caller)}|${escapeLogQL(callee)}"} |= "${traceId}"`;
    const data = await client.loki.queryRange(expr, startMs - SKEW_MS, Date.now() + SKEW_MS, { limit: 100, direction: 'backward' });
    const streams = data.resultType === 'streams' ? data.result : [];
    const perService = new Map<string, number>();
    for (const s of streams) perService.set(s.stream['service_name'] ?? '?', (perService.get(s.stream['service_name'] ?? '?') ?? 0) + s.values.length);
    const summary = [...perService].map(([svc, n]) => `${svc} ${n}`).join(', ');
    const missing = [caller, callee].filter((s) => !perService.has(s));
    if (missing.length > 0) return { found: false, detail: `no line with the trace id from ${missing.join(' or ')}${summary ? ` (found: ${summary})` : ''}` };
    return { found: true, detail: `lines with the trace id: ${summary}` };
  };

  const lookMetrics = async (): Promise<Look> => {
    const ex = await client.prometheus.exemplars(`${REQUEST_DURATION}_bucket{job=~"${caller}|${callee}"}`, startMs - SKEW_MS, Date.now() + SKEW_MS);
    const hit = ex.find((s) => s.exemplars.some((e) => e.labels['trace_id'] === traceId));
    if (hit) return { found: true, detail: `exemplar with the trace id on ${hit.seriesLabels['job']} ${hit.seriesLabels['route'] ?? ''} le=${hit.seriesLabels['le'] ?? '?'}` };
    const [value, scraped] = await Promise.all([client.prometheus.query(counter), client.prometheus.query(`max(timestamp(${REQUEST_DURATION}_count{job="${caller}", route="${path}"}))`)]);
    const count = value.resultType === 'vector' ? seriesValue(value.result) : undefined;
    const lastScrapeMs = scraped.resultType === 'vector' ? (seriesValue(scraped.result) ?? 0) * 1000 : 0;
    if (count === undefined) return { found: false, detail: `no ${REQUEST_DURATION}_count series for job="${caller}", route="${path}": is ${caller} scraped?` };
    if (lastScrapeMs <= endMs || before === undefined || count === before) return { found: false, detail: `${caller} ${path} request count not moved yet (last scrape ${lastScrapeMs ? new Date(lastScrapeMs).toISOString() : 'never'})` };
    // Only the first scrape after the request could carry its exemplar: look once more, then settle for the counter.
    const again = await client.prometheus.exemplars(`${REQUEST_DURATION}_bucket{job=~"${caller}|${callee}"}`, startMs - SKEW_MS, Date.now() + SKEW_MS);
    const late = again.find((s) => s.exemplars.some((e) => e.labels['trace_id'] === traceId));
    if (late) return { found: true, detail: `exemplar with the trace id on ${late.seriesLabels['job']} ${late.seriesLabels['route'] ?? ''}` };
    return { found: true, detail: `RED metrics moved: ${caller} ${path} requests ${before} → ${count} at the scrape of ${new Date(lastScrapeMs).toISOString()} (no exemplar of this trace: a later request in the same bucket replaced it before the scrape)` };
  };

  const waiting = new Set<VerifyHopName>(['traces', 'logs', 'metrics']);
  const ticker = options.onProgress
    ? setInterval(() => options.onProgress?.([...waiting], Date.now() - endMs), 1000)
    : undefined;
  const run = async (name: Exclude<VerifyHopName, 'request'>, look: () => Promise<Look>): Promise<VerifyHop> => {
    const r: PollResult = await pollUntilFound(look, { timeoutMs, intervalMs: POLL_INTERVAL_MS });
    waiting.delete(name);
    return { name, title: titles[name][0], at: titles[name][1], ok: r.ok, seconds: (Date.now() - endMs) / 1000, detail: r.detail };
  };
  try {
    const hops = await Promise.all([run('traces', lookTrace), run('logs', lookLogs), run('metrics', lookMetrics)]);
    const all = [requestHop, ...hops];
    const failed = all.find((h) => !h.ok)?.name;
    return { ok: failed === undefined, traceId, request: url, hops: all, ...(failed ? { failed } : {}) };
  } finally {
    if (ticker) clearInterval(ticker);
  }
}
