import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, startProcess, tempDir, waitUntil } from '@srcobs/testkit';
import { SRCOBS_BIN, srcobs } from '../testing.js';

interface AuditJson {
  compliant: boolean;
  from: string;
  to: string;
  categories: Array<{ id: string; compliant: boolean; problems: string[]; linesPerDay: Array<{ day: string; lines: number }>; retentionDays: { configured: number; required: number }; alert: { state: string } }>;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/**
 * One request of each of test-app's OLA producers (apps/test-app): a good and a bad login
 * (auth_access), a burst of bad logins that trips its limiter (network_security), an admin export
 * (endpoint_user_activity and api_data_access), and a call through trace-app (system_application).
 */
async function feedEveryCategory(testApp: string, traceApp: string): Promise<void> {
  await (await post(`${testApp}/login`, { username: 'alice', password: 'wonderland' })).arrayBuffer();
  for (let i = 0; i < 7; i++) await (await post(`${testApp}/login`, { username: 'mallory', password: 'guess' })).arrayBuffer();
  await (await fetch(`${testApp}/admin/export`, { headers: { 'x-user': 'alice' } })).arrayBuffer();
  await (await fetch(`${traceApp}/fast`)).arrayBuffer();
}

// One stack with the playground, shared by every check: `srcobs up` as a user runs it, in a folder
// with a srcobs.yaml, no load generator so what is stored is what the tests send.
test('verify, audit, query and validate --live against a running `srcobs up`', { timeout: 240_000 }, async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.yaml'), 'retention:\n  logsDays:\n    system_application: 45\n');
  const [http, otlpHttp, otlpGrpc, testAppPort, traceAppPort, closed] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const up = startProcess(
    process.execPath,
    [SRCOBS_BIN, 'up', '--port', String(http), '--otlp-http-port', String(otlpHttp), '--otlp-grpc-port', String(otlpGrpc), '--test-app-port', String(testAppPort), '--trace-app-port', String(traceAppPort), '--rate', '0'],
    { cwd: dir, env: { ...process.env, NO_COLOR: '1' } },
  );
  t.after(() => up.stop(30_000));
  await up.waitFor(/srcobs is up/, 60_000);
  const run = (...args: string[]): ReturnType<typeof srcobs> => srcobs(args, { cwd: dir, timeoutMs: 90_000 });
  const testApp = `http://127.0.0.1:${testAppPort}`;
  const traceApp = `http://127.0.0.1:${traceAppPort}`;

  await t.test('status shows the retention of the srcobs.yaml in the folder', async () => {
    const r = await run('status', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status.retention.logCategoryDays.system_application, 45);
  });

  await t.test('audit on a stack where most categories have no line yet: out of compliance, exit 1, says why', async () => {
    const r = await run('audit', '--from', 'now-2m');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^auth_access +NO /m);
    assert.match(r.stdout, /auth_access: no line between/);
    assert.match(r.stderr, /Out of compliance: .*auth_access/);
    const json = await run('audit', '--from', 'now-2m', '--json');
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as AuditJson;
    assert.equal(report.compliant, false);
    assert.equal(report.categories.length, 5);
    assert.deepEqual(report.categories.find((c) => c.id === 'system_application')!.retentionDays, { configured: 45, required: 30 }, 'the config the stack applied');
  });

  await feedEveryCategory(testApp, traceApp);




  await t.test('verify passes on the healthy stack, and names the trace store when its API is dead', async () => {
    const [table, json, broken] = await Promise.all([run('verify'), run('verify', '--json'), run('verify', '--tempo-url', `http://127.0.0.1:${closed}`)]);
    assert.equal(table.code, 0, table.stderr + table.stdout);
    for (const hop of ['request', 'traces', 'logs', 'metrics']) assert.match(table.stdout, new RegExp(`^${hop} +pass +\\d+\\.\\d\\d s`, 'm'));
    assert.match(table.stdout, /trace-app "GET \/fast" → test-app "GET \/fast"/);
    assert.match(table.stdout, /All hops pass/);

    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { ok: boolean; traceId: string; hops: Array<{ name: string; ok: boolean; seconds: number }> };
    assert.equal(report.ok, true);
    assert.match(report.traceId, /^[0-9a-f]{32}$/);
    assert.deepEqual(report.hops.map((h) => [h.name, h.ok]), [['request', true], ['traces', true], ['logs', true], ['metrics', true]]);

    assert.equal(broken.code, 1, broken.stderr);
    assert.match(broken.stdout, /^traces +FAIL .*cannot reach the Tempo API/m);
    assert.match(broken.stdout, /^logs +pass/m);
    assert.match(broken.stderr, /Broken hop: traces \(trace in the trace store \(Tempo API\) at http:\/\/127\.0\.0\.1:\d+\)/);
  });

  await t.test('query runs PromQL, LogQL and TraceQL (language guessed), as a table or as the API\'s JSON', async () => {
    const prom = await run('query', 'sum by (job) (up)');
    assert.equal(prom.code, 0, prom.stderr);
    assert.match(prom.stdout, /^\{job="test-app"\} +1 /m);
    assert.match(prom.stdout, /^\{job="trace-app"\} +1 /m);
    const promJson = JSON.parse((await run('query', 'up{job="test-app"}', '--json')).stdout) as { resultType: string; result: Array<{ metric: Record<string, string> }> };
    assert.equal(promJson.resultType, 'vector');
    assert.equal(promJson.result[0]!.metric['namespace'], 'playground', 'scraped with the labels a ServiceMonitor gives');
    const range = await run('query', 'up{job="test-app"}', '--from', 'now-1m', '--step', '15s');
    assert.match(range.stdout, /^up\{.*job="test-app".*\}\n {2}time +value\n/m);

    const logs = await run('query', '{service_name="test-app"} |= "export"', '--limit', '5');
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^\d{4}-\d\d-\d\dT\S+Z \{.*service_name="test-app".*\} \{.*"action":"export"/m);
    const metric = await run('query', 'sum(count_over_time({service_name="test-app"}[10m]))');
    assert.match(metric.stdout, /^\{\} +\d+ /m);

    const traces = await run('query', '{ resource.service.name = "test-app" && span.http.route = "/admin/export" }', '--limit', '3');
    assert.equal(traces.code, 0, traces.stderr);
    assert.match(traces.stdout, /^trace id +root service +root span +start +duration\n[0-9a-f]{16,32} +test-app +GET \/admin\/export +\S+ +(?:\d+ ms|<1 ms)\n/);
  });

