import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { OLA_CATEGORIES } from '@srcobs/ola';
import { dashboardDefinitions, lokiRuleFile, parseConfig, prometheusRuleFile } from '@srcobs/stack';
import { tempDir } from '@srcobs/testkit';
import { parseLogQL } from '../query/logql/syntax/parser.js';
import { formatLogQL } from '../query/logql/syntax/printer.js';
import { ConfigApplyError } from './errors.js';
import { startLocalEnvironment } from './local-environment.js';
import { durationDays, retentionFromConfig } from './stack-config.js';
import { readRunState } from './state-file.js';

test('retentionFromConfig: days per OLA category as configured, metrics and traces durations in days', () => {
  const config = parseConfig({ retention: { metrics: '2w', traces: '72h', logsDays: { system_application: 45 } } });
  const r = retentionFromConfig(config);
  assert.equal(r.metricsDays, 14);
  assert.equal(r.tracesDays, 3);
  assert.equal(r.logCategoryDays?.system_application, 45);
  assert.equal(r.logCategoryDays?.auth_access, 365);
  assert.throws(() => durationDays('30 days', 'retention.metrics'), (e: unknown) => e instanceof ConfigApplyError && /retention\.metrics is "30 days"/.test(e.message));
});

test('startLocalEnvironment applies the stack config: retention in effect, the rendered rules loaded, dashboards and the OLA report served', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const configFile = join(dir, 'srcobs.yaml');
  await writeFile(configFile, 'retention:\n  metrics: 10d\n  logsDays:\n    system_application: 45\nolaAlertWindows:\n  api_data_access: 2h\n');
  const config = parseConfig({ retention: { metrics: '10d', logsDays: { system_application: 45 } }, olaAlertWindows: { api_data_access: '2h' } });
  const env = await startLocalEnvironment({ stateDir: join(dir, '.srcobs'), configFile, ports: { http: 0, otlpHttp: 0, otlpGrpc: 0 }, playground: false, log: () => {} });
  t.after(() => env.stop());
  const base = env.consoleUrl;
  const get = async (path: string): Promise<{ status: number; body: any }> => {
    const r = await fetch(`${base}${path}`);
    return { status: r.status, body: await r.json() };
  };

  assert.equal(readRunState(join(dir, '.srcobs'))?.configFile, configFile, 'srcobs audit finds the config the stack applied');

  const status = await get('/api/srcobs/status');
  assert.equal(status.body.retention.metricsDays, 10);
  assert.equal(status.body.retention.logCategoryDays.system_application, 45);

  const promRules = await get('/api/v1/rules');
  const loaded = promRules.body.data.groups.map((g: { name: string; rules: Array<{ name: string }> }) => [g.name, g.rules.map((r) => r.name)]);
  const rendered = prometheusRuleFile(config).groups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))]);
  assert.deepEqual(loaded, rendered, 'the Prometheus rules the cluster gets');

  const lokiRules = await get('/prometheus/api/v1/rules');
  const silence = lokiRules.body.data.groups.flatMap((g: { rules: Array<{ name: string; query: string; labels: Record<string, string> }> }) => g.rules).filter((r: { name: string }) => r.name === 'OlaCategorySilent');
  assert.deepEqual(silence.map((r: { labels: Record<string, string> }) => r.labels['ola_category']).sort(), [...OLA_CATEGORIES].sort());
  // The ruler API prints queries as Loki formats them (24h reads 1d): compare in that form.
  const expected = lokiRuleFile(config).groups[0]!.rules.map((r) => formatLogQL(parseLogQL(r.expr)));
  assert.deepEqual(silence.map((r: { query: string }) => r.query), expected);
  assert.ok(expected.includes('absent_over_time({ola_category="api_data_access"}[2h])'), 'the configured window');

  const dashboards = await get('/api/srcobs/dashboards');
  assert.equal(dashboards.status, 200);
  assert.deepEqual(dashboards.body, { dashboards: JSON.parse(JSON.stringify(dashboardDefinitions(config))) });
  assert.deepEqual(dashboards.body.dashboards.map((d: { uid: string }) => d.uid), ['srcobs-service-red', 'srcobs-call-latency', 'srcobs-pipeline-health', 'srcobs-ola-compliance']);

  const to = Math.floor(Date.now() / 1000);
  const ola = await get(`/api/srcobs/ola?from=${to - 3600}&to=${to}`);
  assert.equal(ola.status, 200);
  assert.equal(ola.body.from, new Date((to - 3600) * 1000).toISOString());
  assert.equal(ola.body.to, new Date(to * 1000).toISOString());
  assert.equal(ola.body.compliant, false, 'no line at all yet');
  assert.deepEqual(ola.body.categories.map((c: { id: string }) => c.id), [...OLA_CATEGORIES]);
  const sys = ola.body.categories.find((c: { id: string }) => c.id === 'system_application');
  assert.deepEqual(sys.retentionDays, { configured: 45, required: 30 });
  assert.deepEqual(Object.keys(sys).sort(), ['alert', 'compliant', 'gaps', 'id', 'lastEntry', 'linesPerDay', 'oldestEntry', 'problems', 'retentionDays', 'sources', 'title']);
  assert.deepEqual(sys.alert, { name: 'OlaCategorySilent', state: sys.alert.state, window: '15m' });
  assert.ok(['inactive', 'pending', 'firing', 'unknown'].includes(sys.alert.state));

  const bad = await get('/api/srcobs/ola?from=yesterday');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /from "yesterday" is not a time/);
});
