import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { encodeLokiPush } from '../ingest/wire.js';
import { OTEL_GAUGE, OTEL_SERVICE, sendLogs, sendMetrics, sendTraces, type OtelLedger } from './otel-senders.js';
import { instantValue, missing, readBack } from './read-back.js';
import { createSenderState, describeLedgers, post, startSenders } from './senders.js';
import { startStackChild, type StackChild } from './stack-child.js';
import { WIRE_SIGNALS } from './wire-items.js';

/** Raw senders per signal during the flood: with the OTel exporters, several times the 64 requests the stack admits at once. */
const FLOOD_LANES = 30;
const FLOOD_MS = 3_000;
const FLOOD_RAMP_MS = 500;
/** Real OpenTelemetry exporters per signal, all exporting at once. */
const OTEL = { exporters: 40, batches: 2, items: 50 } as const;
/** Resident memory the stack may reach under the flood (idle it is ~110 MiB; the in-flight limits bound the rest). */
const RSS_BOUND_BYTES = 512 * 1024 * 1024;
const MIB = 1024 * 1024;
/**
 * Big pushes: 2 MiB each from 64 senders, against an in-flight byte limit of 64 MiB. Each push
 * holds its body and its decompressed copy (~4 MiB), so about 16 fit at once, whatever the speed of
 * the machine; the default 256 MiB would fit all 64 and make the refusals a race with the store.
 */
const BIG_LANES = 64;
const BIG_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
const BIG_PUSH_LINES = 256;
const BIG_LINE_BYTES = 8 * 1024;
/** The bound of the default limits (256 MiB in flight; decoding and storing cost a few times that), kept here as well. */
const BIG_RSS_BOUND_BYTES = 1024 * MIB;

async function storedSpans(stack: StackChild, traces: ReadonlyMap<string, number>): Promise<number> {
  let n = 0;
  for (const id of traces.keys()) {
    const res = await fetch(`${stack.urls.http}/api/traces/${id}`);
    if (res.status === 404) continue;
    const body = (await res.json()) as { batches: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> };
    for (const b of body.batches) for (const s of b.scopeSpans) n += s.spans.length;
  }
  return n;
}

/** Requests to a route answered with `code`, from the stack's own /metrics. */
function answered(metrics: string, route: string, code: number): number {
  const m = new RegExp(`^srcobs_http_request_duration_seconds_count\\{route="${route}",method="POST",code="${code}"\\} (\\d+)$`, 'm').exec(metrics);
  return Number(m?.[1] ?? 0);
}

const describe = (name: string, l: OtelLedger): string => `${name}: delivered ${l.delivered}, failed ${l.failed}${l.errors.size ? ` (${[...l.errors].map(([e, n]) => `${n}x ${e}`).join('; ')})` : ''}`;

