import { encodeOtlpRequest } from '../ingest/otlp/codec.js';
import { encodeLokiPush, encodeRemoteWrite } from '../ingest/wire.js';

/**
 * Numbered batches of every signal in the wire format of each receiver. A batch's content follows
 * from its id alone, so a test that recorded which ids were acknowledged knows exactly what the
 * query APIs must return after a crash, a full disk or a flood.
 */

/** The five ways data reaches the stack. */
export type WireSignal = 'otlp-traces' | 'otlp-logs' | 'otlp-metrics' | 'loki-push' | 'remote-write';
export const WIRE_SIGNALS: readonly WireSignal[] = ['otlp-traces', 'otlp-logs', 'otlp-metrics', 'loki-push', 'remote-write'];

/** Items in every batch (spans of one trace, log lines, samples). */
export const ITEMS_PER_BATCH = 3;

/** One HTTP request: where it goes and what it carries. */
export interface WireRequest {
  readonly path: string;
  /** `otlpHttp` sends to the OTLP port, `http` to the main port. */
  readonly port: 'http' | 'otlpHttp';
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** Where numbered items sit in time: `baseMs` (ms) is a few minutes before the test started. */
export interface WireClock {
  readonly baseMs: number;
}

/** The trace id of batch `id` (32 hex digits). */
export function traceIdOf(id: number): string {
  return `c0ffee${id.toString(16).padStart(26, '0')}`;
}

/** Sample timestamp (ms) of item `k` of batch `id`: unique, increasing with the id. */
export function sampleMs(clock: WireClock, id: number, k: number): number {
  return clock.baseMs + id * ITEMS_PER_BATCH + k;
}

/** The log line of item `k` of batch `id` of a sender. */
export function lineOf(signal: 'otlp-logs' | 'loki-push', id: number, k: number): string {
  return `${signal} batch ${id} item ${k}`;
}

const nsOf = (ms: number): bigint => BigInt(ms) * 1_000_000n;
const PROTO = { 'content-type': 'application/x-protobuf' };

/** Signals whose receivers refuse a whole request for one bad part (OTLP refuses items one by one instead, through partial_success). */
export const ALL_OR_NOTHING_SIGNALS: readonly WireSignal[] = ['loki-push', 'remote-write'];

/**
 * The request that carries batch `id` on `lane` (a sender runs several lanes, one request at a
 * time each). With `poisoned`, a Loki push or remote write also carries one invalid stream or
 * series (a bad label name), which must make the receiver refuse the whole request.
 */
export function wireRequest(signal: WireSignal, clock: WireClock, id: number, lane: number, poisoned = false): WireRequest {
  const ks = Array.from({ length: ITEMS_PER_BATCH }, (_, k) => k);
  const laneAttr = { key: 'lane', value: { stringValue: String(lane) } };
  switch (signal) {
    case 'otlp-traces': {
      const t = nsOf(sampleMs(clock, id, 0));
      const spans = ks.map((k) => ({
        traceId: traceIdOf(id),
        spanId: `${(k + 1).toString(16).padStart(2, '0')}${id.toString(16).padStart(14, '0')}`,
        ...(k > 0 ? { parentSpanId: `01${id.toString(16).padStart(14, '0')}` } : {}),
        name: k === 0 ? 'GET /crash' : `step ${k}`,
        kind: k === 0 ? 2 : 1,
        startTimeUnixNano: String(t + BigInt(k) * 1000n),
        endTimeUnixNano: String(t + 1_000_000n),
        attributes: [laneAttr, { key: 'batch', value: { intValue: String(id) } }],
      }));
      const body = encodeOtlpRequest('traces', { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'reliability-traces' } }] }, scopeSpans: [{ spans }] }] });
      return { path: '/v1/traces', port: 'otlpHttp', headers: PROTO, body };
    }
    case 'otlp-logs': {
      const logRecords = ks.map((k) => ({ timeUnixNano: String(nsOf(sampleMs(clock, id, k))), severityNumber: 9, body: { stringValue: lineOf('otlp-logs', id, k) }, attributes: [laneAttr] }));
      const body = encodeOtlpRequest('logs', { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'reliability-logs' } }] }, scopeLogs: [{ logRecords }] }] });
      return { path: '/v1/logs', port: 'otlpHttp', headers: PROTO, body };
    }
    case 'otlp-metrics': {
      const dataPoints = ks.map((k) => ({ timeUnixNano: String(nsOf(sampleMs(clock, id, k))), asDouble: id, attributes: [laneAttr] }));
      const body = encodeOtlpRequest('metrics', {
        resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'reliability-metrics' } }] }, scopeMetrics: [{ metrics: [{ name: 'reliability_otlp_gauge', gauge: { dataPoints } }] }] }],
      });
      return { path: '/v1/metrics', port: 'otlpHttp', headers: PROTO, body };
    }
    case 'loki-push': {
      const body = encodeLokiPush([
        { labels: `{app="reliability", sender="loki", lane="${lane}"}`, entries: ks.map((k) => ({ tsNs: nsOf(sampleMs(clock, id, k)), line: lineOf('loki-push', id, k) })) },
        ...(poisoned ? [{ labels: '{app="reliability", 1lane="x"}', entries: [{ tsNs: nsOf(sampleMs(clock, id, 0)), line: 'poison' }] }] : []),
      ]);
      return { path: '/loki/api/v1/push', port: 'http', headers: PROTO, body };
    }
    case 'remote-write': {
      const body = encodeRemoteWrite({
        series: [
          { labels: { __name__: 'reliability_rw', lane: String(lane) }, samples: ks.map((k) => ({ t: sampleMs(clock, id, k), v: id })) },
          ...(poisoned ? [{ labels: { __name__: 'reliability_rw', 'bad-label': 'x' }, samples: [{ t: sampleMs(clock, id, 0), v: id }] }] : []),
        ],
      });
      return { path: '/api/v1/write', port: 'http', headers: { ...PROTO, 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' }, body };
    }
  }
}
