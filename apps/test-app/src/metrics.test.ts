import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { samples, sampleSum, startService, type RunningService } from '@srcobs/sdk/testing';
import { freePort, requireBinary, startProcess, tempDir, waitUntil } from '@srcobs/testkit';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const OPENMETRICS = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';

async function traffic(service: RunningService): Promise<void> {
  const get = (path: string, init?: RequestInit): Promise<number> => fetch(`${service.url}${path}`, init).then(async (r) => (await r.arrayBuffer(), r.status));
  assert.equal(await get('/fast'), 200);
  assert.equal(await get('/items/1'), 200);
  assert.equal(await get('/items/3?page=2'), 200);
  assert.equal(await get('/items/99'), 404);
  assert.equal(await get('/no/such/path/7f3a'), 404);
  assert.equal(await get('/fail'), 500);
  assert.equal(await get('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"bob","password":"builder"}' }), 200);
}

async function scrape(service: RunningService, accept?: string): Promise<{ type: string; body: string }> {
  const res = await fetch(`${service.url}/metrics`, accept ? { headers: { accept } } : {});
  assert.equal(res.status, 200);
  return { type: res.headers.get('content-type') ?? '', body: await res.text() };
}

test('/metrics: route templates (never raw URLs), status codes, exemplars in OpenMetrics, and promtool finds no fault', async (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  const service = await startService({ main: MAIN, env: { OTEL_TRACES_EXPORTER: 'none' } });
  t.after(() => service.stop());
  const [first] = service.logLines();
  assert.equal(first?.['msg'], 'listening', 'no warning: the register hook is active');
  assert.equal(first?.['service'], 'test-app', 'without OTEL_SERVICE_NAME the hook names the service after its package');
  await traffic(service);

  const classic = await scrape(service);
  assert.match(classic.type, /^text\/plain; version=0\.0\.4/);
  const count = (labels: Record<string, string>): number => sampleSum(classic.body, 'http_server_request_duration_seconds_count', labels);
  assert.equal(count({ route: '/fast', method: 'GET', status_code: '200' }), 1);
  assert.equal(count({ route: '/items/:id', status_code: '200' }), 2, 'both /items/1 and /items/3 count under the template');
  assert.equal(count({ route: '/items/:id', status_code: '404' }), 1);
  assert.equal(count({ route: 'unmatched', status_code: '404' }), 1);
  assert.equal(count({ route: '/fail', status_code: '500' }), 1);
  assert.equal(count({ route: '/login', method: 'POST', status_code: '200' }), 1);
  const routes = new Set(samples(classic.body, 'http_server_request_duration_seconds_count').map((s) => s.labels['route']));
  for (const route of routes) assert.doesNotMatch(String(route), /\d|\?/, `route label ${route} holds a concrete URL`);
  assert.ok(sampleSum(classic.body, 'process_cpu_seconds_total') > 0, 'default process metrics are there');
  assert.equal(samples(classic.body, 'srcobs_sdk_dropped_total', { signal: 'traces' }).length, 1);
  assert.doesNotMatch(classic.body, / # \{/, 'no exemplars in the classic format');

  const check = spawnSync(promtool, ['check', 'metrics'], { input: classic.body, encoding: 'utf8' });
  assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);

  const open = await scrape(service, OPENMETRICS);
  assert.match(open.type, /^application\/openmetrics-text; version=1\.0\.0/);
  assert.match(open.body, /# EOF\n$/);
  const withExemplar = samples(open.body, 'http_server_request_duration_seconds_bucket', { route: '/fast' }).filter((s) => s.exemplar);
  assert.equal(withExemplar.length, 1, 'one bucket of /fast carries the exemplar');
  assert.match(String(withExemplar[0]!.exemplar!['trace_id']), /^[0-9a-f]{32}$/);
  assert.equal(sampleSum(open.body, 'srcobs_sdk_dropped_total', { signal: 'traces' }), 0);
  assert.match(open.body, /^# TYPE srcobs_sdk_dropped counter$/m, 'OpenMetrics names the counter family without _total');
});

test('a real Prometheus scrapes test-app (OpenMetrics, exemplars stored) and answers for http_server_request_duration_seconds_count', async (t) => {
  const prometheus = requireBinary(t, 'prometheus');
  if (!prometheus) return;
  const service = await startService({ main: MAIN, env: { OTEL_TRACES_EXPORTER: 'none' } });
  t.after(() => service.stop());
  const dir = await tempDir(t);
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: test-app',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${service.port}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const prom = startProcess(prometheus, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--enable-feature=exemplar-storage',
  ]);
  t.after(() => prom.stop());
  const api = `http://127.0.0.1:${port}`;
  await waitUntil('prometheus ready', async () => (await fetch(`${api}/-/ready`)).ok, 20_000);
  await traffic(service);

  const query = async (expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const body = (await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    return body.data.result;
  };
  const fast = await waitUntil('Prometheus to have scraped /fast', async () => {
    const result = await query('http_server_request_duration_seconds_count{job="test-app",route="/fast"}');
    return result.length === 1 && Number(result[0]!.value[1]) >= 1 ? result : undefined;
  }, 20_000);
  assert.equal(fast[0]!.metric['status_code'], '200');
  assert.equal(fast[0]!.metric['method'], 'GET');
  const items = await query('sum(http_server_request_duration_seconds_count{job="test-app",route="/items/:id"})');
  assert.equal(Number(items[0]!.value[1]), 3);

  const targets = (await (await fetch(`${api}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
  assert.equal(targets.data.activeTargets[0]?.health, 'up', targets.data.activeTargets[0]?.lastError);

  const now = Date.now() / 1000;
  const exemplars = (await (
    await fetch(`${api}/api/v1/query_exemplars?query=${encodeURIComponent('http_server_request_duration_seconds_bucket{route="/fast"}')}&start=${now - 300}&end=${now + 60}`)
  ).json()) as { data: Array<{ exemplars: Array<{ labels: Record<string, string> }> }> };
  const traceIds = exemplars.data.flatMap((series) => series.exemplars.map((e) => e.labels['trace_id']));
  assert.equal(traceIds.length, 1, 'Prometheus stored the exemplar of /fast');
  assert.match(String(traceIds[0]), /^[0-9a-f]{32}$/);
});
