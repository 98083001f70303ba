import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { tempDir } from '@srcobs/testkit';
import { fuzzQueryRequest, QUERY_ENDPOINTS } from './fuzz-queries.js';
import { INTACT, mutatedRequest, receiverCase } from './fuzz-receivers.js';
import { missing, readBack } from './read-back.js';
import { createSenderState, sendRequest, startSenders } from './senders.js';
import { startStackChild, type StackChild } from './stack-child.js';
import { ALL_OR_NOTHING_SIGNALS, WIRE_SIGNALS, type WireSignal } from './wire-items.js';

/** Fixed so a failure reproduces; SRCOBS_FUZZ_SEED and SRCOBS_FUZZ_RUNS (a multiplier) explore further. */
const SEED = Number(process.env['SRCOBS_FUZZ_SEED'] ?? 20_250_802);
const RUNS_FACTOR = Number(process.env['SRCOBS_FUZZ_RUNS'] ?? 1);
const QUERY_RUNS = 600 * RUNS_FACTOR;
const RECEIVER_RUNS = 300 * RUNS_FACTOR;
/** Query time limits of the fuzzed stack: short, so that an expensive random query costs seconds, not minutes. */
const QUERY_TIMEOUT_MS = 5_000;
/** What the real Prometheus, Loki and Tempo answer to client mistakes, besides success. */
const CLIENT_ERRORS = new Set([400, 404, 405, 406, 413, 414, 415, 422, 429, 431]);

const LOKI_SELECTOR = encodeURIComponent('{sender="loki"}');
/** Requests the fuzzer found answered 500 or starting unbounded work; all are client mistakes (400). */
const REGRESSIONS = [
  // A broken percent-escape in a path parameter.
  '/api/v1/label/%E0%A4%A/values',
  '/api/traces/%zz',
  '/loki/api/v1/label/%/values',
  '/api/search/tag/%ff/values',
  // Loki times and steps beyond int64 nanoseconds (Loki's own parser refuses them).
  '/loki/api/v1/detected_labels?end=9999999999999999999999',
  `/loki/api/v1/query_range?query=${LOKI_SELECTOR}&step=1e400`,
  // A volume_range of more than 11,000 points.
  `/loki/api/v1/index/volume_range?query=${LOKI_SELECTOR}&since=99999999999h`,
  `/loki/api/v1/index/volume_range?query=${LOKI_SELECTOR}&start=0&step=0.001`,
  // An OLA report range no Date can hold, or hundreds of thousands of years long.
  '/api/srcobs/ola?from=9999999999999999999999',
  '/api/srcobs/ola?from=now-99999999d',
];

/** A 503/504 is fine only as a query timeout, which Prometheus (503) and Loki (504) answer. */
function acceptable(status: number, body: string): boolean {
  if (status >= 200 && status < 300) return true;
  if (CLIENT_ERRORS.has(status)) return true;
  return (status === 503 || status === 504) && /timed? ?out|timeout/i.test(body);
}

/** fast-check names the shrunk counterexample but not what the assertion said about it: this keeps both. */
async function assertProperty<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, runs: number, stack: StackChild): Promise<void> {
  let last: unknown;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    try {
      await check(value);
    } catch (error) {
      last = error;
      throw error;
    }
  });
  await fc.assert(property, { seed: SEED, numRuns: runs }).catch((error: unknown) => {
    const internal = stack.log().split('\n').filter((l) => /internal error/.test(l) || /^\s+at /.test(l)).slice(-20).join('\n');
    throw new Error(`${(error as Error).message}\nlast failure: ${last instanceof Error ? last.message : String(last)}\nthe stack's log:\n${internal}`);
  });
}

async function healthy(stack: StackChild): Promise<void> {
  assert.ok(stack.alive(), `the stack process is alive\n${stack.log().slice(-3000)}`);
  assert.equal((await sendRequest('GET', `${stack.urls.http}/healthz`, {}, undefined)).status, 200);
}

