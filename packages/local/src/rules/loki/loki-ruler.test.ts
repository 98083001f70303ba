// The Loki ruler on the rule file @srcobs/stack renders for the Loki ruler (the OLA silence
// alerts), evaluated like the Prometheus rules, and shown on the Loki rules APIs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, renderStack } from '@srcobs/stack';
import { OLA_CATEGORIES } from '@srcobs/ola';
import { parse } from 'yaml';
import { createLokiApi } from '../../http/routes/loki-api.js';
import { LOGQL_JOB_MODULE } from '../../query/logql/jobs.js';
import { createQueryRunner } from '../../query/runner/runner.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { startTestStack } from '../../testing/test-stack.js';
import { createLokiRuler, parseLokiRuleFile } from './loki-ruler.js';

const MIN = 60_000;
const T = Date.UTC(2024, 0, 1, 12, 0, 0);
const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;

function olaRuleFile(): { name: string; text: string } {
  const file = renderStack(defaultConfig()).find((f) => f.kind === 'loki-rules');
  assert.ok(file, 'the stack renders a Loki rule file');
  return { name: file.path, text: file.content };
}

interface AlertJson {
  labels: Record<string, string>;
  state: string;
}

test('the OLA rule file the stack renders loads as it is, one silence alert per category', () => {
  const { name, text } = olaRuleFile();
  const groups = parseLokiRuleFile(text, name);
  const silence = groups.find((g) => g.name === 'srcobs.ola')!;
  assert.deepEqual(silence.rules.map((r) => r.labels['ola_category']).sort(), [...OLA_CATEGORIES].sort());
  for (const r of silence.rules) assert.match(r.expr, /^absent_over_time\(\{ola_category="[a-z_]+"\}\[\d+[hm]\]\)$/);
  assert.throws(() => parseLokiRuleFile('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(http_requests_total[5m]) > 0\n', 'bad.yaml'), /could not parse expression: parse error/);
});

test('silent categories fire; categories with recent lines do not; the rejected-batches rule fires on Alloy\'s error line', async (t) => {
  const store = createInMemoryStore();
  // Lines for three categories within their windows (6h, 6h, 15m: system_application's is the shortest).
  await store.appendLogs({
    streams: [
      { labels: { ola_category: 'auth_access', source: 'pod' }, entries: [{ tsNs: ns(T - 30 * MIN), line: 'login ok' }] },
      { labels: { ola_category: 'system_application', source: 'pod' }, entries: [{ tsNs: ns(T - 5 * MIN), line: 'app started' }] },
      { labels: { ola_category: 'api_data_access', source: 'pod' }, entries: [{ tsNs: ns(T - 2 * 60 * MIN), line: 'read secret' }] },
      { labels: { namespace: 'monitoring', app: 'alloy', pod: 'alloy-0', source: 'pod' }, entries: [{ tsNs: ns(T - MIN), line: 'level=error msg="final error sending batch" status=400' }] },
    ],
  });
  const runner = createQueryRunner({ readers: store, modules: [{ url: LOGQL_JOB_MODULE }] });
  t.after(() => runner.close());
  const ruler = await createLokiRuler({ runner, texts: [olaRuleFile()], now: () => T });
  await ruler.evaluateAt(T);
  const alerts = (ruler.alerts() as { alerts: AlertJson[] }).alerts;
  const firing = alerts.filter((a) => a.state === 'firing').map((a) => a.labels['ola_category'] ?? a.labels['alertname']);
  // api_data_access's window is 1h and its last line is 2h old: silent.
  assert.deepEqual(firing.sort(), ['LogBatchesRejected', 'api_data_access', 'endpoint_user_activity', 'network_security']);
  const silent = alerts.find((a) => a.labels['ola_category'] === 'network_security')!;
  assert.deepEqual(silent.labels, { alertname: 'OlaCategorySilent', ola_category: 'network_security', severity: 'critical' });
  for (const g of ruler.groups) for (const r of g.rules) assert.equal(r.health, 'ok', `${r.spec.name}: ${r.lastError}`);
});

test('for keeps an alert pending until it has held long enough, as with Prometheus rules', async (t) => {
  const store = createInMemoryStore();
  const runner = createQueryRunner({ readers: store, modules: [{ url: LOGQL_JOB_MODULE }] });
  t.after(() => runner.close());
  const text = 'groups:\n  - name: quiet\n    interval: 1m\n    rules:\n      - alert: NoCheckout\n        expr: absent_over_time({app="checkout"}[5m])\n        for: 2m\n        labels: {team: shop}\n';
  const ruler = await createLokiRuler({ runner, texts: [{ name: 'shop.yaml', text }] });
  const states = async (at: number): Promise<string[]> => {
    await ruler.evaluateAt(at);
    return (ruler.alerts() as { alerts: AlertJson[] }).alerts.map((a) => a.state);
  };
  assert.deepEqual(await states(T), ['pending']);
  assert.deepEqual(await states(T + MIN), ['pending']);
  assert.deepEqual(await states(T + 2 * MIN), ['firing']);
  await store.appendLogs({ streams: [{ labels: { app: 'checkout' }, entries: [{ tsNs: ns(T + 2 * MIN + 1), line: 'order' }] }] });
  assert.deepEqual(await states(T + 3 * MIN), []);
});

test('the Loki rules API shows the groups by namespace, and /prometheus/api/v1 the rules and alerts Grafana reads', async (t) => {
  const store = createInMemoryStore();
  const runner = createQueryRunner({ readers: store, modules: [{ url: LOGQL_JOB_MODULE }] });
  t.after(() => runner.close());
  const ruler = await createLokiRuler({ runner, texts: [olaRuleFile()] });
  await ruler.evaluateAt(T);
  const api = createLokiApi({ runner, ruler });
  const stack = await startTestStack(t, { loki: false, routes: () => api.routes }, store);
  const http = stack.urls.http!;

  const yaml = await fetch(`${http}/loki/api/v1/rules`);
  assert.equal(yaml.status, 200);
  assert.match(yaml.headers.get('content-type') ?? '', /yaml/);
  const byNamespace = parse(await yaml.text()) as Record<string, Array<{ name: string; rules: Array<{ alert: string; expr: string }> }>>;
  assert.deepEqual(Object.keys(byNamespace), ['srcobs-ola.yaml']);
  assert.deepEqual(byNamespace['srcobs-ola.yaml']!.map((g) => g.name), ['srcobs.ola', 'srcobs.log-pipeline']);
  assert.equal((await fetch(`${http}/loki/api/v1/rules/srcobs-ola.yaml/srcobs.ola`)).status, 200);
  assert.equal((await fetch(`${http}/loki/api/v1/rules/other.yaml`)).status, 404);

  const rules = (await (await fetch(`${http}/prometheus/api/v1/rules?type=alert`)).json()) as { status: string; data: { groups: Array<{ name: string; rules: Array<{ name: string; type: string; state: string; query: string }> }> } };
  assert.equal(rules.status, 'success');
  const ola = rules.data.groups.find((g) => g.name === 'srcobs.ola')!;
  assert.equal(ola.rules.length, OLA_CATEGORIES.length);
  assert.ok(ola.rules.every((r) => r.type === 'alerting' && r.state === 'firing' && r.query.startsWith('absent_over_time(')));

  const alerts = (await (await fetch(`${http}/prometheus/api/v1/alerts`)).json()) as { data: { alerts: AlertJson[] } };
  assert.equal(alerts.data.alerts.filter((a) => a.labels['alertname'] === 'OlaCategorySilent').length, OLA_CATEGORIES.length);
});
