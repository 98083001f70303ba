// Tests of the LogQL script harness itself: its format, its errors, and that a wrong expectation fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInMemoryStore } from '../../../store/memory/memory-store.js';
import { ScriptSyntaxError } from '../../script-harness/errors.js';
import { runEval } from '../../script-harness/runner.js';
import { createLogQLEngine } from '../eval/engine.js';
import { LOGQL_SCRIPTS, type LogQLScriptEngine } from './runner.js';
import { parseLogScript, type LogEvalCommand } from './script.js';

const runLogQLEval = (engine: LogQLScriptEngine, cmd: LogEvalCommand): Promise<void> => runEval(LOGQL_SCRIPTS, engine, cmd);

const S = 1_000_000_000n;

test('load lines: labels, time, Go string, metadata, and start+stepxN repetition', () => {
  const cmds = parseLogScript(['load', '  {app="a", env="p"} 1.5s "one\\ttab"', '  {app="a"} 250ms `raw "q"` | {trace_id="t"}', '  {app="b"} 10s+5sx2 "tick"', ''].join('\n'), 'x.test');
  assert.equal(cmds.length, 1);
  const load = cmds[0]!;
  assert.equal(load.kind, 'load');
  if (load.kind !== 'load') return;
  assert.deepEqual(
    load.items.map((l) => [l.labels, l.entry.tsNs, l.entry.line, l.entry.metadata]),
    [
      [{ app: 'a', env: 'p' }, 1_500_000_000n, 'one\ttab', undefined],
      [{ app: 'a' }, 250_000_000n, 'raw "q"', { trace_id: 't' }],
      [{ app: 'b' }, 10n * S, 'tick', undefined],
      [{ app: 'b' }, 15n * S, 'tick', undefined],
      [{ app: 'b' }, 20n * S, 'tick', undefined],
    ],
  );
});

test('evals: options, metric expectations, log expectations, and categorized ones', () => {
  const text = [
    'eval range from 0 to 1m step 30s limit 7 direction forward {app="a"}',
    '  {app="a"} 1s "x"',
    '',
    'eval range from 0 to 1m step 30s categorize {app="a"} | json',
    '  {app="a"} 1s "x" {m="1"} {p="2"}',
    '',
    'eval instant at 1m count_over_time({app="a"}[1m])',
    '  {app="a"} 3',
    '',
    'eval instant at 1m sum(x)',
    '  expect fail regex: parse',
  ].join('\n');
  const [logs, cat, metric, fail] = parseLogScript(text, 'x.test') as LogEvalCommand[];
  assert.deepEqual([logs!.options, logs!.stepNs, logs!.results], [new Map([['limit', '7'], ['direction', 'forward']]), 30n * S, [{ kind: 'log', log: { labels: { app: 'a' }, tsNs: S, text: 'x' } }]]);
  assert.deepEqual([cat!.options, cat!.results[0]], [new Map([['categorize', '']]), { kind: 'log', log: { labels: { app: 'a' }, tsNs: S, text: 'x', metadata: { m: '1' }, parsed: { p: '2' } } }]);
  assert.deepEqual([metric!.instant, metric!.startNs, metric!.results], [true, 60n * S, [{ kind: 'series', series: { labels: { app: 'a' }, values: [{ kind: 'value', value: 3 }] } }]]);
  assert.ok(fail!.fail?.regex?.test('parse error'));
});