test(`bad input: ${QUERY_RUNS} random requests over every query endpoint (Prometheus, Loki, Tempo, srcobs) get answers a client can act on, never a 5xx or a crash (seed ${SEED})`, async (t) => {
  const dir = await tempDir(t);
  const stack = await startStackChild({
    environment: true,
    playground: false,
    stateDir: join(dir, 'state'),
    stack: { dataDir: join(dir, 'data'), prometheus: { engine: { timeoutMs: QUERY_TIMEOUT_MS } }, loki: { engine: { timeoutMs: QUERY_TIMEOUT_MS } }, tempo: { limits: { timeoutMs: QUERY_TIMEOUT_MS } } },
  });
  t.after(() => stack.kill());
  // Something to find: a second of every signal.
  const state = createSenderState(WIRE_SIGNALS);
  const senders = startSenders(stack.urls, state, { lanes: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await senders.stop();

  const byStatus = new Map<number, number>();
  const hit = new Set<string>();
  await assertProperty(
    fuzzQueryRequest,
    async (r) => {
      const res = await sendRequest(r.method, `${stack.urls.http}${r.target}`, r.headers, r.body, QUERY_TIMEOUT_MS * 4);
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      hit.add(r.target.split('?')[0]!.replace(/\/(api\/(?:v2\/)?traces|label|tag|rules)\/[^/]*/, '/$1/{}'));
      assert.ok(acceptable(res.status, res.body), `${r.method} ${r.target.slice(0, 300)} body=${String(r.body).slice(0, 200)} -> ${res.status} ${res.body.slice(0, 300)}`);
      if (res.status >= 400 && r.method !== 'HEAD') assert.ok(res.body.trim().length > 0, `${r.method} ${r.target.slice(0, 200)}: a ${res.status} says why`);
    },
    QUERY_RUNS,
    stack,
  );
  t.diagnostic(`answers: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ')}; ${hit.size} paths of ${QUERY_ENDPOINTS.length} endpoints`);
  await healthy(stack);
  assert.ok((byStatus.get(200) ?? 0) > QUERY_RUNS / 10, 'many requests were valid enough to be answered');
  assert.ok((byStatus.get(400) ?? 0) > QUERY_RUNS / 10, 'many were refused as bad');
  // Regressions, each a 500 (or an unbounded job) before this test found it.
  for (const path of REGRESSIONS) {
    const res = await sendRequest('GET', `${stack.urls.http}${path}`, {}, undefined);
    assert.equal(res.status, 400, `${path}: ${res.body.slice(0, 200)}`);
  }
  // Every acknowledged batch is still there after the storm.
  for (const [signal, ledger] of state.ledgers) {
    const found = await readBack({ http: stack.urls.http! }, signal, state.clock, ledger.acked);
    assert.deepEqual(missing(ledger.acked, found), [], `${signal} written before the storm`);
  }
});

test(`bad input: ${RECEIVER_RUNS} numbered batches sent wrong to every receiver: refused ones leave nothing behind, intact ones are stored whole, on SQLite in a separate process (seed ${SEED})`, async (t) => {
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t) } });
  t.after(() => stack.kill());
  const state = createSenderState(WIRE_SIGNALS);
  const ids = new Map<WireSignal, { next: number; intact: number[]; refused: number[] }>(WIRE_SIGNALS.map((s) => [s, { next: 0, intact: [], refused: [] }]));
  const byStatus = new Map<number, number>();
  await assertProperty(
    receiverCase,
    async (c) => {
      const book = ids.get(c.signal)!;
      const id = book.next++;
      const { method, wire, query } = mutatedRequest(c, state.clock, id);
      const base = wire.port === 'http' ? stack.urls.http : stack.urls.otlpHttp;
      const res = await sendRequest(method, `${base}${wire.path}${query}`, wire.headers, method === 'GET' ? undefined : wire.body);
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      const what = `${c.signal} ${c.mutation} (batch ${id}) -> ${res.status} ${res.body.slice(0, 200)}`;
      assert.ok(res.status < 500 && res.status > 0, what);
      const intact = INTACT.has(c.mutation) || (c.mutation === 'poison' && !ALL_OR_NOTHING_SIGNALS.includes(c.signal));
      if (intact) {
        assert.ok(res.status >= 200 && res.status < 300, `an intact batch is accepted: ${what}`);
        book.intact.push(id);
      } else if (c.mutation === 'poison' || c.mutation === 'method' || c.mutation === 'content-type' || c.mutation === 'encoding') {
        assert.ok(res.status >= 400, `refused: ${what}`);
      }
      if (res.status >= 400) book.refused.push(id);
    },
    RECEIVER_RUNS,
    stack,
  );
  t.diagnostic(`answers: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  await healthy(stack);
  for (const [signal, book] of ids) {
    const found = await readBack({ http: stack.urls.http! }, signal, state.clock, [...book.intact, ...book.refused]);
    assert.deepEqual(missing(book.intact, found), [], `${signal}: intact batches stored whole`);
    assert.deepEqual(book.refused.filter((id) => found.has(id)), [], `${signal}: refused batches left nothing (no partial write)`);
  }
});
