import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds, tempDir } from '@srcobs/testkit';
import { encodeOtlpRequest } from '../ingest/otlp/codec.js';
import { encodeLokiPush } from '../ingest/wire.js';
import { post, sendRequest, startSenders, createSenderState, type SendResult } from './senders.js';
import { startStackChild, type StackChild } from './stack-child.js';
import { WIRE_SIGNALS } from './wire-items.js';

const MIB = 1024 * 1024;
/** Query time limit of the regex test's stack (every language). */
const QUERY_TIMEOUT_MS = 1_500;
/** How long past its limit a stuck job may hold its worker before the runner terminates it (the runner's default). */
const TERMINATE_GRACE_MS = 5_000;
/** A bound for "never hangs": limit, grace, and room for a busy 2-core CI machine. */
const ANSWER_BOUND_MS = QUERY_TIMEOUT_MS + TERMINATE_GRACE_MS + 10_000;
/** 41 characters that make `(a+)+$` backtrack about 2^40 times in a backtracking regex engine. */
const EVIL = `${'a'.repeat(40)}b`;

test('security: an over-long URL is 414, huge headers 431, an oversized form body or push 413, each answered at once', async (t) => {
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t) } });
  t.after(() => stack.kill());
  const url = await sendRequest('GET', `${stack.urls.http}/api/v1/query?query=${'a'.repeat(MIB)}`, {}, undefined, 10_000);
  assert.equal(url.status, 414, url.body);
  assert.match(url.body, /POST form body/, 'the 414 says what to do instead');
  const headers = await sendRequest('GET', `${stack.urls.http}/healthz`, { 'x-big': 'b'.repeat(64 * 1024) }, undefined, 10_000);
  assert.equal(headers.status, 431);
  for (const path of ['/api/v1/query', '/loki/api/v1/query_range', '/api/v1/series']) {
    const form = await sendRequest('POST', `${stack.urls.http}${path}`, { 'content-type': 'application/x-www-form-urlencoded' }, `query=${'x'.repeat(20 * MIB)}`, 30_000);
    assert.equal(form.status, 413, `${path}: a 20 MiB form body (${form.body.slice(0, 200)})`);
  }
  // A push declaring 1 GiB is refused before a byte of it is read.
  const declared = await new Promise<number>((resolve, reject) => {
    const req = request(`${stack.urls.http}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1024 ** 3 } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    req.write('{');
  });
  assert.equal(declared, 413);
  assert.equal((await sendRequest('GET', `${stack.urls.http}/healthz`, {}, undefined)).status, 200);
});

async function restarts(stack: StackChild): Promise<number> {
  const text = (await sendRequest('GET', `${stack.urls.http}/metrics`, {}, undefined)).body;
  return Number(/^srcobs_query_worker_restarts_total (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** Data on which `(a+)+$` backtracks: a label value, a log line, a span name and attribute. */
async function ingestEvilData(stack: StackChild): Promise<void> {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const evilAttr = [{ key: 'evil', value: { stringValue: EVIL } }];
  const metrics = encodeOtlpRequest('metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'evil_gauge', gauge: { dataPoints: [{ timeUnixNano: String(nowNs), asDouble: 1, attributes: evilAttr }] } }] }] }] });
  const spans = [{ traceId: 'e0'.repeat(16), spanId: 'e1'.repeat(8), name: EVIL, startTimeUnixNano: String(nowNs), endTimeUnixNano: String(nowNs + 1000n), attributes: evilAttr }];
  const traces = encodeOtlpRequest('traces', { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'evil' } }] }, scopeSpans: [{ spans }] }] });
  const proto = { 'content-type': 'application/x-protobuf' };
  for (const r of [await post(`${stack.urls.otlpHttp}/v1/metrics`, proto, metrics), await post(`${stack.urls.otlpHttp}/v1/traces`, proto, traces), await post(`${stack.urls.http}/loki/api/v1/push`, proto, encodeLokiPush([{ labels: '{app="evil"}', entries: [{ tsNs: nowNs, line: EVIL }] }]))])
    assert.ok(r.status >= 200 && r.status < 300, r.body);
}

const EVIL_QUERIES: ReadonlyArray<readonly [string, string]> = [
  ['PromQL label matcher', `/api/v1/query?query=${encodeURIComponent('evil_gauge{evil=~"(a+)+$"}')}`],
  ['LogQL line filter', `/loki/api/v1/query_range?query=${encodeURIComponent('{app="evil"} |~ "(a+)+$"')}&since=1h`],
  ['TraceQL regex', `/api/search?q=${encodeURIComponent('{ span.evil =~ "(a+)+$" || name =~ "(a+)+$" }')}`],
];

const OTHER_QUERIES = ['/api/v1/query?query=count(reliability_rw)', `/loki/api/v1/query?query=${encodeURIComponent('count_over_time({sender="loki"}[5m])')}`, '/api/search?q=%7B%7D&limit=5'];

test('security: a pathological regex in PromQL, LogQL or TraceQL gets a timeout error; its stuck worker is terminated and replaced while ingest and other queries go on', async (t) => {
  const timeouts = { timeoutMs: QUERY_TIMEOUT_MS };
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t), prometheus: { workers: 2, engine: timeouts }, loki: { engine: timeouts }, tempo: { limits: timeouts } } });
  t.after(() => stack.kill());
  await ingestEvilData(stack);
  const state = createSenderState(WIRE_SIGNALS);
  const senders = startSenders(stack.urls, state, { lanes: 1, pauseMs: 20 });
  t.after(() => senders.stop());
  const restartsBefore = await restarts(stack);

  for (const [language, path] of EVIL_QUERIES) {
    let evil: SendResult | undefined;
    const acksBefore = [...state.ledgers.values()].reduce((n, l) => n + l.acked.length, 0);
    const pending = sendRequest('GET', `${stack.urls.http}${path}`, {}, undefined, ANSWER_BOUND_MS).then((r) => (evil = r));
    // While the evil query holds one worker, the other answers everything else.
    let answered = 0;
    while (evil === undefined) {
      for (const other of OTHER_QUERIES) {
        const r = await sendRequest('GET', `${stack.urls.http}${other}`, {}, undefined, ANSWER_BOUND_MS);
        assert.equal(r.status, 200, `${other} while the ${language} query is stuck: ${r.body.slice(0, 200)}`);
        if (evil === undefined) answered++;
      }
      await sleep(100);
    }
    await pending;
    const acks = [...state.ledgers.values()].reduce((n, l) => n + l.acked.length, 0) - acksBefore;
    t.diagnostic(`${language}: ${evil.status} ${evil.body.trim().slice(0, 120)}; meanwhile ${answered} other queries answered and ${acks} ingest requests acknowledged`);
    assert.ok(evil.status === 503 || evil.status === 504, `${language}: a timeout status, not ${evil.status} (0: no answer within ${ANSWER_BOUND_MS} ms)`);
    assert.match(evil.body, /timed out|timeout/i);
    assert.ok(answered > 0 && acks > 0, `${language}: other queries (${answered}) and ingest (${acks}) went on meanwhile`);
  }
  assert.equal((await restarts(stack)) - restartsBefore, EVIL_QUERIES.length, 'each stuck worker was terminated and replaced');
  // Terminated, not abandoned: no thread keeps spinning on the regex.
  await senders.stop();
  const cpu = (await cpuSeconds(stack.pid))!;
  await sleep(2_000);
  const used = (await cpuSeconds(stack.pid))! - cpu;
  assert.ok(used < 1, `the idle stack used ${used.toFixed(2)} CPU seconds in 2 s: a stuck regex still runs`);
  for (const other of OTHER_QUERIES) assert.equal((await sendRequest('GET', `${stack.urls.http}${other}`, {}, undefined)).status, 200, `${other} after the replacements`);
});
