import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, requireBinary, startProcess, tempDir, waitUntil } from '@srcobs/testkit';
import { isStaleNaN } from '../../model/metrics.js';
import { startTestStack } from '../../testing/test-stack.js';

/**
 * An OpenMetrics endpoint: a counter with an exemplar, and a gauge that vanishes after the second
 * scrape so that Prometheus writes a staleness marker for it (and remote-writes that too).
 */
async function startFixture(t: import('node:test').TestContext): Promise<number> {
  let scrapes = 0;
  const server = createServer((_req, res) => {
    scrapes++;
    res.setHeader('content-type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
    let body = '# TYPE fixture_requests counter\n# HELP fixture_requests Requests served.\n';
    body += 'fixture_requests_total{path="/a"} 7 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 0.25\n';
    if (scrapes <= 2) body += '# TYPE fixture_temp gauge\nfixture_temp 21.5\n';
    res.end(`${body}# EOF\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

test('remote write: a real Prometheus 2.x scraping a fixture remote-writes samples, exemplars, metadata and staleness markers into the store', async (t) => {
  const prometheus = requireBinary(t, 'prometheus');
  if (!prometheus) return;
  const stack = await startTestStack(t);
  const fixturePort = await startFixture(t);
  const dir = await tempDir(t);
  const config = `
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: fixture
    static_configs:
      - targets: ['127.0.0.1:${fixturePort}']
remote_write:
  - url: ${stack.urls.http}/api/v1/write
    send_exemplars: true
    queue_config: { batch_send_deadline: 500ms, min_backoff: 100ms, max_backoff: 1s }
    metadata_config: { send: true, send_interval: 1s }
`;
  await writeFile(join(dir, 'prometheus.yml'), config);
  const webPort = await freePort();
  const proc = startProcess(prometheus, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${webPort}`,
    '--enable-feature=exemplar-storage',
  ]);
  t.after(() => proc.stop());

  const range = (): [number, number] => [0, Date.now() + 60_000];
  const counter = await waitUntil(
    'fixture_requests_total from Prometheus',
    () => stack.store.metrics.select([{ name: '__name__', op: '=', value: 'fixture_requests_total' }], ...range())[0],
    30_000,
  );
  assert.deepEqual({ ...counter.labels }, { __name__: 'fixture_requests_total', instance: `127.0.0.1:${fixturePort}`, job: 'fixture', path: '/a' });
  assert.equal(counter.values[0], 7);

  const up = await waitUntil('up from Prometheus', () => stack.store.metrics.select([{ name: '__name__', op: '=', value: 'up' }, { name: 'job', op: '=', value: 'fixture' }], ...range())[0]);
  assert.equal(up.values[0], 1);

  const stale = await waitUntil('a staleness marker for fixture_temp', () => {
    const s = stack.store.metrics.select([{ name: '__name__', op: '=', value: 'fixture_temp' }], ...range())[0];
    return s && [...s.values].some(isStaleNaN) ? s : undefined;
  }, 30_000);
  assert.equal(stale.values[0], 21.5, 'the value before the marker is intact');

  const exemplars = await waitUntil('the exemplar', () => stack.store.metrics.exemplars([[{ name: '__name__', op: '=', value: 'fixture_requests_total' }]], ...range())[0], 30_000);
  assert.equal(exemplars.exemplars[0]!.labels['trace_id'], '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.equal(exemplars.exemplars[0]!.value, 0.25);

  const metadata = await waitUntil('metadata', () => stack.store.metrics.metadata('fixture_requests')['fixture_requests'], 30_000);
  assert.equal(metadata[0]!.type, 'counter');
  assert.equal(metadata[0]!.help, 'Requests served.');
});
