import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboardDefinitions, defaultConfig, type DashboardDefinition, type PanelDefinition } from '@srcobs/stack';
import { isLogqlMetricQuery, panelRequests, parseEqualityMatchers, type PanelContext } from './panel-queries.js';
import { panelWidths, statValues, thresholdColor } from './stat.js';
import { alignMatrix } from './series.js';
import { ALL, defaultValues, interpolate, parseLabelValues } from './variables.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const HOUR = { startMs: NOW - 3_600_000, endMs: NOW };
const dashboards = dashboardDefinitions(defaultConfig());
const dash = (uid: string): DashboardDefinition => dashboards.find((d) => d.uid === uid)!;
const panel = (d: DashboardDefinition, title: string): PanelDefinition => d.rows.flatMap((r) => r.panels).find((p) => p.title.startsWith(title))!;
const ctx = (d: DashboardDefinition, values: PanelContext['values'] = {}): PanelContext => ({ range: HOUR, variables: d.variables, values: { ...Object.fromEntries(d.variables.map((v) => [v.name, defaultValues(v)])), ...values }, widthPx: 1000 });

test('panel queries: a stat panel of the RED dashboard is an instant PromQL query at the end of the range, All services as .+', () => {
  const red = dash('srcobs-service-red');
  const [req] = panelRequests(panel(red, 'Request rate'), ctx(red));
  assert.deepEqual(req, { kind: 'prom-instant', refId: 'A', expr: 'sum by (job) (rate(http_server_request_duration_seconds_count{job=~".+"}[60s]))', legend: '{{job}}', time: NOW / 1000 });
});

