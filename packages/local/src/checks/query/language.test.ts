import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guessLanguage, type QueryLang } from './language.js';

const CASES: ReadonlyArray<readonly [string, QueryLang]> = [
  ['up', 'promql'],
  ['sum by (job) (rate(http_server_request_duration_seconds_count{job="test-app"}[5m]))', 'promql'],
  ['up{job="x"}[5m]', 'promql'],
  ['{__name__="up", job="x"}', 'promql'],
  ['rate({__name__="up"}[5m])', 'promql'],
  ['histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))', 'promql'],
  ['{service_name="test-app"}', 'logql'],
  ['{app="x"} |= "error"', 'logql'],
  ['{app="x"} | json | level="error"', 'logql'],
  ['{name="api"} |~ "timeout"', 'logql'],
  ['sum by (ola_category) (count_over_time({ola_category=~".+"}[1d]))', 'logql'],
  ['rate({name="api"}[5m])', 'logql'],
  ['{}', 'traceql'],
  ['{ }', 'traceql'],
  ['{ resource.service.name = "trace-app" }', 'traceql'],
  ['{ .http.route = "/slow" }', 'traceql'],
  ['{ span.http.status_code >= 500 }', 'traceql'],
  ['{ name = "GET /fast" && duration > 2s }', 'traceql'],
  ['{ status = error }', 'traceql'],
  ['{ resource.service.name = "a" } >> { kind = server }', 'traceql'],
  ['{ trace:duration > 1s }', 'traceql'],
];

for (const [expr, lang] of CASES) {
  test(`guessLanguage: ${expr} is ${lang}`, () => assert.equal(guessLanguage(expr), lang));
}