  await t.test('query: a parse error shows the server\'s message and where (exit 1); bad options exit 2; no server exits 3', async () => {
    const cases: Array<[string, RegExp]> = [
      ['sum(rate(up[5m]', /Prometheus \(400\): .*parse error/],
      ['{app="x"} |= ', /Loki \(400\): parse error at line 1, col 14/],
      ['{ span.foo = }', /Tempo \(400\): invalid TraceQL query: parse error at line 1, col 14/],
    ];
    for (const [expr, message] of cases) {
      const r = await run('query', expr);
      assert.equal(r.code, 1, expr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, new RegExp(`  ${expr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n +\\^`), 'a caret under the position');
    }
    assert.equal((await run('query', 'up', '--lang', 'sql')).code, 2);
    assert.equal((await run('query', 'up', '--from', 'yesterday-ish')).code, 2);
    const down = await run('query', 'up', '--url', `http://127.0.0.1:${closed}`);
    assert.equal(down.code, 3);
    assert.match(down.stderr, /cannot reach the Prometheus API/);
  });

  await t.test('audit over the hour before the stack existed: the silence is a gap for the 15-minute category', async () => {
    const r = await run('audit', '--from', 'now-1h');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /system_application: 1 gap longer than the 15m silence window/);
    assert.doesNotMatch(r.stdout, /auth_access: .*gap/, 'under its 6h window');
  });

  await t.test('audit --json is the object GET /api/srcobs/ola answers for the same range', async () => {
    const to = Math.floor(Date.now() / 1000) - 5;
    const from = to - 600;
    const cli = JSON.parse((await run('audit', '--from', String(from), '--to', String(to), '--json')).stdout) as AuditJson;
    const api = (await (await fetch(`http://127.0.0.1:${http}/api/srcobs/ola?from=${from}&to=${to}`)).json()) as AuditJson;
    // The alert state may change between the two calls (the ruler evaluates each minute).
    const strip = (r: AuditJson): unknown => ({ ...r, categories: r.categories.map((c) => ({ ...c, alert: { ...c.alert, state: '-' }, problems: c.problems.filter((p) => !/alert/.test(p)) })) });
    assert.deepEqual(strip(cli), strip(api));
  });

  await t.test('validate --live: panels and rules that return nothing locally are listed with their empty selectors', async () => {
    // A rate over 1m needs two scrapes in its window: wait for three, as a user would wait for a first chart.
    await waitUntil('three scrapes of test-app in the last minute', async () => {
      const r = (await (await fetch(`http://127.0.0.1:${http}/api/v1/query?query=${encodeURIComponent('count_over_time(up{job="test-app"}[1m])')}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
      return Number(r.data.result[0]?.value[1] ?? 0) >= 3 ? true : undefined;
    }, 60_000, 1000);
    const r = await run('validate', '--live');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /grafana\/dashboards\/srcobs-pipeline-health\.json\n/);
    assert.match(r.stdout, /Alloy: log lines sent \/ A: returns no data in the last 15m: loki_write_sent_entries_total\{\} selects nothing/);
    assert.match(r.stdout, /LogBatchesRejected: \{namespace="monitoring", app="alloy"\} selects nothing in the last 15m, so this alert can never fire/);
    // What the playground does produce is not reported: the RED dashboard and the target alerts.
    assert.doesNotMatch(r.stdout, /srcobs-service-red\.json/, r.stdout);
    assert.doesNotMatch(r.stdout, /ServiceNotScraped|TargetDown|OlaCategorySilent/, r.stdout);
    assert.match(r.stdout, /\d+ dashboard targets and rules checked/);
    assert.equal((await run('validate', '--live', '--strict')).code, 1, '--strict fails on empty queries');
  });

  await t.test('audit once every producer has written: each category has lines today and the report is compliant (exit 0)', async () => {
    // The Loki ruler evaluates each minute: a category judged silent just before its first line
    // keeps its alert firing until the next evaluation, so wait for the report to settle (this
    // check runs last, so most of that minute has passed in the checks before it).
    const settled = await waitUntil('a compliant report', async () => {
      const r = await run('audit', '--from', 'now-3m');
      return r.code === 0 ? r : undefined;
    }, 75_000, 2000);
    assert.match(settled.stdout, /Compliant: all 5 categories/);
    const json = JSON.parse((await run('audit', '--from', 'now-3m', '--json')).stdout) as AuditJson;
    const today = new Date().toISOString().slice(0, 10);
    for (const c of json.categories) {
      assert.ok((c.linesPerDay.find((d) => d.day === today)?.lines ?? 0) > 0, `${c.id} has lines today`);
      assert.equal(c.alert.state === 'firing', false, `${c.id} alert not firing`);
    }
  });

  const down = await run('down');
  assert.equal(down.code, 0, down.stderr);
});