test('overload: far more senders than the stack admits get 429 with Retry-After, memory stays bounded, and the OpenTelemetry exporters retry until everything is stored', async (t) => {
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t) } });
  t.after(() => stack.kill());
  const idleRss = stack.rssBytes();
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, stack.rssBytes())), 50);
  t.after(() => clearInterval(sampler));

  // The flood: raw senders on every receiver as fast as they are answered, plus 120 exporters at once.
  const state = createSenderState(WIRE_SIGNALS);
  const flood = startSenders(stack.urls, state, { lanes: FLOOD_LANES });
  // The exporters join once the raw senders fill the admission, so they meet a full stack.
  await new Promise((resolve) => setTimeout(resolve, FLOOD_RAMP_MS));
  const otel = Promise.all([sendTraces(stack.urls.otlpHttp!, OTEL), sendLogs(stack.urls.otlpHttp!, OTEL), sendMetrics(stack.urls.otlpHttp!, OTEL)]);
  await new Promise((resolve) => setTimeout(resolve, FLOOD_MS - FLOOD_RAMP_MS));
  await flood.stop();
  const [traces, logs, metrics] = await otel;
  clearInterval(sampler);
  t.diagnostic(describeLedgers(state).replace(/\n/g, ' | '));
  t.diagnostic([describe('traces', traces), describe('logs', logs), describe('metrics', metrics)].join(' | '));
  t.diagnostic(`RSS idle ${(idleRss / MIB).toFixed(0)} MiB, peak under the flood ${(peakRss / MIB).toFixed(0)} MiB (bound ${RSS_BOUND_BYTES / MIB} MiB)`);

  // Refusals are 429 with a Retry-After, never an error or a hang.
  // The exporters were refused too: the stack's 429s on each OTLP route outnumber the raw senders'.
  const selfMetrics = await (await fetch(`${stack.urls.http}/metrics`)).text();
  const exporter429 = (['traces', 'logs', 'metrics'] as const).map((s) => answered(selfMetrics, `/v1/${s}`, 429) - (state.ledgers.get(`otlp-${s}`)!.statuses.get(429) ?? 0));
  t.diagnostic(`429 answers to the exporters (retried by them): traces ${exporter429[0]}, logs ${exporter429[1]}, metrics ${exporter429[2]}`);
  // Which signal's exporters meet a full admission is a race between 120 of them; that they were
  // refused, and then delivered everything by retrying (below), is what the stack promises.
  assert.ok(exporter429[0]! + exporter429[1]! + exporter429[2]! > 0, 'the exporters were refused with 429 and had to retry');
  for (const l of state.ledgers.values()) {
    for (const status of l.statuses.keys()) assert.ok(status === 200 || status === 204 || status === 429, `${l.signal}: no ${status} answers`);
    const refusal = l.samples.get(429);
    if (refusal) assert.ok(Number(refusal.retryAfter) >= 1, `${l.signal}: a 429 carries Retry-After (${String(refusal.retryAfter)})`);
  }
  assert.ok([...state.ledgers.values()].some((l) => (l.statuses.get(429) ?? 0) > 0), 'raw senders saw 429s');
  assert.ok(peakRss < RSS_BOUND_BYTES, `peak RSS ${(peakRss / MIB).toFixed(0)} MiB stays under ${RSS_BOUND_BYTES / MIB} MiB`);
  assert.ok(stack.alive());

  // The exporters' retries delivered every item, and the stack stores exactly what they sent.
  const sentPerSignal = OTEL.exporters * OTEL.batches * OTEL.items;
  assert.deepEqual([traces.failed, logs.failed, metrics.failed], [0, 0, 0], 'no export failed after retries');
  assert.equal(traces.delivered, sentPerSignal);
  assert.equal(await storedSpans(stack, traces.traces), traces.delivered, 'every exported span is in Tempo');
  assert.equal(logs.delivered, sentPerSignal);
  assert.equal(await instantValue({ http: stack.urls.http! }, '/loki/api/v1/query', `sum(count_over_time({service_name="${OTEL_SERVICE.logs}"}[1h]))`), logs.delivered, 'every exported log record is in Loki');
  assert.equal(await instantValue({ http: stack.urls.http! }, '/api/v1/query', `sum(count_over_time(${OTEL_GAUGE}[1h]))`), metrics.delivered, 'every exported data point is in Prometheus');

  // Raw senders: what was acknowledged is stored, what was refused left nothing behind.
  for (const [signal, ledger] of state.ledgers) {
    const found = await readBack({ http: stack.urls.http! }, signal, state.clock, [...ledger.acked, ...ledger.refused]);
    assert.deepEqual(missing(ledger.acked, found).slice(0, 10), [], `${signal}: acknowledged batches stored`);
    assert.deepEqual(ledger.refused.filter((id) => found.has(id)).slice(0, 10), [], `${signal}: refused batches left nothing`);
  }
});

test('overload: a flood of 2 MiB Loki pushes is refused with 429 and Retry-After while the in-flight byte limit holds memory, and every acknowledged line is stored', async (t) => {
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t), limits: { maxInFlightBytes: BIG_IN_FLIGHT_BYTES } } });
  t.after(() => stack.kill());
  const lines = Array.from({ length: BIG_PUSH_LINES }, (_, k) => `${k} ${randomBytes(BIG_LINE_BYTES * 0.75).toString('base64')}`);
  let peakRss = stack.rssBytes();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, stack.rssBytes())), 25);
  t.after(() => clearInterval(sampler));
  const statuses = new Map<number, number>();
  let ackedLines = 0;
  let retryAfter: string | undefined;
  const until = Date.now() + FLOOD_MS;
  await Promise.all(
    Array.from({ length: BIG_LANES }, async (_, lane) => {
      for (let n = 0; Date.now() < until; n++) {
        const tsNs = BigInt(Date.now()) * 1_000_000n;
        const body = encodeLokiPush([{ labels: `{sender="big", lane="${lane}"}`, entries: lines.map((line, k) => ({ tsNs: tsNs + BigInt(k), line })) }]);
        const r = await post(`${stack.urls.http}/loki/api/v1/push`, { 'content-type': 'application/x-protobuf' }, body, 120_000);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 204) ackedLines += lines.length;
        if (r.status === 429) {
          retryAfter ??= r.retryAfter;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }),
  );
  clearInterval(sampler);
  t.diagnostic(`${BIG_LANES} senders of ${((BIG_PUSH_LINES * BIG_LINE_BYTES) / MIB).toFixed(0)} MiB pushes for ${FLOOD_MS / 1000} s: ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; peak RSS ${(peakRss / MIB).toFixed(0)} MiB (bound ${BIG_RSS_BOUND_BYTES / MIB} MiB)`);
  for (const status of statuses.keys()) assert.ok(status === 204 || status === 429, `no ${status} answers`);
  assert.ok((statuses.get(429) ?? 0) > 0 && Number(retryAfter) >= 1, 'refused with 429 and a Retry-After');
  assert.ok(peakRss < BIG_RSS_BOUND_BYTES, `peak RSS ${(peakRss / MIB).toFixed(0)} MiB stays under ${BIG_RSS_BOUND_BYTES / MIB} MiB`);
  assert.equal(await instantValue({ http: stack.urls.http! }, '/loki/api/v1/query', 'sum(count_over_time({sender="big"}[1h]))'), ackedLines, 'every acknowledged line is stored');
});
