import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireBinary } from '@srcobs/testkit';
import { testConfig } from '../testing/config-fixture.js';
import { editFile, renderS2, replaceOnce, vendorContext } from '../testing/render-s2.js';
import { validatePromtool } from './promtool.js';

test('the rendered rules pass promtool check and their unit tests, and the dashboard PromQL passes Prometheus’ parser', async (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  assert.deepEqual(await validatePromtool(renderS2(testConfig()), vendorContext(promtool)), []);
});

test('the unit tests hold for other thresholds and other services', async (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  const base = testConfig();
  const config = testConfig({
    alerting: { ...base.alerting, errorRatio: 0.01, latencyP99Seconds: 0.3 },
    services: [...base.services, { name: 'billing', namespace: 'shop', port: 9000, metricsPath: '/metrics', scrapeInterval: '30s' }],
  });
  assert.deepEqual(await validatePromtool(renderS2(config), vendorContext(promtool)), []);
});

test('a rule whose threshold drifts from its unit test fails `promtool test rules`, naming the alert', async (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  // The test expects the alert at twice the configured 5 %; a rule at 50 % never fires.
  const files = editFile(renderS2(testConfig()), 'prometheus/srcobs.rules.yaml', (c) => replaceOnce(c, /\) > 0\.05\n/, ') > 0.5\n'));
  const found = await validatePromtool(files, vendorContext(promtool));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.file, 'prometheus/srcobs.rules.test.yaml');
  assert.match(found[0]?.message ?? '', /promtool test rules failed:[\s\S]*alertname: ServiceHighErrorRatio/);
});

test('an invalid rule in the PrometheusRule object is rejected by promtool check rules, naming the object', async (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  const files = editFile(renderS2(testConfig()), 'manifests/monitoring/prometheus-rules.yaml', (c) => replaceOnce(c, "for: 15m", 'for: 15 minutes'));
  const found = await validatePromtool(files, vendorContext(promtool));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.path, 'PrometheusRule/monitoring/srcobs-rules');
  assert.match(found[0]?.message ?? '', /not a valid duration string: "15 minutes"/);
});

test('a dashboard query that parses in an editor but not in Prometheus is reported on its panel', async (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  // rate() of an instant vector: syntactically a call, a type error to Prometheus.
  const files = editFile(renderS2(testConfig()), 'grafana/dashboards/srcobs-service-red.json', (c) => replaceOnce(c, 'sum by (job) (up{job=~\\"$service\\"})', 'sum by (job) (rate(up{job=~\\"$service\\"}))'));
  const found = await validatePromtool(files, vendorContext(promtool));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.file, 'grafana/dashboards/srcobs-service-red.json');
  assert.equal(found[0]?.path, 'panel "Targets up" target A');
  assert.match(found[0]?.message ?? '', /Prometheus rejects the query: .*range vector/);
});

test('without promtool the check warns instead of passing in silence', async () => {
  const found = await validatePromtool(renderS2(testConfig()), vendorContext());
  assert.equal(found.length, 1);
  assert.equal(found[0]?.severity, 'warning');
  assert.match(found[0]?.fix ?? '', /apt-get install prometheus/);
});
