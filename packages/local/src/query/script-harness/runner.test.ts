// The shared runner: what makes a case pass or fail, the instant-as-range re-check, sessions,
// and (in a child `node --test`) that every eval becomes its own test named `file:line expr`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { checkMetric, msOf as ms, type MetricValue } from './metric.js';
import { runEval, ScriptSession, type ScriptLanguage } from './runner.js';
import { readScript, type EvalCommand } from './script.js';
import { parseSeriesDescription, sampleValue, type SeriesDescription } from './series-notation.js';

/**
 * A toy language over a map of series: `load` stores `name value` pairs, a query names a series
 * and answers its value as a one-series vector (instant) or one point per step (range).
 * `rangeOffset` makes range queries wrong by that much, as a broken engine would be.
 */
interface ToyEngine {
  readonly values: Map<string, number>;
  rangeOffset: number;
  closed: boolean;
  close(): void;
}

function toyEngine(rangeOffset = 0): ToyEngine {
  return { values: new Map(), rangeOffset, closed: false, close() { this.closed = true; } };
}

function answer(engine: ToyEngine, expr: string, times: readonly number[], offset: number): MetricValue {
  if (expr === 'boom') throw new Error('boom: the query failed');
  const v = engine.values.get(expr);
  return { kind: times.length === 1 ? 'vector' : 'matrix', series: v === undefined ? [] : [{ labels: { __name__: expr }, points: times.map((t) => [t, v + offset] as const) }] };
}

const steps = (start: bigint, end: bigint, step: bigint): number[] => {
  const out: number[] = [];
  for (let t = start; t <= end; t += step) out.push(ms(t));
  return out;
};

const expectation = (cmd: EvalCommand<SeriesDescription>) => ({ instant: cmd.instant, startMs: ms(cmd.startNs), stepMs: ms(cmd.stepNs), ordered: cmd.ordered, series: cmd.results, scalar: undefined });

const TOY: ScriptLanguage<ToyEngine, SeriesDescription, SeriesDescription, MetricValue> = {
  name: 'toy',
  dialect: {
    language: 'Toy',
    loadInterval: false,
    loadItem: 'series',
    parseDuration: (text) => (/^\d+m$/.test(text) ? BigInt(text.slice(0, -1)) * 60_000_000_000n : undefined),
    expects: ['fail', 'warn', 'ordered'],
    parseLoadLine: (text) => [parseSeriesDescription(text)],
    parseResultLine: (text) => parseSeriesDescription(text),
  },
  load: (engine, cmd) => {
    for (const s of cmd.items) engine.values.set(s.labels['__name__']!, sampleValue(s.values[0]!)!);
  },
  query: (engine, cmd) => answer(engine, cmd.expr, cmd.instant ? [ms(cmd.startNs)] : steps(cmd.startNs, cmd.endNs, cmd.stepNs), 0),
  annotations: (value) => ({ warnings: value.kind === 'vector' && value.series.length === 0 ? ['no such series'] : [], infos: [] }),
  check: (cmd, value) => checkMetric(expectation(cmd), value),
  instantAsRange: {
    metric: (value) => value,
    expectation,
    rangeQuery: (engine, cmd, startNs, endNs, stepNs) => answer(engine, cmd.expr, steps(startNs, endNs, stepNs), engine.rangeOffset),
  },
};

async function outcomes(script: string, create: () => ToyEngine = () => toyEngine()): Promise<Array<string | undefined>> {
  const commands = readScript(script, 't.test', TOY.dialect);
  const session = new ScriptSession(TOY, commands, create);
  const out: Array<string | undefined> = [];
  for (let i = 0; i < commands.length; i++) {
    if (commands[i]!.kind !== 'eval') continue;
    out.push(
      await session.runEvalAt(i).then(
        () => undefined,
        (e: Error) => e.message,
      ),
    );
  }
  await session.close();
  return out;
}

test('a case fails on a wrong value, an unexpected error, a missing or different failure, and a missing warning', async () => {
  const script = `load
  up 3

eval instant at 1m up
  up 3

eval instant at 1m up
  up 3.0000001

eval instant at 1m up
  up 3.001

eval instant at 1m boom
  up 3

eval instant at 1m up
  expect fail

eval instant at 1m boom
  expect fail regex: ^boom

eval instant at 1m boom
  expect fail msg: boom

eval instant at 1m down
  expect warn msg: not found
`;
  assert.deepEqual(await outcomes(script), [
    undefined,
    undefined,
    'expected 3.001 for {__name__="up"}, got 3',
    'unexpected error: boom: the query failed',
    'expected the query to fail, but it succeeded',
    undefined,
    'expected error "boom", got "boom: the query failed"',
    'expected a warn annotation "not found", got ["no such series"]',
  ]);
});

