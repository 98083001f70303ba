import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSdkMetrics } from './sdk-metrics.js';
import { acceptsOpenMetrics, renderOpenMetrics } from './openmetrics.js';

test('OpenMetrics view: counter families without _total, exemplars, # EOF, and the classic text is left as it was', async () => {
  const metrics = createSdkMetrics({ defaultMetrics: false });
  metrics.observeRequest({ route: '/a', method: 'GET', status_code: '200' }, 0.02, '0af7651916cd43dd8448eb211c80319c');
  metrics.observeRequest({ route: '/a', method: 'GET', status_code: '200' }, 0.3);
  metrics.countDropped('traces', 3);
  const before = await metrics.registry.metrics();

  const open = await renderOpenMetrics(metrics.registry);
  assert.match(open, /^# TYPE srcobs_sdk_dropped counter$/m);
  assert.match(open, /^srcobs_sdk_dropped_total\{signal="traces"\} 3$/m);
  assert.match(open, /^http_server_request_duration_seconds_bucket\{le="0\.025",route="\/a",method="GET",status_code="200"\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c"\} 0\.02 \d+(\.\d+)?$/m);
  assert.doesNotMatch(open, /le="0\.5".* # \{/, 'an observation without a trace id leaves no exemplar');
  assert.match(open, /# EOF\n$/);

  // prom-client renames counters in place when it renders OpenMetrics; the view must not let it.
  assert.equal(await metrics.registry.metrics(), before);
  assert.match(before, /^# TYPE srcobs_sdk_dropped_total counter$/m);
  assert.doesNotMatch(before, / # \{/);
});

test('acceptsOpenMetrics reads what Prometheus and curl send', () => {
  assert.equal(acceptsOpenMetrics('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'), true);
  assert.equal(acceptsOpenMetrics('*/*'), false);
  assert.equal(acceptsOpenMetrics(undefined), false);
});
