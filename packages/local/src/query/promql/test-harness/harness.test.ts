import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStaleNaN } from '../../../model/metrics.js';
import { createInMemoryStore } from '../../../store/memory/memory-store.js';
import { createPromQLEngine, type QueryResult } from '../eval/engine.js';
import { ExpectationError, ScriptSyntaxError } from '../../script-harness/errors.js';
import { ScriptSession } from '../../script-harness/runner.js';
import { expandValues, parseSeriesDescription, sampleValue } from '../../script-harness/series-notation.js';
import { checkValue, PROMQL_SCRIPTS, type ScriptEngine } from './runner.js';
import { parseScript, type PromQLEvalCommand as EvalCommand } from './script.js';

function memoryEngine(tamper?: (r: QueryResult, kind: 'instant' | 'range') => QueryResult): ScriptEngine {
  const store = createInMemoryStore();
  const engine = createPromQLEngine({ reader: store.metrics });
  return {
    append: (b) => store.appendMetrics(b),
    instantQuery: (q, t) => (tamper ? tamper(engine.instantQuery(q, t), 'instant') : engine.instantQuery(q, t)),
    rangeQuery: (q, s, e, st) => (tamper ? tamper(engine.rangeQuery(q, s, e, st), 'range') : engine.rangeQuery(q, s, e, st)),
  };
}

async function run(script: string, engine: () => ScriptEngine = () => memoryEngine()): Promise<Array<{ line: number; error?: string }>> {
  const commands = parseScript(script, 't.test');
  const session = new ScriptSession(PROMQL_SCRIPTS, commands, engine);
  const out: Array<{ line: number; error?: string }> = [];
  for (let i = 0; i < commands.length; i++) {
    if (commands[i]!.kind !== 'eval') continue;
    try {
      await session.runEvalAt(i);
      out.push({ line: commands[i]!.line });
    } catch (e) {
      out.push({ line: commands[i]!.line, error: (e as Error).message });
    }
  }
  await session.close();
  return out;
}

test('value notation expands like promqltest: a+bxn, axn, _, _xn, stale', () => {
  const vals = expandValues('0+10x3 1x2 _ _x2 stale -1-0.5x2 Inf');
  assert.deepEqual(
    vals.map((v) => (v.kind === 'value' ? v.value : v.kind)),
    [0, 10, 20, 30, 1, 1, 1, 'omitted', 'omitted', 'omitted', 'stale', -1, -1.5, -2, Infinity],
  );
  assert.ok(isStaleNaN(sampleValue({ kind: 'stale' })!));
  const d = parseSeriesDescription('http_requests{job="api", path="/a\\"b"} 1 2');
  assert.deepEqual(d.labels, { __name__: 'http_requests', job: 'api', path: '/a"b' });
  assert.equal(d.values.length, 2);
});

test('script commands: load, clear, eval instant and range, expect lines and the older eval_* forms', () => {
  const cmds = parseScript(
    `# comment
load 1m
  up{job="a"} 1 2 3

clear
eval instant at 2m up
  expect warn msg: something
  expect no_info
  up{job="a"} 3

eval_fail range from 0 to 2m step 1m rate(up)
  expected_fail_regexp range vector

eval instant at 1m 1 + 1
  2

eval instant at 1m "x"
  expect string "x"
`,
    't.test',
  );
  assert.deepEqual(
    cmds.map((c) => [c.kind, c.line]),
    [
      ['load', 2],
      ['clear', 5],
      ['eval', 6],
      ['eval', 11],
      ['eval', 14],
      ['eval', 17],
    ],
  );
  const e = cmds[2] as EvalCommand;
  assert.equal(e.startNs, 120_000_000_000n);
  assert.deepEqual(e.warn, [{ message: 'something' }]);
  assert.equal(e.noInfo, true);
  const r = cmds[3] as EvalCommand;
  assert.equal(r.instant, false);
  assert.equal(r.stepNs, 60_000_000_000n);
  assert.ok(r.fail?.regex?.test('expected type range vector'));
  assert.deepEqual((cmds[4] as EvalCommand).results, [{ kind: 'scalar', v: 2 }]);
  assert.deepEqual((cmds[5] as EvalCommand).results, [{ kind: 'string', v: 'x' }]);
});

