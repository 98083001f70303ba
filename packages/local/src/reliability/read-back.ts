import assert from 'node:assert/strict';
import { ITEMS_PER_BATCH, traceIdOf, type WireClock, type WireSignal } from './wire-items.js';

/**
 * Reads numbered batches back through the query APIs a user (and Grafana) would use: Tempo's
 * `/api/traces/<id>`, Loki's `query_range`, Prometheus' `query` with a range selector. The result
 * maps a batch id to how many of its items came back.
 */

/** Base URL of the stack's query port. */
export interface QueryTarget {
  readonly http: string;
}

const LOKI_PAGE = 5000;
const TRACE_FETCH_CONCURRENCY = 8;

async function getJson(target: QueryTarget, path: string): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(`${target.http}${path}`, { signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

function countSpans(body: unknown): number {
  const b = body as { batches?: unknown[]; resourceSpans?: unknown[] } | undefined;
  let n = 0;
  for (const rs of (b?.batches ?? b?.resourceSpans ?? []) as Array<{ scopeSpans?: Array<{ spans?: unknown[] }> }>) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}

async function traces(target: QueryTarget, ids: readonly number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  const queue = [...ids];
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const r = await getJson(target, `/api/traces/${traceIdOf(id)}`);
      if (r.status === 404) continue;
      if (r.status !== 200) throw new Error(`GET /api/traces/${traceIdOf(id)}: ${r.status} ${r.text.slice(0, 300)}`);
      found.set(id, countSpans(r.body));
    }
  };
  await Promise.all(Array.from({ length: TRACE_FETCH_CONCURRENCY }, worker));
  return found;
}

async function lokiLines(target: QueryTarget, selector: string, clock: WireClock, pattern: RegExp): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  let start = BigInt(clock.baseMs - 60_000) * 1_000_000n;
  const end = BigInt(Date.now() + 3_600_000) * 1_000_000n;
  for (;;) {
    const q = new URLSearchParams({ query: selector, start: String(start), end: String(end), limit: String(LOKI_PAGE), direction: 'forward' });
    const r = await getJson(target, `/loki/api/v1/query_range?${q}`);
    if (r.status !== 200) throw new Error(`Loki query_range ${selector}: ${r.status} ${r.text.slice(0, 300)}`);
    const streams = (r.body as { data: { result: Array<{ values: Array<[string, string]> }> } }).data.result;
    let last = -1n;
    let n = 0;
    for (const s of streams)
      for (const [ts, line] of s.values) {
        n++;
        const t = BigInt(ts);
        if (t > last) last = t;
        const m = pattern.exec(line);
        if (m) found.set(Number(m[1]), (found.get(Number(m[1])) ?? 0) + 1);
      }
    if (n < LOKI_PAGE) return found;
    start = last + 1n;
  }
}

async function promSamples(target: QueryTarget, metric: string, clock: WireClock): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  const now = Date.now();
  const rangeSeconds = Math.ceil((now - clock.baseMs) / 1000) + 3600;
  const q = new URLSearchParams({ query: `${metric}[${rangeSeconds}s]`, time: String((now + 3_000_000) / 1000) });
  const r = await getJson(target, `/api/v1/query?${q}`);
  if (r.status !== 200) throw new Error(`Prometheus query ${metric}: ${r.status} ${r.text.slice(0, 300)}`);
  const result = (r.body as { data: { result: Array<{ values: Array<[number, string]> }> } }).data.result;
  for (const series of result)
    for (const [t, v] of series.values) {
      const id = Math.floor((Math.round(t * 1000) - clock.baseMs) / ITEMS_PER_BATCH);
      // The value of every sample is its batch id: a sample that says otherwise is corruption.
      if (Number(v) !== id) throw new Error(`${metric}: sample at ${t} has value ${v}, expected its batch id ${id}`);
      found.set(id, (found.get(id) ?? 0) + 1);
    }
  return found;
}

/**
 * How many items of each batch the query APIs return. For traces only `traceIds` are looked up
 * (one request each); the other signals read everything the sender wrote.
 */
export async function readBack(target: QueryTarget, signal: WireSignal, clock: WireClock, traceIds: readonly number[] = []): Promise<Map<number, number>> {
  switch (signal) {
    case 'otlp-traces':
      return traces(target, traceIds);
    case 'otlp-logs':
      return lokiLines(target, '{service_name="reliability-logs"}', clock, /^otlp-logs batch (\d+) item \d+$/);
    case 'loki-push':
      return lokiLines(target, '{sender="loki"}', clock, /^loki-push batch (\d+) item \d+$/);
    case 'otlp-metrics':
      return promSamples(target, 'reliability_otlp_gauge', clock);
    case 'remote-write':
      return promSamples(target, 'reliability_rw', clock);
  }
}

/** Ids whose batch is not complete in `found`: what a test reports as lost. */
export function missing(ids: readonly number[], found: ReadonlyMap<number, number>): number[] {
  return ids.filter((id) => found.get(id) !== ITEMS_PER_BATCH);
}

/**
 * The first value of an instant query (Prometheus `/api/v1/query` or Loki `/loki/api/v1/query`),
 * 0 when the result is empty; fails the test on any status but 200.
 */
export async function instantValue(target: QueryTarget, path: string, query: string): Promise<number> {
  const res = await fetch(`${target.http}${path}?${new URLSearchParams({ query })}`, { signal: AbortSignal.timeout(60_000) });
  assert.equal(res.status, 200, `${path} ${query}`);
  const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}
