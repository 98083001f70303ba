// Synthetic traces for the TraceQL benchmark: a shop of ten services, ~9 spans per trace, with
// the attributes Grafana searches on (routes, status codes, user ids, db statements), produced
// batch by batch so a million spans never sit in memory at once.
import type { KeyValue, SpanBatch, SpanRecord } from '@srcobs/local';

export const SERVICES = ['frontend', 'checkout', 'cart', 'payment', 'shipping', 'email', 'currency', 'ad', 'recommendation', 'postgres-proxy'] as const;
const ROUTES = ['GET /api/products', 'GET /api/cart', 'POST /api/checkout', 'GET /api/recommendations', 'POST /api/cart/items', 'GET /api/orders', 'GET /', 'GET /health'];
const DOWNSTREAM = ['GetCart', 'Charge', 'ShipOrder', 'SendConfirmation', 'Convert', 'GetAds', 'ListRecommendations', 'GetQuote'];
export const USERS = 10_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(value) } });

/** What the generator produced, for the queries and lookups the benchmark makes. */
export interface WorkloadInfo {
  spans: number;
  traces: number;
  firstNs: bigint;
  lastNs: bigint;
  /** A uniform sample of trace ids (reservoir), for trace-by-id lookups. */
  readonly sampleIds: string[];
}

/**
 * Yields batches of 512 spans until `totalSpans`, traces spread evenly over the `spreadMs` before
 * `endMs`: a root server span in an entry service, then 3-13 children (client and server pairs
 * to other services, database calls), 2 % of spans failing.
 */
export function* traceBatches(totalSpans: number, endMs: number, spreadMs: number, info: WorkloadInfo, sampleSize: number): Generator<SpanBatch> {
  const r = rng(42);
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
    return s;
  };
  const resources = SERVICES.map((service, i) => [str('service.name', service), str('service.version', '1.4.2'), str('k8s.namespace.name', 'shop'), str('k8s.pod.name', `${service}-7d9f8c6b5-${i}x2kq`), str('telemetry.sdk.language', 'nodejs')]);
  const tracesPlanned = Math.ceil(totalSpans / 9);
  const startNs = BigInt(endMs - spreadMs) * 1_000_000n;
  const stepNs = (BigInt(spreadMs) * 1_000_000n) / BigInt(tracesPlanned);
  let batch: SpanRecord[] = [];
  let t = startNs;
  info.firstNs = startNs;
  while (info.spans < totalSpans) {
    const traceId = hex(32);
    info.traces++;
    if (info.sampleIds.length < sampleSize) info.sampleIds.push(traceId);
    else {
      const j = Math.floor(r() * info.traces);
      if (j < sampleSize) info.sampleIds[j] = traceId;
    }
    t += stepNs;
    const entry = r() < 0.8 ? 0 : Math.floor(r() * 3);
    const route = ROUTES[Math.floor(r() * ROUTES.length)]!;
    const rootId = hex(16);
    const children = 3 + Math.floor(r() * 11);
    const user = `user-${Math.floor(r() * USERS)}`;
    const rootDuration = BigInt(Math.floor(5_000_000 + r() * r() * 2_000_000_000));
    const spans: SpanRecord[] = [];
    let failed = false;
    for (let k = 0; k < children && info.spans + spans.length + 1 < totalSpans; k++) {
      const db = r() < 0.3;
      const service = db ? 9 : 1 + Math.floor(r() * 8);
      const offset = BigInt(Math.floor(r() * Number(rootDuration) * 0.5));
      const duration = BigInt(Math.floor(Number(rootDuration - offset) * r()));
      const error = r() < 0.02;
      failed ||= error;
      const start = t + offset;
      spans.push({
        traceId,
        spanId: hex(16),
        parentSpanId: rootId,
        traceState: '',
        name: db ? 'SELECT orders' : DOWNSTREAM[service - 1]!,
        kind: 3,
        startNs: start,
        endNs: start + duration,
        statusCode: error ? 2 : 0,
        statusMessage: error ? 'upstream failed' : '',
        attributes: db ? [str('db.system', 'postgresql'), str('db.statement', 'SELECT * FROM orders WHERE user_id = $1'), str('db.name', 'shop')] : [str('rpc.system', 'grpc'), str('rpc.method', DOWNSTREAM[service - 1]!), int('rpc.grpc.status_code', error ? 13 : 0)],
        events: error ? [{ timeNs: start + 1000n, name: 'exception', attributes: [str('exception.type', 'Error')] }] : [],
        links: [],
        resource: resources[service]!,
        scope: { name: '@opentelemetry/instrumentation-grpc', version: '0.223.0' },
        serviceName: SERVICES[service]!,
      });
    }
    const status = failed && r() < 0.5 ? 500 : 200;
    spans.unshift({
      traceId,
      spanId: rootId,
      parentSpanId: '',
      traceState: '',
      name: route,
      kind: 2,
      startNs: t,
      endNs: t + rootDuration,
      statusCode: status === 500 ? 2 : 0,
      statusMessage: '',
      attributes: [str('http.request.method', route.split(' ')[0]!), str('http.route', route.split(' ')[1]!), int('http.response.status_code', status), str('user.id', user)],
      events: [],
      links: [],
      resource: resources[entry]!,
      scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' },
      serviceName: SERVICES[entry]!,
    });
    info.spans += spans.length;
    info.lastNs = t + rootDuration;
    batch.push(...spans);
    if (batch.length >= 512) {
      yield { spans: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { spans: batch };
}
