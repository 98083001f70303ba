import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OLA_CATEGORIES } from '@srcobs/ola';
import { parseConfig } from '../config/parse.js';
import { testConfig } from '../testing/config-fixture.js';
import { lokiRuleFile } from './loki-rules.js';
import { prometheusRuleFile } from './prometheus-rules.js';
import type { AlertRule } from './types.js';

function alerts(file: { groups: readonly { rules: readonly unknown[] }[] }): AlertRule[] {
  return file.groups.flatMap((g) => g.rules).filter((r): r is AlertRule => typeof r === 'object' && r !== null && 'alert' in r);
}

test('one Loki silence alert per OLA category, each over its own window from the config (E17)', () => {
  const config = parseConfig({ olaAlertWindows: { auth_access: '2h' } });
  const silent = alerts(lokiRuleFile(config)).filter((r) => r.alert === 'OlaCategorySilent');
  assert.deepEqual(silent.map((r) => r.labels['ola_category']), [...OLA_CATEGORIES]);
  for (const rule of silent) {
    const category = rule.labels['ola_category'] as (typeof OLA_CATEGORIES)[number];
    assert.equal(rule.expr, `absent_over_time({ola_category="${category}"}[${config.olaAlertWindows[category]}])`);
  }
  assert.equal(silent[0]?.expr, 'absent_over_time({ola_category="auth_access"}[2h])');
});

test('the Prometheus alerts use the thresholds and services of the config', () => {
  const base = testConfig();
  const config = testConfig({ alerting: { ...base.alerting, errorRatio: 0.02, latencyP99Seconds: 1.5, pvcFullRatio: 0.9 }, services: [base.services[0]!] });
  const byName = new Map(alerts(prometheusRuleFile(config)).map((r) => [r.alert, r]));
  assert.match(byName.get('ServiceHighErrorRatio')?.expr ?? '', / > 0\.02$/);
  assert.match(byName.get('ServiceHighLatencyP99')?.expr ?? '', / > 1\.5$/);
  assert.match(byName.get('PersistentVolumeFillingUp')?.expr ?? '', / > 0\.9$/);
  assert.equal(byName.get('TargetDown')?.expr, 'up{job=~"test-app"} == 0');
  assert.equal(byName.get('ServiceNotScraped')?.expr, 'absent(up{job="test-app", namespace="playground"})');
});

test('every pipeline that can lose telemetry has an alert, each linking to the pipeline dashboard', () => {
  const pipeline = prometheusRuleFile(testConfig()).groups.find((g) => g.name === 'srcobs.pipeline');
  const names = alerts({ groups: pipeline ? [pipeline] : [] }).map((r) => r.alert);
  assert.deepEqual(names, ['ServiceTelemetryDropped', 'LogWritesDropped', 'LokiDiscardingLines', 'LokiPushFailing', 'SpanExportFailing', 'SpanReceiverRefusing', 'MetricsRemoteWriteFailing', 'TempoDiscardingSpans']);
  assert.ok(alerts({ groups: pipeline ? [pipeline] : [] }).every((r) => r.annotations['dashboard'] === 'https://grafana.e4r.internal/d/srcobs-pipeline-health'));
});
