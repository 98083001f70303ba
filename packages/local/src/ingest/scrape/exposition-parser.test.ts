import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpositionParseError, parseExposition } from './exposition-parser.js';

test('text format: HELP/TYPE metadata, escapes in label values, special floats, explicit ms timestamps', () => {
  const { samples, metadata } = parseExposition(
    [
      '# HELP http_requests_total The total\\nnumber of requests \\\\ served.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200",path="a \\"quoted\\" \\\\ path\\n"} 1027 1395066363000',
      'http_requests_total{method="post",code="400",}    3',
      '# a free comment',
      '',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'nan_value NaN',
    ].join('\n'),
    'prometheus',
  );
  assert.deepEqual(metadata, [{ metric: 'http_requests_total', type: 'counter', help: 'The total\nnumber of requests \\ served.', unit: '' }]);
  assert.equal(samples.length, 6);
  assert.deepEqual(samples[0], { name: 'http_requests_total', labels: [['method', 'post'], ['code', '200'], ['path', 'a "quoted" \\ path\n']], value: 1027, timestampMs: 1395066363000 });
  assert.deepEqual(samples[1]!.labels, [['method', 'post'], ['code', '400']], 'a trailing comma is allowed');
  assert.equal(samples[2]!.labels[1]![1], 'Cannot find file:\n"FILE.TXT"');
  assert.equal(samples[2]!.value, 1458255915);
  assert.equal(samples[4]!.value, Infinity);
  assert.equal(samples[4]!.timestampMs, -3982045);
  assert.ok(Number.isNaN(samples[5]!.value));
});

test('OpenMetrics: exemplars, UNIT, seconds timestamps, _created skipped, # EOF required', () => {
  const { samples, metadata } = parseExposition(
    [
      '# TYPE foo histogram',
      '# UNIT foo seconds',
      'foo_bucket{le="0.1"} 8 # {trace_id="abc"} 0.054 1520879607.789',
      'foo_bucket{le="+Inf"} 17',
      'foo_count 17',
      'foo_sum 324789.3',
      'foo_created 1520430000.123',
      '# TYPE bar gauge',
      'bar_created 5',
      '# EOF',
    ].join('\n'),
    'openmetrics',
  );
  assert.deepEqual(samples.map((s) => s.name), ['foo_bucket', 'foo_bucket', 'foo_count', 'foo_sum', 'bar_created'], 'a gauge named *_created is a sample');
  assert.deepEqual(samples[0]!.exemplar, { labels: { trace_id: 'abc' }, value: 0.054, timestampMs: 1520879607789 });
  assert.deepEqual(metadata.find((m) => m.metric === 'foo'), { metric: 'foo', type: 'histogram', help: '', unit: 'seconds' });
  assert.throws(() => parseExposition('foo 1\n', 'openmetrics'), /must end with "# EOF"/);
  assert.throws(() => parseExposition('foo 1\n# EOF\nbar 2\n', 'openmetrics'), /after "# EOF"/);
});

const MALFORMED: ReadonlyArray<readonly [string, RegExp]> = [
  ['metric{a="1" 2', /expected "," or "}"/],
  ['metric{a=1} 2', /quoted label value/],
  ['metric{a="1\\x"} 2', /invalid escape/],
  ['metric 1 2 3', /unexpected text after the value/],
  ['metric abc', /invalid value/],
  ['metric', /expected a space before the value/],
  ['0metric 1', /expected a metric name/],
  ['metric{0a="x"} 1', /expected a label name/],
  ['# TYPE metric bogus', /unknown metric type/],
  ['metric 1 1.5', /invalid timestamp/],
];
for (const [line, why] of MALFORMED) {
  test(`text format: ${JSON.stringify(line)} is a parse error naming the line`, () => {
    assert.throws(
      () => parseExposition(`ok 1\n${line}\n`, 'prometheus'),
      (e: unknown) => e instanceof ExpositionParseError && e.line === 2 && why.test(e.message),
    );
  });
}
