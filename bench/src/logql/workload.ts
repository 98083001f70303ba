import type { LogBatch } from '@srcobs/local';

/** Messages and paths the lines draw from: a service's everyday vocabulary. */
const MESSAGES = ['request handled', 'cache miss', 'upstream call finished', 'order placed', 'payment authorised', 'session refreshed', 'query executed', 'retrying request'];
const PATHS = ['/api/users', '/api/orders', '/api/checkout', '/api/cart', '/healthz', '/api/products/123', '/api/search?q=shoes', '/login'];
const SERVICES = ['test-app', 'trace-app', 'checkout', 'gateway', 'payments'];
const LEVELS = ['info', 'info', 'info', 'info', 'info', 'warn', 'debug', 'error'];

/** A small fast deterministic PRNG (mulberry32), so every run stores the same lines. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the generator produced, for the report and the queries. */
export interface LogWorkload {
  lines: number;
  rawBytes: number;
  firstNs: bigint;
  lastNs: bigint;
  streams: number;
  /** Lines that contain the rare needle the line-filter query looks for. */
  needleLines: number;
}

/** The rare string one line in ~50,000 carries: a filter for it must read everything. */
export const NEEDLE = 'panic: nil map';

/**
 * Log lines as the playground's services write them (half logfmt, half JSON with a trace id, a
 * quarter with structured metadata), ~230 bytes each, over 20 streams (5 services x 4 pods) and
 * `spanMs` of time, in batches of 1,000 lines; generated lazily so 1 GB never sits in memory.
 */
export function* logBatches(totalBytes: number, startMs: number, spanMs: number, info: LogWorkload): Generator<LogBatch> {
  const r = rng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const labels = Array.from({ length: 20 }, (_x, i) => ({ service_name: SERVICES[i % 5]!, namespace: 'playground', pod: `${SERVICES[i % 5]}-${Math.floor(i / 5)}-${(i * 7919).toString(36)}` }));
  info.streams = labels.length;
  // Estimate the line count from the target size, then spread the lines evenly over the span.
  const estimatedLines = Math.ceil(totalBytes / 232);
  const stepNs = (BigInt(spanMs) * 1_000_000n) / BigInt(estimatedLines);
  let ts = BigInt(startMs) * 1_000_000n;
  info.firstNs = ts;
  while (info.rawBytes < totalBytes) {
    const perStream = new Map<number, Array<{ tsNs: bigint; line: string; metadata?: Record<string, string> }>>();
    for (let k = 0; k < 1000; k++) {
      ts += stepNs;
      const s = Math.floor(r() * labels.length);
      const traceId = Math.floor(r() * 2 ** 52).toString(16).padStart(13, '0') + Math.floor(r() * 2 ** 52).toString(16).padStart(13, '0') + '000000';
      const level = pick(LEVELS);
      const status = level === 'error' ? 500 : pick([200, 200, 200, 201, 304, 404]);
      const time = new Date(Number(ts / 1_000_000n)).toISOString();
      let line =
        r() < 0.5
          ? `ts=${time} level=${level} msg="${pick(MESSAGES)}" method=${pick(['GET', 'POST', 'PUT'])} path=${pick(PATHS)} status=${status} duration_ms=${Math.floor(r() * 800)} trace_id=${traceId} user=u${Math.floor(r() * 5000)}`
          : JSON.stringify({ time, level, msg: pick(MESSAGES), req: { method: pick(['GET', 'POST']), url: pick(PATHS), status }, responseTime: Math.floor(r() * 800), trace_id: traceId, user: `u${Math.floor(r() * 5000)}` });
      if (r() < 1 / 50_000) {
        line = `${line} ${NEEDLE}`;
        info.needleLines++;
      }
      info.rawBytes += Buffer.byteLength(line);
      info.lines++;
      let list = perStream.get(s);
      if (!list) perStream.set(s, (list = []));
      list.push(r() < 0.25 ? { tsNs: ts, line, metadata: { trace_id: traceId, span_id: traceId.slice(0, 16) } } : { tsNs: ts, line });
    }
    info.lastNs = ts;
    yield { streams: [...perStream].map(([s, entries]) => ({ labels: labels[s]!, entries })) };
  }
}
