import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { OLA_CATEGORIES } from '@srcobs/ola';
import { parseConfig } from '../../config/parse.js';
import { DATASOURCE_UIDS } from '../../dashboards/datasources.js';
import { dashboardDefinitions } from '../../dashboards/index.js';
import { testConfig } from '../../testing/config-fixture.js';
import { dashboardJson, DASHBOARD_SCHEMA_VERSION } from './dashboard-json.js';
import { renderDashboards } from './dashboards.js';
import { grafanaDatasources } from './datasources.js';
import { renderGrafanaProvisioning } from './provisioning.js';

type Obj = Record<string, any>;

test('data sources have fixed UIDs and URLs derived from the releases: Tempo on 3200, Loki on 3100 (E12)', () => {
  const byUid = new Map(grafanaDatasources(testConfig()).map((d) => [d.uid, d]));
  assert.deepEqual([...byUid.keys()], [DATASOURCE_UIDS.prometheus, DATASOURCE_UIDS.loki, DATASOURCE_UIDS.tempo]);
  assert.equal(byUid.get('prometheus')?.url, 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090');
  assert.equal(byUid.get('loki')?.url, 'http://loki.monitoring.svc:3100');
  assert.equal(byUid.get('tempo')?.url, 'http://tempo.monitoring.svc:3200');
  const renamed = new Map(grafanaDatasources(parseConfig({ releases: { kubePrometheusStack: 'a-very-long-prometheus-stack-release', tempo: 'traces' }, namespaces: { monitoring: 'obs' } })).map((d) => [d.uid, d.url]));
  // kube-prometheus-stack truncates its fullname to 26 characters.
  assert.equal(renamed.get('prometheus'), 'http://a-very-long-prometheus-sta-prometheus.obs.svc:9090');
  assert.equal(renamed.get('tempo'), 'http://traces-tempo.obs.svc:3200');
  const distributed = new Map(grafanaDatasources(parseConfig({ loki: { mode: 'Distributed', objectStorage: { type: 'gcs', bucket: 'b' } } })).map((d) => [d.uid, d.url]));
  assert.equal(distributed.get('loki'), 'http://loki-gateway.monitoring.svc');
});

test('the correlations link traces, logs and metrics by UID, with template variables escaped for provisioning (E13)', () => {
  const [prometheus, loki, tempo] = grafanaDatasources(testConfig());
  assert.deepEqual(prometheus?.jsonData['exemplarTraceIdDestinations'], [{ name: 'trace_id', datasourceUid: 'tempo', urlDisplayLabel: 'View trace' }]);
  const derived = loki?.jsonData['derivedFields'] as Obj[];
  assert.ok(derived.every((f) => f['datasourceUid'] === 'tempo' && f['url'] === '$${__value.raw}'));
  assert.ok(new RegExp(derived[0]?.['matcherRegex']).test('{"level":"info","trace_id":"0af7651916cd43dd8448eb211c80319c","msg":"x"}'));
  const j = tempo?.jsonData as Obj;
  assert.equal(j['tracesToLogsV2'].datasourceUid, 'loki');
  assert.equal(j['tracesToMetrics'].datasourceUid, 'prometheus');
  assert.equal(j['serviceMap'].datasourceUid, 'prometheus');
  assert.equal(j['lokiSearch'].datasourceUid, 'loki');
  assert.ok(j['tracesToMetrics'].queries.every((q: Obj) => q.query.includes('{$$__tags}')));
});

test('the data sources travel in one ConfigMap labelled for the Grafana sidecar', () => {
  const [file] = renderGrafanaProvisioning(testConfig());
  const [configMap] = parseAllDocuments(file?.content ?? '').map((d) => d.toJS() as Obj);
  assert.equal(configMap?.metadata.labels.grafana_datasource, '1');
  assert.equal(configMap?.metadata.namespace, 'monitoring');
  const provisioning = parse(configMap?.data['srcobs-datasources.yaml']) as Obj;
  assert.equal(provisioning.apiVersion, 1);
  assert.equal(provisioning.datasources.filter((d: Obj) => d.isDefault).length, 1);
});

test('dashboards render to Grafana JSON with fixed data-source UIDs and a gap-free, non-overlapping grid', () => {
  for (const definition of dashboardDefinitions(testConfig())) {
    const json = dashboardJson(definition) as Obj;
    assert.equal(json.schemaVersion, DASHBOARD_SCHEMA_VERSION);
    assert.equal(json.uid, definition.uid);
    const cells = new Set<string>();
    for (const panel of json.panels) {
      const { x, y, w, h } = panel.gridPos;
      assert.ok(x >= 0 && x + w <= 24, `${definition.uid} "${panel.title}" fits the 24-column grid`);
      for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
        assert.ok(!cells.has(`${i},${j}`), `${definition.uid} "${panel.title}" overlaps another panel`);
        cells.add(`${i},${j}`);
      }
      for (const target of panel.targets ?? []) assert.equal(target.datasource.uid, DATASOURCE_UIDS[target.datasource.type as 'prometheus' | 'loki' | 'tempo']);
    }
  }
});

test('the RED dashboard asks for exemplars on its latency panel and draws the alert thresholds from the config', () => {
  const config = parseConfig({ alerting: { latencyP99Seconds: 0.8 } });
  const red = dashboardJson(dashboardDefinitions(config)[0]!) as Obj;
  const latency = red.panels.find((p: Obj) => p.title.startsWith('Latency p50'));
  assert.ok(latency.targets.every((t: Obj) => t.exemplar === true));
  assert.ok(latency.targets.some((t: Obj) => t.expr.startsWith('histogram_quantile(0.99,') && t.expr.includes('http_server_request_duration_seconds_bucket')));
  assert.deepEqual(latency.fieldConfig.defaults.thresholds.steps.map((s: Obj) => s.value), [null, 0.4, 0.8]);
});

test('the OLA dashboard has a row per category and a retention table that flags a category kept too short', () => {
  const config = parseConfig({ retention: { logsDays: { auth_access: 90 } } });
  const ola = dashboardDefinitions(config).find((d) => d.uid === 'srcobs-ola-compliance');
  assert.ok(ola);
  for (const c of OLA_CATEGORIES) assert.ok(ola.rows.some((r) => r.title.endsWith(`(${c})`) && r.panels.some((p) => p.targets.some((t) => t.expr.includes(`{ola_category="${c}"}`)))), c);
  const table = ola.rows[0]?.panels.find((p) => p.kind === 'text')?.content ?? '';
  assert.match(table, /Authentication and Access \| 90 days \*\*below the minimum\*\* \| 365 days/);
});

test('dashboards travel as ConfigMaps labelled for the Grafana sidecar, carrying the same JSON as the files', () => {
  const files = renderDashboards(testConfig());
  const jsonFiles = files.filter((f) => f.kind === 'dashboard');
  assert.equal(jsonFiles.length, 4);
  const configMaps = parseAllDocuments(files.find((f) => f.kind === 'manifest')?.content ?? '').map((d) => d.toJS() as Obj);
  for (const file of jsonFiles) {
    const uid = (JSON.parse(file.content) as Obj).uid;
    const cm = configMaps.find((c) => c.data[`${uid}.json`] !== undefined);
    assert.equal(cm?.metadata.labels.grafana_dashboard, '1');
    assert.equal(cm?.data[`${uid}.json`], file.content);
  }
});