test('script mistakes are errors that name the file and line', () => {
  const cases: ReadonlyArray<readonly [string, RegExp]> = [
    ['load 1m\n  {a="b"} 0s "x"', /^x\.test:1: a LogQL load takes no interval/],
    ['load\n  {a="b"} "x"', /^x\.test:2: expected a time after the labels/],
    ['load\n  {a="b"} 1s x', /^x\.test:2: expected a quoted line/],
    ['load\n  {a="b"} 1q "x"', /^x\.test:2: invalid time "1q"/],
    ['load\n  up{a="b"} 1s "x"', /^x\.test:2: log streams have no metric name/],
    ['load\n  {a="b"} 1s "x" extra', /^x\.test:2: unexpected "extra" after the line/],
    ['\n\nbogus', /^x\.test:3: invalid command/],
    ['eval at 1m x', /^x\.test:1: invalid evaluation command/],
    ['eval instant at 1m x\n  expect bogus', /^x\.test:2: invalid expect statement/],
    ['eval instant at 1m x\n  {a="b"} 1 2', /^x\.test:2: an instant evaluation expects exactly one value per series/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseLogScript(text, 'x.test'), (e: unknown) => e instanceof ScriptSyntaxError && re.test(e.message), text);
});

async function engine(): Promise<LogQLScriptEngine> {
  const store = createInMemoryStore();
  await store.appendLogs({ streams: [{ labels: { app: 'a' }, entries: [{ tsNs: S, line: 'x' }] }] });
  const e = createLogQLEngine({ reader: store.logs });
  return { append: (b) => store.appendLogs(b), rangeQuery: (p) => e.rangeQuery(p), instantQuery: (p) => e.instantQuery(p) };
}

test('a wrong expectation fails the case: lines, values, and expected failures', async () => {
  const eng = await engine();
  const [right, wrongLine, wrongValue, wrongFail, missing] = parseLogScript(
    [
      'eval range from 0 to 10s step 1s {app="a"}',
      '  {app="a"} 1s "x"',
      '',
      'eval range from 0 to 10s step 1s {app="a"}',
      '  {app="a"} 1s "y"',
      '',
      'eval instant at 10s count_over_time({app="a"}[10s])',
      '  {app="a"} 2',
      '',
      'eval instant at 10s count_over_time({app="a"}[10s])',
      '  expect fail',
      '',
      'eval range from 0 to 10s step 1s {app="a"}',
    ].join('\n'),
    'x.test',
  ) as LogEvalCommand[];
  await runLogQLEval(eng, right!);
  await assert.rejects(runLogQLEval(eng, wrongLine!), /log line 1: expected \{app="a"\} 1s "y", got \{app="a"\} 1s "x"/);
  await assert.rejects(runLogQLEval(eng, wrongValue!), /expected 2 for \{app="a"\}, got 1/);
  await assert.rejects(runLogQLEval(eng, wrongFail!), /expected the query to fail, but it succeeded/);
  await assert.rejects(runLogQLEval(eng, missing!), /log line 1: expected \(no more lines\), got \{app="a"\} 1s "x"/);
});

test('evals query with Loki API defaults (limit 100, backward) unless their options say otherwise', async () => {
  const real = await engine();
  const sent: Array<Record<string, unknown>> = [];
  const recording: LogQLScriptEngine = {
    append: real.append,
    rangeQuery: (p) => (sent.push({ ...p }), real.rangeQuery(p)),
    instantQuery: (p) => (sent.push({ ...p }), real.instantQuery(p)),
  };
  const cmds = parseLogScript(
    ['eval range from 0 to 10s step 5s {app="a"}', '  {app="a"} 1s "x"', '', 'eval range from 0 to 10s step 5s limit 3 direction forward categorize {app="a"}', '  {app="a"} 1s "x" {} {}', '', 'eval instant at 10s count_over_time({app="a"}[10s])', '  {app="a"} 1'].join('\n'),
    'x.test',
  ) as LogEvalCommand[];
  for (const cmd of cmds) await runLogQLEval(recording, cmd);
  assert.deepEqual(sent, [
    { query: '{app="a"}', startNs: 0n, endNs: 10n * S, stepNs: 5n * S, limit: 100, direction: 'backward', categorize: false },
    { query: '{app="a"}', startNs: 0n, endNs: 10n * S, stepNs: 5n * S, limit: 3, direction: 'forward', categorize: true },
    { query: 'count_over_time({app="a"}[10s])', timeNs: 10n * S, limit: 100, direction: 'backward' },
    // The instant eval again as a range query, a minute either side: its middle step must agree.
    { query: 'count_over_time({app="a"}[10s])', startNs: -50n * S, endNs: 70n * S, stepNs: 60n * S, limit: 100, direction: 'backward' },
  ]);
});
