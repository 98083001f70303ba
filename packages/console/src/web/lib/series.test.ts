import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exemplarPoints } from './exemplars.js';
import { formatAgo, formatValue } from './format.js';
import { inlineRuns, parseMarkdown } from './markdown.js';
import { alignMatrix, mergeAligned, seriesName, tableRows } from './series.js';
import { buildTraceQL } from './traceql-builder.js';

test('series: a matrix aligns on the union of its timestamps, gaps as null, +Inf and NaN as gaps', () => {
  const a = alignMatrix([
    { metric: { __name__: 'up', job: 'a' }, values: [[10, '1'], [20, '1']] },
    { metric: { __name__: 'up', job: 'b' }, values: [[20, '0'], [30, 'NaN'], [40, '+Inf']] },
  ]);
  assert.deepEqual(a.xs, [10, 20, 30, 40]);
  assert.deepEqual(a.series.map((s) => s.ys), [[1, 1, null, null], [null, 0, null, null]]);
  assert.equal(a.points, 3);
  assert.equal(a.series[0]!.name, 'up{job="a"}');
  const merged = mergeAligned([a, alignMatrix([{ metric: { job: 'c' }, values: [[15, '2']] }], 'c={{job}}')]);
  assert.deepEqual(merged.xs, [10, 15, 20, 30, 40]);
  assert.deepEqual(merged.series.map((s) => s.name), ['up{job="a"}', 'up{job="b"}', 'c=c']);
});

test('series: legends fill {{label}} from the labels, and fall back to the series when empty', () => {
  assert.equal(seriesName({ job: 'api', route: '/x' }, 'p99 {{job}} {{ route }}'), 'p99 api /x');
  assert.equal(seriesName({ job: 'api' }, '{{missing}}'), '{job="api"}');
  assert.equal(seriesName({}), '{}');
  assert.deepEqual(tableRows({ resultType: 'vector', result: [{ metric: { job: 'a' }, value: [5, '0.25'] }] }, '{{job}}'), [{ name: 'a', labels: { job: 'a' }, value: 0.25, time: 5 }]);
  assert.deepEqual(tableRows({ resultType: 'scalar', result: [5, '2'] }), [{ name: 'scalar', labels: {}, value: 2, time: 5 }]);
});

test('exemplars: one dot per trace and time however many buckets carry it, the slowest kept when capped', () => {
  const points = exemplarPoints(
    [
      { seriesLabels: { le: '1' }, exemplars: [{ labels: { trace_id: 'a' }, value: '0.5', timestamp: 10 }, { labels: { other: 'x' }, value: '9', timestamp: 11 }] },
      { seriesLabels: { le: '+Inf' }, exemplars: [{ labels: { trace_id: 'a' }, value: '0.5', timestamp: 10 }, { labels: { trace_id: 'b' }, value: '2.5', timestamp: 12 }, { labels: { trace_id: 'c' }, value: '0.1', timestamp: 9 }] },
    ],
    2,
  );
  assert.deepEqual(points.map((p) => [p.traceId, p.value, p.time]), [['a', 0.5, 10], ['b', 2.5, 12]]);
});

test('format: values in the dashboards\' units', () => {
  assert.equal(formatValue(12.345, 'reqps'), '12.3 req/s');
  assert.equal(formatValue(0.0312, 'percentunit'), '3.1%');
  assert.equal(formatValue(0.003, 'percentunit', 2), '0.30%');
  assert.equal(formatValue(0.25, 's'), '250 ms');
  assert.equal(formatValue(2.5, 's'), '2.5 s');
  assert.equal(formatValue(1536, 'bytes'), '1.5 KiB');
  assert.equal(formatValue(12_500, 'short'), '12.5K');
  assert.equal(formatValue(null, 's'), 'no value');
  assert.equal(formatValue(Date.parse('2024-05-01T11:55:00Z'), 'dateTimeFromNow', undefined, Date.parse('2024-05-01T12:00:00Z')), '5 minutes ago');
  assert.equal(formatAgo(0, 3 * 86_400_000), '3 days ago');
});

test('markdown: the retention table of the OLA dashboard renders as a table with bold runs', () => {
  const blocks = parseMarkdown('Intro **line**.\n\n| a | b |\n| --- | --- |\n| 1 | 2 **low** |\n\nAfter.');
  assert.deepEqual(blocks, [
    { kind: 'paragraph', text: 'Intro **line**.' },
    { kind: 'table', header: ['a', 'b'], rows: [['1', '2 **low**']] },
    { kind: 'paragraph', text: 'After.' },
  ]);
  assert.deepEqual(inlineRuns('2 **low** x'), [{ text: '2 ', bold: false }, { text: 'low', bold: true }, { text: ' x', bold: false }]);
});

test('traceql builder: each search field is one condition of a spanset filter', () => {
  assert.equal(buildTraceQL({ service: '', name: '', minDuration: '', maxDuration: '', attrs: '' }), '{}');
  assert.equal(
    buildTraceQL({ service: 'trace-app', name: 'GET /slow', minDuration: '1s', maxDuration: '5s', attrs: 'http.route=/slow, resource.host.name=vm, http.response.status_code=500, status=error' }),
    '{ resource.service.name = "trace-app" && name = "GET /slow" && duration >= 1s && duration <= 5s && span.http.route = "/slow" && resource.host.name = "vm" && span.http.response.status_code = 500 && status = error }',
  );
  assert.throws(() => buildTraceQL({ service: '', name: '', minDuration: 'slow', maxDuration: '', attrs: '' }), /not a duration/);
});