test('an instant eval is re-run as a range query whose middle step must agree, unless ordered', async () => {
  const script = 'load\n  up 3\n\neval instant at 5m up\n  up 3\n\neval_ordered instant at 5m up\n  up 3\n\neval range from 0 to 2m step 1m up\n  up 3 3 3\n';
  assert.deepEqual(await outcomes(script, () => toyEngine(1)), ['range mode: expected 3 for {__name__="up"}, got 4', undefined, undefined]);
  assert.deepEqual(await outcomes(script, () => toyEngine(0)), [undefined, undefined, undefined]);
});

test('clear closes the engine and the next eval starts on a new, empty one', async () => {
  const engines: ToyEngine[] = [];
  const results = await outcomes('load\n  up 1\n\neval instant at 0m up\n  up 1\n\nclear\n\neval instant at 0m up\n  expect warn\n', () => {
    engines.push(toyEngine());
    return engines.at(-1)!;
  });
  assert.deepEqual(results, [undefined, undefined]);
  assert.deepEqual(
    engines.map((e) => e.closed),
    [true, true],
  );
});

test('runEval checks one command against an engine directly', async () => {
  const engine = toyEngine();
  engine.values.set('up', 2);
  const [cmd] = readScript('eval range from 0 to 1m step 1m up\n  up 2 2\n', 't.test', TOY.dialect) as Array<EvalCommand<SeriesDescription>>;
  await runEval(TOY, engine, cmd!);
  engine.values.set('up', 5);
  await assert.rejects(runEval(TOY, engine, cmd!), /expected 2 at 0s for \{__name__="up"\}, got 5/);
});

const execFileAsync = promisify(execFile);

test('each eval is its own node:test test named file:line expr; a wrong result fails it, a skip skips it, a bad script fails naming the line', async (t) => {
  const dir = await tempDir(t, 'srcobs-script-harness-');
  const scripts = join(dir, 'scripts');
  await mkdir(scripts);
  await writeFile(join(scripts, 'good.test'), 'load 1m\n  up{job="a"} 1 2 3\n\neval instant at 2m up\n  up{job="a"} 3\n\neval instant at 2m up * 2\n  {job="a"} 7\n\neval range from 0 to 1m step 1m up\n  up{job="a"} 9 9\n');
  await writeFile(join(scripts, 'bad.test'), 'load 1m\n  up 1\n\neval instant at 1m up\n  expect bogus\n');
  const runner = join(dir, 'run.test.mjs');
  const url = (p: string): string => new URL(p, import.meta.url).href;
  await writeFile(
    runner,
    `import { runScripts } from ${JSON.stringify(url('../promql/test-harness/runner.js'))};
import { createInMemoryStore } from ${JSON.stringify(url('../../store/memory/memory-store.js'))};
import { createPromQLEngine } from ${JSON.stringify(url('../promql/eval/engine.js'))};
runScripts(() => {
  const store = createInMemoryStore();
  const engine = createPromQLEngine({ reader: store.metrics });
  return { append: (b) => store.appendMetrics(b), instantQuery: (q, t) => engine.instantQuery(q, t), rangeQuery: (q, s, e, st) => engine.rangeQuery(q, s, e, st) };
}, { dir: ${JSON.stringify(scripts)}, label: 'child', skip: [{ file: 'good.test', line: 10, reason: 'not for this engine' }] });
`,
  );
  // Without the parent runner's NODE_TEST_CONTEXT, the child prints plain TAP instead of reporting to it.
  const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
  const { stdout } = await execFileAsync(process.execPath, ['--test', '--test-reporter=tap', runner], { env }).catch((e: { stdout: string }) => e);
  const lines = stdout.split('\n');
  // `    ok 3 - good.test:10 up # SKIP not for this engine` -> 'ok (skip)'
  const status = (name: string): string | undefined => {
    const line = lines.find((l) => /^\s*(?:not )?ok \d+ - (.*?)(?: # SKIP.*)?$/.exec(l)?.[1] === name);
    return line && `${/^\s*(not ok|ok)/.exec(line)![1]}${line.includes(' # SKIP') ? ' (skip)' : ''}`;
  };
  assert.equal(status('promql script good.test (child)'), 'not ok');
  assert.equal(status('good.test:4 up'), 'ok');
  assert.equal(status('good.test:7 up * 2'), 'not ok');
  assert.equal(status('good.test:10 up'), 'ok (skip)');
  assert.equal(status('bad.test: script syntax'), 'not ok');
  assert.match(stdout, /expected 7 for \{job="a"\}, got 6/);
  assert.match(stdout, /bad\.test:5: invalid expect statement/);
  assert.match(stdout, /# tests 4\n# suites 2\n# pass 1\n# fail 2\n# cancelled 0\n# skipped 1/);
});