test('panel queries: the latency panel asks a range per quantile, with exemplars, a step for its width and $__rate_interval filled in', () => {
  const red = dash('srcobs-service-red');
  const reqs = panelRequests(panel(red, 'Latency p50'), ctx(red, { service: ['trace-app', 'test-app'] }));
  assert.equal(reqs.length, 3);
  for (const r of reqs) {
    assert.equal(r.kind, 'prom-range');
    if (r.kind !== 'prom-range') continue;
    assert.equal(r.exemplars, true);
    assert.equal(r.step, 15);
    assert.equal(r.start, (NOW - 3_600_000) / 1000);
    assert.match(r.expr, /\{job=~"\(trace-app\|test-app\)"\}\[60s\]/);
  }
  assert.match((reqs[2] as { expr: string }).expr, /^histogram_quantile\(0\.99, /);
});

test('panel queries: single-value variables go in as they are; multi-value ones are regex-escaped', () => {
  const calls = dash('srcobs-call-latency');
  const [req] = panelRequests(panel(calls, 'Calls per second'), ctx(calls));
  assert.match((req as { expr: string }).expr, /client="trace-app", server="test-app"/);
  const red = dash('srcobs-service-red');
  assert.equal(interpolate('x{job=~"$service"}', red.variables, { service: ['a.b'] }, { intervalSeconds: 1, rateIntervalSeconds: 60, rangeSeconds: 60 }), 'x{job=~"a\\.b"}');
  assert.equal(interpolate('x{job=~"${service}", y="$unknown"}[$__interval] $__range', red.variables, { service: [ALL] }, { intervalSeconds: 15, rateIntervalSeconds: 60, rangeSeconds: 3600 }), 'x{job=~".+", y="$unknown"}[15s] 3600s');
});

test('panel queries: OLA panels run LogQL: daily counts step by their 1d minInterval, "last event" as a range, the silence alert as a rule filter', () => {
  const ola = dash('srcobs-ola-compliance');
  const [daily] = panelRequests(panel(ola, 'Lines per day by category'), { ...ctx(ola), range: { startMs: NOW - 7 * 86_400_000, endMs: NOW } });
  assert.equal(daily!.kind, 'loki-range');
  assert.equal((daily as { step: number }).step, 86_400);
  const [last] = panelRequests(panel(ola, 'Last event'), ctx(ola));
  assert.deepEqual(last, { kind: 'loki-range', refId: 'A', expr: 'sum(count_over_time({ola_category="auth_access"}[1m]))', start: HOUR.startMs / 1000, end: NOW / 1000, step: 15 });
  const [lines24h] = panelRequests(panel(ola, 'Lines in the last 24 h'), ctx(ola));
  assert.equal(lines24h!.kind, 'loki-instant');
  assert.deepEqual(panelRequests(panel(ola, 'Silence alert'), ctx(ola)), [{ kind: 'alerts', refId: 'A', filter: { ola_category: 'auth_access' } }]);
  assert.deepEqual(panelRequests(panel(ola, 'Retention'), ctx(ola)), [], 'a text panel asks nothing');
});

test('panel queries: a TraceQL table is a Tempo search with its limit; the service map reads the service-graph counter', () => {
  const calls = dash('srcobs-call-latency');
  const [slow] = panelRequests(panel(calls, 'Slow calls'), ctx(calls));
  assert.equal(slow!.kind, 'tempo-search');
  assert.equal((slow as { limit: number }).limit, 20);
  assert.match((slow as { expr: string }).expr, /^\{ resource\.service\.name = "trace-app" \} >> \{ resource\.service\.name = "test-app" && kind = server && duration > \d+ms \}$/);
  const [map] = panelRequests(panel(calls, 'Service map'), ctx(calls));
  assert.equal((map as { expr: string }).expr, 'sum by (client, server) (rate(traces_service_graph_request_total{client="trace-app"}[3600s]))');
});

test('panel queries: every target of every shipped dashboard maps to a request against the local APIs', () => {
  for (const d of dashboards) {
    for (const p of d.rows.flatMap((r) => r.panels)) {
      const reqs = panelRequests(p, ctx(d));
      const expected = p.kind === 'text' ? 0 : p.kind === 'alertlist' ? 1 : p.targets.length;
      assert.equal(reqs.length, expected, `${d.uid} / ${p.title}`);
      for (const r of reqs) if (r.kind !== 'alerts') assert.doesNotMatch(r.expr, /\$(?:__|service|client|server)/, `${d.uid} / ${p.title}: every variable filled in`);
    }
  }
});

test('panel queries: LogQL metric and log queries are told apart by the grammar', () => {
  assert.equal(isLogqlMetricQuery('{app="a"} |= "x" | json'), false);
  assert.equal(isLogqlMetricQuery('sum by (a) (count_over_time({app="a"}[5m]))'), true);
  assert.equal(isLogqlMetricQuery('rate({app="a"} |= "[x]" [1m])'), true);
  assert.deepEqual(parseEqualityMatchers('{ola_category="auth_access", a="q\\"x"}'), { ola_category: 'auth_access', a: 'q"x' });
  assert.deepEqual(parseLabelValues('label_values(traces_service_graph_request_total{client="a"}, server)'), { label: 'server', match: 'traces_service_graph_request_total{client="a"}' });
  assert.deepEqual(parseLabelValues('label_values(job)'), { label: 'job' });
  assert.equal(parseLabelValues('query_result(up)'), undefined);
});

test('stat: values reduce per series, "last event" is the time of the last point, colours follow the thresholds', () => {
  const series = alignMatrix([{ metric: { job: 'a' }, values: [[100, '1'], [115, '3'], [130, '0']] }], '{{job}}');
  assert.deepEqual(statValues({}, series, []), [{ name: 'a', value: 0 }]);
  assert.deepEqual(statValues({ reduce: { calc: 'max' } }, series, []), [{ name: 'a', value: 3 }]);
  assert.deepEqual(statValues({ reduce: { calc: 'lastNotNull', field: 'Time' } }, series, []), [{ name: 'a', value: 115_000 }]);
  // sum(...) has no labels: the number stands alone, not under "{}".
  assert.deepEqual(statValues({}, alignMatrix([{ metric: {}, values: [[100, '2']] }]), []), [{ name: '', value: 2 }]);
  assert.deepEqual(statValues({}, undefined, [{ name: '{}', labels: {}, value: 0.5, time: 100 }]), [{ name: '', value: 0.5 }]);
  const steps = [{ value: null, color: 'green' }, { value: 0.025, color: 'orange' }, { value: 0.05, color: 'red' }] as const;
  assert.equal(thresholdColor(0.01, steps), 'green');
  assert.equal(thresholdColor(0.03, steps), 'orange');
  assert.equal(thresholdColor(0.05, steps), 'red');
  assert.equal(thresholdColor(null, steps), undefined);
});

test('stat: panels without a width share the row evenly, as Grafana lays them out', () => {
  assert.deepEqual(panelWidths([{}, {}, {}, {}]), [6, 6, 6, 6]);
  assert.deepEqual(panelWidths([{ width: 16 }, { width: 8 }]), [16, 8]);
  assert.deepEqual(panelWidths([{ width: 6 }, { width: 6 }, {}]), [6, 6, 12]);
  assert.deepEqual(panelWidths([{ width: 24 }, {}]), [24, 24]);
});
