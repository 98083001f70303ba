import type { LogBatch, MetricBatch, SpanBatch, SpanRecord, KeyValue } from '@srcobs/local';

/**
 * Synthetic but realistic ingest streams, generated before timing starts so that only the store
 * is measured. Deterministic (seeded), so runs compare.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0_MS = 1_700_000_000_000;
const SCRAPE_MS = 15_000;

type SeriesKind = 'counter' | 'bucket' | 'noisy' | 'stepped' | 'constant';

/** The mix of a Node service's /metrics (prom-client defaults plus HTTP RED metrics), by share of series. */
const MIX: ReadonlyArray<readonly [SeriesKind, number]> = [
  ['bucket', 0.35], // http_request_duration_seconds_bucket: most buckets move a little, some not at all
  ['counter', 0.25], // http_requests_total by path and status, process_cpu_seconds_total
  ['noisy', 0.1], // nodejs_eventloop_lag_seconds, heap used: a new float every scrape
  ['stepped', 0.15], // process_resident_memory_bytes, open fds: change now and then, in steps
  ['constant', 0.15], // up, *_info, process_start_time_seconds, max fds
];

function kindOf(i: number, n: number): SeriesKind {
  let acc = 0;
  for (const [kind, share] of MIX) {
    acc += share * n;
    if (i < acc) return kind;
  }
  return 'constant';
}

/**
 * Remote-write-shaped batches: `seriesCount` series of scraped Node services (the MIX above), each
 * batch carrying 4 consecutive 15 s scrapes of 500 series, 2,000 samples: Prometheus'
 * max_samples_per_send.
 */
export function metricBatches(totalSamples: number, seriesCount = 1000): MetricBatch[] {
  const r = rng(1);
  const series = Array.from({ length: seriesCount }, (_, i) => {
    const kind = kindOf(i, seriesCount);
    const instance = `10.0.${i % 7}.${i % 13}:3000`;
    const labels: Record<string, string> =
      kind === 'bucket'
        ? { __name__: 'http_request_duration_seconds_bucket', job: 'test-app', instance, route: `/api/v${i % 3}/items`, le: ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'][i % 10]!, series: String(i) }
        : kind === 'counter'
          ? { __name__: 'http_requests_total', job: 'test-app', instance, route: `/api/v${i % 3}/items/${i % 50}`, status: ['200', '404', '500'][i % 3]!, series: String(i) }
          : { __name__: `node_metric_${kind}`, job: 'test-app', instance, series: String(i) };
    // How busy the series is: bucket i%10 of a histogram fills in proportion to its bound.
    const rate = kind === 'bucket' ? ((i % 10) + 1) / 10 : r();
    return { labels, kind, rate, value: kind === 'noisy' ? 0.01 : Math.floor(r() * 1000), t: T0_MS + Math.floor(r() * SCRAPE_MS) };
  });
  const samplesPerSeries = 4;
  const seriesPerBatch = 500;
  const batches: MetricBatch[] = [];
  let produced = 0;
  for (let start = 0; produced < totalSamples; start = (start + seriesPerBatch) % seriesCount) {
    const out: Array<MetricBatch['series'][number]> = [];
    for (let j = 0; j < seriesPerBatch && produced < totalSamples; j++) {
      const s = series[(start + j) % seriesCount]!;
      const samples = [];
      for (let k = 0; k < samplesPerSeries; k++) {
        // Scrapes land on the interval; one in ten is a few milliseconds late, as real scrapes are.
        s.t += SCRAPE_MS + (r() < 0.1 ? Math.floor(r() * 5) - 2 : 0);
        if (s.kind === 'counter') s.value += Math.floor(r() * 30 * s.rate);
        else if (s.kind === 'bucket') s.value += r() < s.rate ? Math.floor(r() * 10 * s.rate) : 0;
        else if (s.kind === 'noisy') s.value = 0.008 + r() * 0.004;
        else if (s.kind === 'stepped') s.value += r() < 0.2 ? 4096 * Math.floor(r() * 64 - 32) : 0;
        samples.push({ t: s.t, v: s.value });
      }
      produced += samples.length;
      out.push({ labels: s.labels, samples });
    }
    batches.push({ series: out });
  }
  return batches;
}

const PATHS = ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/orders', '/healthz', '/metrics', '/login', '/api/v1/users/{id}/cart'];
const MESSAGES = ['request completed', 'cache miss, loading from database', 'retrying upstream call', 'user session refreshed', 'slow query detected', 'connection pool exhausted, waiting'];

/** Push-shaped log batches (about 1,000 lines each, as Promtail/Alloy batch): logfmt and JSON lines of ~200 bytes across `streams` streams. */
export function logBatches(totalLines: number, streams = 20): { batches: LogBatch[]; rawBytes: number } {
  const r = rng(2);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const labels = Array.from({ length: streams }, (_, i) => ({
    service_name: ['test-app', 'trace-app', 'loadgen', 'gateway'][i % 4]!,
    namespace: 'playground',
    pod: `pod-${i}-${(i * 7919).toString(36)}`,
    ola_category: ['system_application', 'api_data_access', 'auth_access', 'network_security', 'endpoint_user_activity'][i % 5]!,
  }));
  let ts = 1_700_000_000_000_000_000n;
  let rawBytes = 0;
  const batches: LogBatch[] = [];
  for (let produced = 0; produced < totalLines; ) {
    const perStream = new Map<number, Array<{ tsNs: bigint; line: string; metadata?: Record<string, string> }>>();
    for (let k = 0; k < 1000 && produced < totalLines; k++, produced++) {
      ts += BigInt(Math.floor(r() * 2_000_000));
      const s = Math.floor(r() * streams);
      const traceId = Math.floor(r() * 2 ** 52).toString(16).padStart(16, '0') + Math.floor(r() * 2 ** 52).toString(16).padStart(16, '0');
      const status = pick([200, 200, 200, 200, 201, 304, 404, 500]);
      const line =
        r() < 0.5
          ? `ts=${new Date(Number(ts / 1_000_000n)).toISOString()} level=${status >= 500 ? 'error' : 'info'} msg="${pick(MESSAGES)}" method=${pick(['GET', 'POST', 'PUT'])} path=${pick(PATHS)} status=${status} duration_ms=${Math.floor(r() * 800)} trace_id=${traceId}`
          : JSON.stringify({ time: new Date(Number(ts / 1_000_000n)).toISOString(), level: status >= 500 ? 'error' : 'info', msg: pick(MESSAGES), req: { method: pick(['GET', 'POST']), url: pick(PATHS), status }, responseTime: Math.floor(r() * 800), trace_id: traceId, user: `u${Math.floor(r() * 500)}` });
      rawBytes += Buffer.byteLength(line);
      let list = perStream.get(s);
      if (!list) perStream.set(s, (list = []));
      list.push(r() < 0.3 ? { tsNs: ts, line, metadata: { trace_id: traceId } } : { tsNs: ts, line });
    }
    batches.push({ streams: [...perStream].map(([s, entries]) => ({ labels: labels[s]!, entries })) });
  }
  return { batches, rawBytes };
}

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(value) } });

