import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logRows } from './log-rows.js';
import { addLabelMatcher, logLevel, traceIdOf, traceLogsQuery } from './logs.js';

const ID = '3eb844806d2314c9fdd7b35c673a29ef';

const levels: Array<[string, Record<string, string>, string]> = [
  ['{"level":"info","msg":"GET /fast 200"}', {}, 'info'],
  ['{"level":50,"msg":"boom"}', {}, 'error'],
  ['level=warn msg="slow upstream"', {}, 'warning'],
  ['2024-05-01 ERROR cannot connect', {}, 'error'],
  ['plain text', {}, 'unknown'],
  ['{"level":"info"}', { level: 'error' }, 'error'],
  ['FATAL out of memory', {}, 'critical'],
];
for (const [line, labels, level] of levels) test(`logs: the level of ${line}${labels['level'] ? ' (label level=error)' : ''} is ${level}`, () => assert.equal(logLevel(line, labels), level));

test('logs: the trace id a line carries, in JSON, logfmt or a traceparent', () => {
  assert.equal(traceIdOf(`{"level":"info","trace_id":"${ID}","span_id":"49c820e1370eda26"}`), ID);
  assert.equal(traceIdOf(`traceID=${ID.toUpperCase()} msg=x`), ID);
  assert.equal(traceIdOf(`traceparent 00-${ID}-49c820e1370eda26-01`), ID);
  assert.equal(traceIdOf('{"span_id":"49c820e1370eda26"}'), undefined);
});

test('logs: a click on a label adds its matcher to the first selector, replacing one on the same label', () => {
  assert.equal(addLabelMatcher('{app="a"} |= "x"', 'level', 'error'), '{app="a", level="error"} |= "x"');
  assert.equal(addLabelMatcher('{app="a", level="info"}', 'level', 'error'), '{app="a", level="error"}');
  assert.equal(addLabelMatcher('sum(count_over_time({app="a"}[5m]))', 'job', 'x'), 'sum(count_over_time({app="a", job="x"}[5m]))');
  assert.equal(addLabelMatcher('{msg="a}b", app="a"}', 'x', 'q"z'), '{msg="a}b", app="a", x="q\\"z"}');
  assert.equal(addLabelMatcher('', 'app', 'a'), '{app="a"}');
});

test('logs: "logs for this trace" selects the trace\'s services and filters on its id', () => {
  assert.equal(traceLogsQuery(ID, ['trace-app']), `{service_name="trace-app"} |= "${ID}"`);
  assert.equal(traceLogsQuery(ID, ['test-app', 'trace-app']), `{service_name=~"test-app|trace-app"} |= "${ID}"`);
  assert.equal(traceLogsQuery(ID, ['a.b']), `{service_name="a.b"} |= "${ID}"`);
});

test('logs: Loki streams become rows newest first, with level, labels and trace id', () => {
  const rows = logRows(
    [
      { stream: { app: 'a' }, values: [['1000', `{"level":"error","trace_id":"${ID}"}`], ['3000', 'INFO third']] },
      { stream: { app: 'b' }, values: [['2000', 'second', { trace_id: 'f'.repeat(32) }]] },
    ],
    'backward',
  );
  assert.deepEqual(rows.map((r) => [r.ts, r.labels['app'], r.level, r.traceId]), [
    ['3000', 'a', 'info', undefined],
    ['2000', 'b', 'unknown', 'f'.repeat(32)],
    ['1000', 'a', 'error', ID],
  ]);
  assert.equal(logRows([{ stream: {}, values: [['1', 'x'], ['2', 'y']] }], 'forward', 1)[0]!.line, 'x');
});
