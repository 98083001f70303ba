import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { waitUntil } from '@srcobs/testkit';
import { DEFAULT_LIMITS } from '../../local-stack.js';
import { isStaleNaN } from '../../model/metrics.js';
import type { Store } from '../../model/store.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { seriesByName, startTestStack } from '../../testing/test-stack.js';
import { createIngester } from '../ingester.js';
import { NOOP_INGEST_OBSERVER } from '../observer.js';
import { ScrapeLoop, SCRAPE_ACCEPT_HEADER } from './scrape-loop.js';

/** A target whose answer the test changes between scrapes, recording the request headers. */
async function startTarget(t: TestContext, initial: { type: string; body: string }) {
  const state = { ...initial, headers: undefined as IncomingHttpHeaders | undefined };
  const server = createServer((req, res) => {
    state.headers = req.headers;
    res.setHeader('content-type', state.type);
    res.end(state.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const close = () => (closed ? Promise.resolve() : ((closed = true), new Promise<void>((r) => server.close(() => r()))));
  t.after(close);
  server.on('connection', (s) => t.after(() => s.destroy()));
  return { state, port, url: `http://127.0.0.1:${port}/metrics`, close };
}

function loopFor(store: Store, url: string, job = 'app'): ScrapeLoop {
  return new ScrapeLoop({ job, url, intervalMs: 60_000, timeoutMs: 2_000, maxBodyBytes: 1 << 20 }, createIngester(store, DEFAULT_LIMITS, NOOP_INGEST_OBSERVER));
}

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OM = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

test('scrape: the text format, with target labels winning over scraped ones (honor_labels: false) and the report series', async (t) => {
  const target = await startTarget(t, {
    type: TEXT,
    body: '# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200",job="inner",instance="x"} 10\nhttp_requests_total{code="500"} 1 1700000000000\n',
  });
  const store = createInMemoryStore();
  const loop = loopFor(store, target.url);
  const result = await loop.scrapeOnce();
  assert.equal(result.up, true, result.error);
  assert.equal(target.state.headers?.['accept'], SCRAPE_ACCEPT_HEADER, 'OpenMetrics preferred, as Prometheus asks');
  const ok = seriesByName(store, 'http_requests_total').find((s) => s.labels['code'] === '200')!;
  assert.deepEqual(ok.labels, { __name__: 'http_requests_total', code: '200', exported_job: 'inner', exported_instance: 'x', job: 'app', instance: `127.0.0.1:${target.port}` });
  const explicit = store.metrics.select([{ name: 'code', op: '=', value: '500' }], 0, Date.now() + 1000)[0]!;
  assert.deepEqual([...explicit.timestamps], [1_700_000_000_000], 'an explicit timestamp is honoured');
  const report = (name: string) => seriesByName(store, name)[0]!.values.at(-1);
  assert.equal(report('up'), 1);
  assert.equal(report('scrape_samples_scraped'), 2);
  assert.equal(report('scrape_samples_post_metric_relabeling'), 2);
  assert.equal(report('scrape_series_added'), 1, 'the sample with an explicit timestamp is not tracked as a scraped series');
  assert.ok(report('scrape_duration_seconds')! > 0);
  assert.equal(store.metrics.metadata('http_requests_total')['http_requests_total']?.[0]?.type, 'counter');
  const upTime = seriesByName(store, 'up')[0]!;
  const sampleTime = store.metrics.select([{ name: 'code', op: '=', value: '200' }], 0, Date.now() + 1000)[0]!.timestamps[0];
  assert.equal(sampleTime, store.metrics.select([{ name: '__name__', op: '=', value: 'up' }], 0, Date.now() + 1000)[0]!.timestamps[0], 'samples carry the scrape start time');
  assert.equal(upTime.values.length, 1);
});

test('scrape: OpenMetrics with exemplars; _created series are left out; a series that vanishes gets a staleness marker', async (t) => {
  const target = await startTarget(t, {
    type: OM,
    body: [
      '# TYPE rpc counter',
      'rpc_total{method="get"} 5 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 1.5 1700000000.123',
      'rpc_created{method="get"} 1700000000.0',
      '# TYPE temp gauge',
      '# UNIT temp celsius',
      'temp 21.5',
      '# EOF',
      '',
    ].join('\n'),
  });
  const store = createInMemoryStore();
  const loop = loopFor(store, target.url);
  assert.equal((await loop.scrapeOnce()).up, true);
  assert.equal(seriesByName(store, 'rpc_created').length, 0);
  const [ex] = store.metrics.exemplars([[{ name: '__name__', op: '=', value: 'rpc_total' }]], 0, Date.now() + 1000);
  assert.deepEqual(ex!.exemplars[0], { labels: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' }, value: 1.5, t: 1_700_000_000_123 });

  target.state.body = '# TYPE rpc counter\nrpc_total{method="get"} 6\n# EOF\n';
  await new Promise((r) => setTimeout(r, 5));
  assert.equal((await loop.scrapeOnce()).up, true);
  const temp = store.metrics.select([{ name: '__name__', op: '=', value: 'temp' }], 0, Date.now() + 1000)[0]!;
  assert.equal(temp.values.length, 2);
  assert.equal(temp.values[0], 21.5);
  assert.ok(isStaleNaN(temp.values[1]!), 'the vanished series got Prometheus staleness marker');
  assert.equal(seriesByName(store, 'scrape_series_added')[0]!.values.at(-1), 0);
});

test('scrape: a target that dies gets up=0 and staleness markers for all its series; a malformed exposition fails the scrape', async (t) => {
  const target = await startTarget(t, { type: TEXT, body: 'a 1\nb{x="1"} 2\n' });
  const store = createInMemoryStore();
  const loop = loopFor(store, target.url);
  assert.equal((await loop.scrapeOnce()).up, true);
  target.state.body = 'a 1\nb{x="1" 2\n';
  await new Promise((r) => setTimeout(r, 5));
  const broken = await loop.scrapeOnce();
  assert.equal(broken.up, false);
  assert.match(broken.error ?? '', /line 2/);
  assert.ok(isStaleNaN(seriesByName(store, 'b')[0]!.values.at(-1)!), 'a failed scrape marks the previous series stale');
  target.state.body = 'a 1\n';
  await new Promise((r) => setTimeout(r, 5));
  assert.equal((await loop.scrapeOnce()).up, true);
  await target.close();
  await new Promise((r) => setTimeout(r, 5));
  const down = await loop.scrapeOnce();
  assert.equal(down.up, false);
  assert.deepEqual(seriesByName(store, 'up')[0]!.values, [1, 0, 1, 0]);
  assert.ok(isStaleNaN(seriesByName(store, 'a')[0]!.values.at(-1)!));
  await loop.stop();
  assert.ok(isStaleNaN(seriesByName(store, 'up')[0]!.values.at(-1)!), 'stopping marks the report series stale too');
});

test('scrape: the local stack scrapes its configured targets on their interval', async (t) => {
  const target = await startTarget(t, { type: TEXT, body: 'jobs_running 3\n' });
  const stack = await startTestStack(t, { scrape: { targets: [{ job: 'worker', url: target.url, labels: { team: 'core' } }], intervalMs: 100, timeoutMs: 1_000 } });
  const series = await waitUntil('three scrapes', () => {
    const s = seriesByName(stack.store, 'jobs_running')[0];
    return s && s.values.length >= 3 ? s : undefined;
  });
  assert.deepEqual(series.labels, { __name__: 'jobs_running', job: 'worker', instance: `127.0.0.1:${target.port}`, team: 'core' });
  assert.equal(stack.scrapeStatus()[0]?.last?.up, true);
});