/** Export-shaped span batches of 512 spans (BatchSpanProcessor's default), traces of five spans over three services. */
export function spanBatches(totalSpans: number): SpanBatch[] {
  const r = rng(3);
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const resources = ['trace-app', 'test-app', 'postgres-proxy'].map((service, i) => [
    str('service.name', service),
    str('service.version', '1.4.2'),
    str('telemetry.sdk.language', 'nodejs'),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.version', '2.12.0'),
    str('k8s.namespace.name', 'playground'),
    str('k8s.pod.name', `${service}-7d9f8c6b5-${i}x2kq`),
    str('host.name', `node-${i}`),
  ]);
  const spans: SpanRecord[] = [];
  let t = 1_700_000_000_000_000_000n;
  while (spans.length < totalSpans) {
    const traceId = hex(32);
    const root = hex(16);
    t += BigInt(Math.floor(r() * 5_000_000));
    for (let k = 0; k < 5 && spans.length < totalSpans; k++) {
      const service = k === 0 ? 0 : k < 3 ? 1 : 2;
      const start = t + BigInt(k * 1_000_000);
      const duration = BigInt(Math.floor(r() * 200_000_000));
      const status = r() < 0.05 ? 500 : 200;
      spans.push({
        traceId,
        spanId: k === 0 ? root : hex(16),
        parentSpanId: k === 0 ? '' : root,
        traceState: '',
        name: k === 0 ? 'GET /slow' : k < 3 ? 'GET /fast' : 'SELECT items',
        kind: k === 0 ? 2 : k < 3 ? 3 : 3,
        startNs: start,
        endNs: start + duration,
        statusCode: status === 500 ? 2 : 0,
        statusMessage: '',
        attributes:
          k < 3
            ? [str('http.request.method', 'GET'), str('url.path', k === 0 ? '/slow' : '/fast'), int('http.response.status_code', status), str('server.address', 'test-app'), int('server.port', 3000), str('network.protocol.version', '1.1'), str('user_agent.original', 'loadgen/1.0')]
            : [str('db.system', 'postgresql'), str('db.statement', 'SELECT * FROM items WHERE id = $1'), str('db.name', 'shop'), str('server.address', 'postgres')],
        events: status === 500 ? [{ timeNs: start + 1000n, name: 'exception', attributes: [str('exception.type', 'Error'), str('exception.message', 'upstream failed')] }] : [],
        links: [],
        resource: resources[service]!,
        scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' },
        serviceName: ['trace-app', 'test-app', 'postgres-proxy'][service]!,
      });
    }
  }
  const batches: SpanBatch[] = [];
  for (let i = 0; i < spans.length; i += 512) batches.push({ spans: spans.slice(i, i + 512) });
  return batches;
}