test('a script syntax error names the file and line', () => {
  assert.throws(() => parseScript('load 1m\n  up 1 2\n\neval instnt at 1m up\n', 'bad.test'), (e: unknown) => e instanceof ScriptSyntaxError && e.message.startsWith('bad.test:4: invalid evaluation command'));
  assert.throws(() => parseScript('load 1m\n  up{job="a" 1\n', 'bad.test'), (e: unknown) => e instanceof ScriptSyntaxError && e.line === 2);
  assert.throws(() => parseScript('frobnicate\n', 'bad.test'), /bad\.test:1: invalid command "frobnicate"/);
  assert.throws(() => parseScript('eval instant at 1m up\n  expect warn\n  expect no_warn\n', 'bad.test'), /warn and no_warn cannot be used together/);
});

test('values compare with a relative epsilon of 1e-6; NaN equals NaN', () => {
  const cmd = parseScript('eval instant at 0m x\n  x 100\n  y NaN\n', 't')[0] as EvalCommand;
  const value = (a: number, b: number) => ({ resultType: 'vector' as const, result: [{ metric: { __name__: 'x' }, t: 0, v: a }, { metric: { __name__: 'y' }, t: 0, v: b }] });
  checkValue(cmd, value(100.00005, NaN));
  assert.throws(() => checkValue(cmd, value(100.001, NaN)), (e: unknown) => e instanceof ExpectationError && /expected 100 for \{__name__="x"\}, got 100.001/.test((e as Error).message));
  assert.throws(() => checkValue(cmd, value(100, 1)), /expected NaN/);
  assert.throws(() => checkValue(cmd, { resultType: 'vector', result: [{ metric: { __name__: 'x' }, t: 0, v: 100 }] }), /expected 2 series, got 1/);
});

test('expect ordered checks positions; without it order is free', () => {
  const unordered = parseScript('eval instant at 0m x\n  a 1\n  b 2\n', 't')[0] as EvalCommand;
  const ordered = parseScript('eval instant at 0m x\n  expect ordered\n  a 1\n  b 2\n', 't')[0] as EvalCommand;
  const reversed = { resultType: 'vector' as const, result: [{ metric: { __name__: 'b' }, t: 0, v: 2 }, { metric: { __name__: 'a' }, t: 0, v: 1 }] };
  checkValue(unordered, reversed);
  assert.throws(() => checkValue(ordered, reversed), /at position 1, got it at 2/);
});

test('a wrong expectation, an unexpected error and a missing failure each fail their case', async () => {
  const results = await run(`load 1m
  up{job="a"} 1 2 3

eval instant at 2m up
  up{job="a"} 3

eval instant at 2m up
  up{job="a"} 4

eval instant at 2m rate(up)
  up 1

eval instant at 2m up
  expect fail

eval instant at 2m rate(up)
  expect fail msg: 1:6: parse error: expected type range vector in call to function "rate", got instant vector

eval range from 0 to 2m step 1m up
  up{job="a"} 1 2 _
`);
  assert.deepEqual(
    results.map((r) => [r.line, r.error?.replace(/\n[\s\S]*/, '')]),
    [
      [4, undefined],
      [7, 'expected 4 for {__name__="up", job="a"}, got 3'],
      [10, 'unexpected error: 1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
      [13, 'expected the query to fail, but it succeeded'],
      [16, undefined],
      [19, 'expected 2 points for {__name__="up", job="a"}, got 3: 1@0s 2@60s 3@120s'],
    ],
  );
});

test('every instant eval is re-run as a range query, whose middle step must agree', async () => {
  // An engine whose range queries are off by one: the instant check passes, the range check catches it.
  const broken = () =>
    memoryEngine((r, kind) => {
      if (kind !== 'range' || r.value.resultType !== 'matrix') return r;
      return { ...r, value: { resultType: 'matrix', result: r.value.result.map((s) => ({ ...s, v: Array.from(s.v, (x) => x + 1) })) } };
    });
  const [result] = await run('load 1m\n  up 1 2 3\n\neval instant at 1m up\n  up 2\n', broken);
  assert.match(result!.error ?? '', /^range mode: expected 2 for \{__name__="up"\}, got 3/);
});

test('clear starts over with a new engine', async () => {
  let created = 0;
  const results = await run('load 1m\n  up 1\n\neval instant at 0m up\n  up 1\n\nclear\n\neval instant at 0m up\n', () => {
    created++;
    return memoryEngine();
  });
  assert.deepEqual(results.map((r) => r.error), [undefined, undefined]);
  assert.equal(created, 2);
});
