import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '../testing/config-fixture.js';
import { editFile, renderS2, replaceOnce } from '../testing/render-s2.js';
import { validateExpressions } from './expressions.js';
import { parseQuery } from './expressions/parse.js';

test('every query of the default stack parses and selects only known metrics', () => {
  assert.deepEqual(validateExpressions(renderS2(testConfig())), []);
});

test('bad PromQL in a rule file is an error with its line and column and a caret', () => {
  const files = editFile(renderS2(testConfig()), 'prometheus/srcobs.rules.yaml', (c) => replaceOnce(c, 'expr: up{job=~"test-app|trace-app"} == 0', 'expr: up{job=~"test-app|trace-app"} == == 0'));
  const found = validateExpressions(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.file, 'prometheus/srcobs.rules.yaml');
  assert.match(found[0]?.path ?? '', /^groups\[1\]\.rules\[0\]\.expr \(TargetDown\) 1:34$/);
  assert.match(found[0]?.message ?? '', /PromQL syntax error at 1:34: unexpected "=="/);
  assert.ok(found[0]?.message.endsWith(`up{job=~"test-app|trace-app"} == == 0\n${' '.repeat(33)}^`), found[0]?.message);
});

test('the same rule broken inside the PrometheusRule object is reported against the manifest', () => {
  const files = editFile(renderS2(testConfig()), 'manifests/monitoring/prometheus-rules.yaml', (c) => replaceOnce(c, 'expr: up{job=~"test-app|trace-app"} == 0', 'expr: up{job=~"test-app|trace-app" == 0'));
  const found = validateExpressions(files);
  assert.ok(found.length >= 1);
  assert.ok(found.every((f) => f.file === 'manifests/monitoring/prometheus-rules.yaml' && f.path?.startsWith('PrometheusRule/monitoring/srcobs-rules spec.groups[1].rules[0].expr (TargetDown)')), JSON.stringify(found));
});

test('bad LogQL in the Loki rules and bad TraceQL in a dashboard are reported in their language', () => {
  let files = editFile(renderS2(testConfig()), 'loki/rules/srcobs-ola.yaml', (c) => replaceOnce(c, 'absent_over_time({ola_category="auth_access"}[6h])', 'absent_over_time({ola_category="auth_access"[6h])'));
  files = editFile(files, 'grafana/dashboards/srcobs-call-latency.json', (c) => replaceOnce(c, '&& kind = server', '&& kind = = server'));
  const found = validateExpressions(files);
  assert.ok(found.some((f) => f.file === 'loki/rules/srcobs-ola.yaml' && /^LogQL syntax error at 1:/.test(f.message)), JSON.stringify(found));
  assert.ok(found.some((f) => f.file === 'grafana/dashboards/srcobs-call-latency.json' && f.path?.startsWith('panel "Slow calls') && /^TraceQL syntax error/.test(f.message)), JSON.stringify(found));
});

test('Grafana variables are allowed, and an error after one is placed in the text as written', () => {
  const expr = 'sum(rate(x_total{job=~"$service"}[$__rate_interval])) by (job))';
  const parsed = parseQuery('promql', expr);
  assert.deepEqual(parsed.problems.map((p) => p.col), [expr.length]);
  assert.deepEqual(parseQuery('promql', 'sum(rate(x_total{job=~"${service:regex}"}[$__rate_interval]))').problems, []);
  assert.deepEqual(parseQuery('promql', 'sum(rate(x_total{$$__tags}[5m]))', { provisioning: true }).problems, []);
  // Outside provisioning `$$` is not an escape: the selector is then broken.
  assert.notDeepEqual(parseQuery('promql', 'sum(rate(x_total{$$__tags}[5m]))').problems, []);
});

test('a misspelt metric parses but is an error naming the nearest metric that exists', () => {
  const files = editFile(renderS2(testConfig()), 'grafana/dashboards/srcobs-pipeline-health.json', (c) => replaceOnce(c, 'rate(tempo_discarded_spans_total[', 'rate(tempo_discarded_span_total['));
  const found = validateExpressions(files);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]?.message ?? '', /unknown metric "tempo_discarded_span_total"/);
  assert.match(found[0]?.fix ?? '', /Nearest known metric: tempo_discarded_spans_total \(from Tempo's distributor\)/);
});

test("a broken correlation query in the data sources' provisioning file is reported", () => {
  const files = editFile(renderS2(testConfig()), 'manifests/monitoring/grafana-datasources.yaml', (c) => replaceOnce(c, 'sum (rate(http_server_request_duration_seconds_count{$$__tags}[5m]))', 'sum (rate(http_server_request_duration_seconds_count{$$__tags}[5m])'));
  const found = validateExpressions(files);
  assert.ok(found.some((f) => f.path?.includes('datasource "Tempo" tracesToMetrics.queries[0]')), JSON.stringify(found));
});
