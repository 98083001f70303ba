// A steady load on a running stack, beside what the playground sends: remote write, Loki push and
// OTLP traces at fixed rates, and a loop of PromQL, LogQL and TraceQL queries, as Grafana
// dashboards and an Alloy agent would keep a stack busy.
import { randomBytes } from 'node:crypto';
import { encodeLokiPush, encodeOtlpRequest, encodeRemoteWrite } from '@srcobs/local';
import { median } from '@srcobs/testkit';

/** What the senders do each second. */
export interface SteadyRates {
  /** Remote-write requests per second, each one sample of every series. */
  readonly remoteWritePerSecond: number;
  readonly series: number;
  /** Loki pushes per second of `linesPerPush` lines. */
  readonly lokiPushesPerSecond: number;
  readonly linesPerPush: number;
  /** OTLP trace exports per second of `spansPerExport` spans. */
  readonly traceExportsPerSecond: number;
  readonly spansPerExport: number;
}

/** What the load did, so a reader sees it was real. */
export interface LoadReport {
  readonly seconds: number;
  readonly samples: number;
  readonly lines: number;
  readonly spans: number;
  /** Requests answered 429 (overloaded: the sender would retry). */
  readonly throttled: number;
  /** Other failed requests. */
  readonly failed: number;
  readonly firstError: string | undefined;
  readonly queries: number;
  readonly queryFailures: number;
  readonly queryMedianMs: number;
}

const PROTO = { 'content-type': 'application/x-protobuf' };

/** Sends every `1000 / perSecond` ms, never more than 4 requests in flight (a slow stack slows it, as shards would). */
function every(perSecond: number, send: () => Promise<void>): () => Promise<void> {
  if (perSecond <= 0) return async () => {};
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    if (inFlight >= 4) return;
    inFlight++;
    const p = send().finally(() => {
      inFlight--;
      pending.delete(p);
    });
    pending.add(p);
  }, 1000 / perSecond);
  return async () => {
    clearInterval(timer);
    await Promise.all(pending);
  };
}

/** Starts the senders and the query loop against `httpUrl` (every API) and `otlpHttpUrl`. */
export function startSteadyLoad(httpUrl: string, otlpHttpUrl: string, rates: SteadyRates): { stop(): Promise<LoadReport> } {
  const started = Date.now();
  const totals = { samples: 0, lines: 0, spans: 0, throttled: 0, failed: 0, firstError: undefined as string | undefined };
  const post = async (url: string, headers: Record<string, string>, body: Uint8Array, items: 'samples' | 'lines' | 'spans', count: number): Promise<void> => {
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      if (res.ok) totals[items] += count;
      else if (res.status === 429) totals.throttled++;
      else {
        totals.failed++;
        totals.firstError ??= `${url}: HTTP ${res.status} ${text.slice(0, 200)}`;
      }
    } catch (error) {
      totals.failed++;
      totals.firstError ??= `${url}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  let lastT = 0;
  const stopWrite = every(rates.remoteWritePerSecond, () => {
    const t = (lastT = Math.max(Date.now(), lastT + 1));
    const series = Array.from({ length: rates.series }, (_, s) => ({
      labels: { __name__: s % 2 ? 'bench_requests_total' : 'bench_queue_depth', job: 'bench', instance: `10.1.${s % 16}.${s % 251}:9100`, shard: String(s) },
      samples: [{ t, v: s % 2 ? (t - started) / 100 + s : (t / 1000 + s) % 97 }],
    }));
    return post(`${httpUrl}/api/v1/write`, { ...PROTO, 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' }, encodeRemoteWrite({ series }), 'samples', rates.series);
  });
  let lastNs = 0n;
  const stopLogs = every(rates.lokiPushesPerSecond, () => {
    const t0 = BigInt(Date.now()) * 1_000_000n;
    const base = t0 > lastNs ? t0 : lastNs + 1n;
    lastNs = base + BigInt(rates.linesPerPush);
    const entries = Array.from({ length: rates.linesPerPush }, (_, i) => ({
      tsNs: base + BigInt(i),
      line: `level=${i % 50 ? 'info' : 'error'} msg="request done" route=/api/items/${i % 100} status=${i % 50 ? 200 : 500} duration_ms=${i % 37} user=u${i % 1000}`,
    }));
    return post(`${httpUrl}/loki/api/v1/push`, PROTO, encodeLokiPush([{ labels: '{app="bench", namespace="bench", pod="bench-0"}', entries }]), 'lines', rates.linesPerPush);
  });
  const stopTraces = every(rates.traceExportsPerSecond, () => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const spans = Array.from({ length: rates.spansPerExport }, (_, i) => ({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: 'GET /api/items/:id',
      kind: 2,
      startTimeUnixNano: String(nowNs - 5_000_000n),
      endTimeUnixNano: String(nowNs - BigInt(i % 5) * 1_000_000n),
      attributes: [
        { key: 'http.route', value: { stringValue: '/api/items/:id' } },
        { key: 'http.response.status_code', value: { intValue: String(i % 50 ? 200 : 500) } },
      ],
    }));
    const body = encodeOtlpRequest('traces', { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] }, scopeSpans: [{ spans }] }] });
    return post(`${otlpHttpUrl}/v1/traces`, PROTO, body, 'spans', rates.spansPerExport);
  });

  // Dashboards refresh: one query after another, each over the last 5 minutes.
  const queryTimes: number[] = [];
  let queryFailures = 0;
  let querying = true;
  const queries = (nowS: number): string[] => {
    const range = { start: String(nowS - 300), end: String(nowS), step: '15' };
    return [
      `/api/v1/query_range?${new URLSearchParams({ query: 'sum by (job) (rate(bench_requests_total[1m]))', ...range })}`,
      `/api/v1/query_range?${new URLSearchParams({ query: 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[1m])))', ...range })}`,
      `/loki/api/v1/query_range?${new URLSearchParams({ query: 'sum by (app) (count_over_time({namespace=~".+"}[1m]))', ...range })}`,
      `/loki/api/v1/query_range?${new URLSearchParams({ query: '{app="bench"} |= "status=500"', limit: '100', start: range.start, end: range.end })}`,
      `/api/search?${new URLSearchParams({ q: '{ span.http.response.status_code = 500 }', limit: '20', start: range.start, end: range.end })}`,
    ];
  };
  const queryLoop = (async () => {
    while (querying) {
      for (const path of queries(Math.floor(Date.now() / 1000))) {
        if (!querying) break;
        const t0 = performance.now();
        try {
          const res = await fetch(`${httpUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          if (res.ok) queryTimes.push(performance.now() - t0);
          else queryFailures++;
        } catch {
          queryFailures++;
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();

  return {
    async stop() {
      querying = false;
      await Promise.all([stopWrite(), stopLogs(), stopTraces(), queryLoop]);
      return {
        seconds: (Date.now() - started) / 1000,
        ...totals,
        queries: queryTimes.length,
        queryFailures,
        queryMedianMs: queryTimes.length ? median(queryTimes) : 0,
      };
    },
  };
}
